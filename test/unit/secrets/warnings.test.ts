/**
 * The customer warning: content/secrets/warnings.json holds it in every language we serve, and
 * the customer reads their language's text (English when we have none), with the advice to move
 * funds only when a seed phrase or private key was exposed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { secretsWarningsFile } from '../../../src/contracts/secrets-content.ts';
import { languages } from '../../../src/core/conversations/types.ts';
import { secretsWarning, type SecretsWarnings } from '../../../src/core/secrets/warnings.ts';

const file = secretsWarningsFile.parse(JSON.parse(readFileSync('content/secrets/warnings.json', 'utf8')));
const warnings: SecretsWarnings = file.warnings;

describe('content/secrets/warnings.json', () => {
  it('has both texts in each of the 14 languages, each distinct from English', () => {
    expect(Object.keys(file.warnings).sort()).toEqual([...languages].sort());
    for (const language of languages.filter((l) => l !== 'en')) {
      expect(file.warnings[language].removed).not.toBe(file.warnings.en.removed);
      expect(file.warnings[language].moveFunds).not.toBe(file.warnings.en.moveFunds);
    }
  });

  it('mentions 2FA in every language, as the English text does', () => {
    for (const language of languages) expect(file.warnings[language].removed).toContain('2FA');
  });

  it('is rejected when a language is missing', () => {
    const { de: _dropped, ...partial } = file.warnings;
    expect(secretsWarningsFile.safeParse({ ...file, warnings: partial }).success).toBe(false);
  });
});

describe('secretsWarning', () => {
  it('says support never asks, in English', () => {
    expect(secretsWarning(warnings, 'en', ['password'])).toBe(
      'Support never asks for your seed phrase, private keys, passwords or 2FA codes. We removed it from this chat.',
    );
  });

  it('adds the advice to move funds when a seed phrase or private key was exposed', () => {
    const text = secretsWarning(warnings, 'en', ['one_time_code', 'seed_phrase']);
    expect(text).toBe(`${warnings.en.removed} ${warnings.en.moveFunds}`);
    expect(secretsWarning(warnings, 'de', ['private_key'])).toContain('neue Wallet');
  });

  it('joins Chinese and Japanese sentences without a space', () => {
    expect(secretsWarning(warnings, 'zh', ['seed_phrase'])).toBe(`${warnings.zh!.removed}${warnings.zh!.moveFunds}`);
    expect(secretsWarning(warnings, 'ja', ['private_key'])).toBe(`${warnings.ja!.removed}${warnings.ja!.moveFunds}`);
  });

  it('reads a regional tag as its language and falls back to English', () => {
    expect(secretsWarning(warnings, 'pt-BR', ['password'])).toBe(warnings.pt!.removed);
    expect(secretsWarning(warnings, 'zh_TW', ['password'])).toBe(warnings.zh!.removed);
    expect(secretsWarning(warnings, 'it', ['password'])).toBe(warnings.en.removed);
    expect(secretsWarning({ en: warnings.en }, 'ko', ['password'])).toBe(warnings.en.removed);
  });

  it('says nothing when nothing was found', () => {
    expect(secretsWarning(warnings, 'en', [])).toBeNull();
  });
});
