import { describe, expect, it } from 'vitest';
import { percentile, scoreIntents } from '../../../../src/core/bot/intents/index.ts';

describe('intent scores', () => {
  it('judge the top intent for accuracy and macro-F1, per language too', () => {
    const scores = scoreIntents([
      { expected: 'a', predicted: 'a', unsure: false, lang: 'en' },
      { expected: 'a', predicted: 'b', unsure: false, lang: 'en' },
      { expected: 'b', predicted: 'b', unsure: true, lang: 'es' },
      { expected: 'b', predicted: 'b', unsure: false, lang: 'es' },
    ]);
    expect(scores.accuracy).toBe(0.75);
    // F1(a) = 2·1/(2+1) = 2/3, F1(b) = 2·2/(2+3) = 4/5.
    expect(scores.macroF1).toBeCloseTo((2 / 3 + 4 / 5) / 2, 12);
    expect(scores.perLanguage).toEqual({ en: { accuracy: 0.5, n: 2 }, es: { accuracy: 1, n: 2 } });
    expect(scores).not.toHaveProperty('oosRecall');
  });

  it('count "unsure" as out of scope for in-scope accuracy and OOS recall, and read oos as out_of_scope', () => {
    const scores = scoreIntents([
      { expected: 'a', predicted: 'a', unsure: false, lang: 'en' },
      { expected: 'a', predicted: 'a', unsure: true, lang: 'en' },
      { expected: 'oos', predicted: 'out_of_scope', unsure: false, lang: 'en' },
      { expected: 'out_of_scope', predicted: 'a', unsure: true, lang: 'en' },
      { expected: 'oos', predicted: 'a', unsure: false, lang: 'en' },
    ]);
    expect(scores.accuracy).toBe(0.6);
    expect(scores.inScopeAccuracy).toBe(0.5);
    expect(scores.oosRecall).toBeCloseTo(2 / 3, 12);
  });

  it('take nearest-rank percentiles', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });
});
