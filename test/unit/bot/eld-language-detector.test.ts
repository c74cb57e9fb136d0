/**
 * The eld adapter of the LanguageDetector port: only served languages come out (Indonesian as
 * `id`, never eld's `ms`), texts without language answer null, close pairs answer with low
 * confidence, nothing throws, and its raw accuracy over the benchmark set.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createEldLanguageDetector } from '../../../src/adapters/language/eld-language-detector.ts';
import { languages, type Language } from '../../../src/core/conversations/types.ts';
import type { LanguageDetector } from '../../../src/ports/language.ts';

let detector: LanguageDetector;
beforeAll(async () => {
  detector = await createEldLanguageDetector();
}, 60_000);

describe('eld language detector', () => {
  it('answers Indonesian as id', () => {
    const guess = detector.detect('saya belum menerima deposit saya dari kemarin');
    expect(guess.language).toBe('id');
    expect(Object.keys(guess.scores)).not.toContain('ms');
  });

  it('answers only served languages, even for a language we do not serve', () => {
    const guess = detector.detect('ciao, il mio deposito non è ancora arrivato');
    expect(languages).toContain(guess.language);
    for (const code of Object.keys(guess.scores)) expect(languages).toContain(code);
  });

  it('answers null with no confidence when there is nothing to read', () => {
    for (const text of ['', '   ', '👍🔥', '12345', '!!!']) {
      expect(detector.detect(text)).toEqual({ language: null, confidence: 0, scores: {} });
    }
  });

  it('is less sure of a close pair and of a single short word than of a plain sentence', () => {
    const sentence = detector.detect('my deposit has not arrived yet, can you check it please');
    const russianOrUkrainian = detector.detect('депозит не пришёл');
    const short = detector.detect('ok');
    expect(sentence.language).toBe('en');
    expect(russianOrUkrainian.language).toBe('ru');
    expect(russianOrUkrainian.confidence).toBeLessThan(sentence.confidence);
    expect(short.confidence).toBeLessThan(sentence.confidence);
    for (const guess of [sentence, russianOrUkrainian, short]) {
      expect(guess.confidence).toBeGreaterThanOrEqual(0);
      expect(guess.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('answers the same from a second detector, which shares the loaded database', async () => {
    const another = await createEldLanguageDetector();
    expect(another.detect('mi depósito no ha llegado').language).toBe(detector.detect('mi depósito no ha llegado').language);
  });

  it('never throws, whatever the text', () => {
    const noise = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 0x2fff))).join('');
    for (const text of ['\ud800\udbff', noise, '<script>alert(1)</script>', '\u202eمرحبا\u202c']) {
      expect(() => detector.detect(text)).not.toThrow();
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const guess = detector.detect(text);
        expect(guess.language === null || languages.includes(guess.language)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reads 97% or more of the benchmark set on its own', () => {
    const samples = readFileSync(new URL('../../../bench/data/language-id.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as { language: Language; text: string });
    const right = samples.filter(({ language, text }) => detector.detect(text).language === language).length;
    expect(right / samples.length, `${right}/${samples.length}`).toBeGreaterThanOrEqual(0.97);
  });
});
