/**
 * Seed phrases as customers paste them: every BIP-39 list, numbered, one per line, comma- or
 * dash-separated, shouting, mixed with another language's words, Chinese and Japanese without
 * spaces, with a broken checksum or a typo; and the sentences that must not look like one.
 */
import { describe, expect, it } from 'vitest';
import { guardSecrets } from '../../../src/core/secrets/guard.ts';
import { scanSeedRuns } from '../../../src/core/secrets/seed-phrases.ts';
import { brokenChecksum, mnemonics, wordsOf } from './samples.ts';

const marker = '[redacted: seed phrase]';

function expectPhraseRedacted(text: string, phraseWords: readonly string[]): string {
  const result = guardSecrets(text);
  expect(result.findings.map((f) => f.kind)).toEqual(['seed_phrase']);
  expect(result.text).toContain(marker);
  // No three consecutive words of the phrase survive.
  for (let i = 0; i + 3 <= phraseWords.length; i++) {
    expect(result.text).not.toContain(phraseWords.slice(i, i + 3).join(' '));
  }
  return result.text;
}

describe('seed phrases in every list', () => {
  it.each(Object.entries(mnemonics))('redacts a %s mnemonic inside a message', (_list, phrase) => {
    const text = expectPhraseRedacted(`Hi, it is: ${phrase} — is it OK?`, wordsOf(phrase));
    expect(text).toBe(`Hi, it is: ${marker} — is it OK?`);
  });

  it('reports whether the run is a mnemonic with a valid checksum', () => {
    expect(scanSeedRuns(mnemonics.english)[0]).toMatchObject({ words: 12, checksumValid: true });
    expect(scanSeedRuns(brokenChecksum)[0]).toMatchObject({ words: 12, checksumValid: false });
  });
});

describe('the ways a phrase is written down', () => {
  const words = wordsOf(mnemonics.english24);

  it.each([
    ['numbered "1. word"', words.map((w, i) => `${i + 1}. ${w}`).join(' ')],
    ['numbered "1) word" one per line', words.map((w, i) => `${i + 1}) ${w}`).join('\n')],
    ['one per line', words.join('\n')],
    ['comma-separated capitals', words.map((w) => w.toUpperCase()).join(', ')],
    ['dashes', words.join(' - ')],
    ['mixed case', words.map((w, i) => (i % 2 ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1))).join(' ')],
    ['a grid with tabs', words.map((w, i) => `${i + 1}\t${w}`).join('\t')],
    ['a code block', `\`\`\`\n${words.join(' ')}\n\`\`\``],
    ['slashes', words.join('/')],
    ['"#1 word" lines', words.map((w, i) => `#${i + 1} ${w}`).join('\n')],
  ])('redacts %s', (_how, text) => {
    expectPhraseRedacted(text, words);
  });

  it('redacts a phrase whose checksum fails', () => {
    expectPhraseRedacted(`the app says invalid: ${brokenChecksum}`, wordsOf(brokenChecksum));
  });

  it('redacts a phrase with one mistyped word', () => {
    // Wallets autocomplete on the first four letters, so that is where a typo leaves a word recognisable.
    const typed = mnemonics.english.replace('picture', 'pictre');
    expectPhraseRedacted(`typed from paper: ${typed}`, wordsOf(typed));
  });

  it('redacts Spanish and French phrases typed without accents', () => {
    const stripped = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '');
    expectPhraseRedacted(`frase: ${stripped(mnemonics.french)}`, wordsOf(stripped(mnemonics.french)));
    expectPhraseRedacted(stripped(mnemonics.spanish), wordsOf(stripped(mnemonics.spanish)));
  });

  it('redacts a phrase mixing two lists', () => {
    const mixed = [...wordsOf(mnemonics.english).slice(0, 6), ...wordsOf(mnemonics.spanish).slice(0, 6)];
    expectPhraseRedacted(`words: ${mixed.join(' ')}`, mixed);
  });

  it('redacts Chinese and Japanese phrases written without spaces', () => {
    for (const phrase of [mnemonics.simplifiedChinese, mnemonics.traditionalChinese]) {
      const glued = wordsOf(phrase).join('');
      expect(guardSecrets(`助记词：${glued}`).text).toBe(`助记词：${marker}`);
      expect(guardSecrets(glued).text).toBe(marker);
    }
    const gluedKana = wordsOf(mnemonics.japanese).join('');
    expect(guardSecrets(`シードフレーズ：${gluedKana}です`).text).toBe(`シードフレーズ：${marker}です`);
  });

  it('finds a glued Chinese phrase announced inside a sentence', () => {
    const glued = wordsOf(mnemonics.simplifiedChinese).join('');
    const text = guardSecrets(`我的助记词是${glued}请帮我看看`).text;
    // The phrase may take a few characters of the request after it along: better than leaving its end.
    expect(text).toMatch(/^我的助记词是\[redacted: seed phrase\]\p{Script=Han}{0,5}$/u);
  });

  it('redacts a phrase written in a right-to-left message', () => {
    expectPhraseRedacted(`مرحبا، هذه عبارة الاسترداد الخاصة بي: ${mnemonics.english}`, wordsOf(mnemonics.english));
  });
});

describe('runs that are not phrases', () => {
  it('keeps eleven list words in a row', () => {
    expect(guardSecrets(wordsOf(mnemonics.english).slice(0, 11).join(' ')).findings).toEqual([]);
  });

  it('keeps a twelve-word run of everyday English', () => {
    const text = 'please check account balance, transfer money today, wrong amount, cancel order, thank you';
    expect(scanSeedRuns(text).some((run) => run.words >= 12)).toBe(true);
    expect(guardSecrets(text).findings).toEqual([]);
  });

  it('still redacts a valid mnemonic made mostly of everyday words, inside a sentence', () => {
    // Generated with entropyToMnemonic until seven of its twelve words were everyday English.
    const everydayPhrase = 'frozen there ask ring process version romance feel zebra use like minute';
    expect(guardSecrets(`please help: ${everydayPhrase} thanks`).text).not.toContain('romance feel zebra');
  });

  it('keeps Chinese prose, whose characters are all in the Chinese list', () => {
    for (const text of [
      '你好我昨天充值的USDT到现在还没有到账麻烦帮我查一下是什么原因谢谢',
      '为什么我的杠杆仓位被强制平仓了当时价格根本没有跌到那个位置',
      '我收到了一封郵件說我的帳號有風險需要點擊連結驗證這是你們發的嗎',
    ]) {
      expect(guardSecrets(text).findings).toEqual([]);
    }
  });
});
