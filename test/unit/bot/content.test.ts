/**
 * The bot's shipped content, file by file: a broken or incomplete file fails here, not in a
 * customer's chat. Training phrases for every intent in every language; every text the bot says,
 * in every language, with the same placeholders as the English.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { botTextsFile, intentCatalogueFile, intentTrainingFile } from '../../../src/contracts/content.ts';
import { botTextKeys } from '../../../src/core/bot/texts.ts';
import { languages } from '../../../src/core/conversations/types.ts';

const json = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));
const catalogue = intentCatalogueFile.parse(json('content/intents/catalogue.json'));
const intentIds = catalogue.intents.map((i) => i.id).sort();
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('intent catalogue', () => {
  it.runIf(existsSync('../shared/spec/intents.json'))('has the ids, departments and priorities of the specification', () => {
    const spec = intentCatalogueFile.parse(json('../shared/spec/intents.json'));
    const shape = (c: typeof spec) => c.intents.map(({ id, department, priority }) => ({ id, department, priority }));
    expect(shape(catalogue)).toEqual(shape(spec));
    expect(catalogue.languages).toEqual(spec.languages);
  });
});

describe.each(languages)('training phrases in %s', (language) => {
  const file = intentTrainingFile.parse(json(`content/intents/${language}.json`));

  it('cover every intent of the catalogue, and nothing else', () => {
    expect(file.language).toBe(language);
    expect(Object.keys(file.intents).sort()).toEqual(intentIds);
  });

  it(`have at least ${language === 'en' ? 25 : 10} distinct phrases per intent`, () => {
    for (const [intent, phrases] of Object.entries(file.intents)) {
      expect(phrases.length, intent).toBeGreaterThanOrEqual(language === 'en' ? 25 : 10);
      expect(new Set(phrases.map((p) => p.toLowerCase())).size, intent).toBe(phrases.length);
    }
  });
});

describe.each(languages)('what the bot says in %s', (language) => {
  const english = botTextsFile.parse(json('content/flows/en.json'));
  const file = botTextsFile.parse(json(`content/flows/${language}.json`));

  it('has every text and intent label', () => {
    expect(file.language).toBe(language);
    expect(Object.keys(file.texts).sort()).toEqual([...botTextKeys].sort());
    expect(Object.keys(file.intentLabels).sort()).toEqual(intentIds);
  });

  it('fills the same placeholders as the English text', () => {
    for (const key of botTextKeys) {
      expect(placeholders(file.texts[key] ?? ''), key).toEqual(placeholders(english.texts[key] ?? ''));
    }
  });
});
