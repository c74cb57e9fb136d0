/**
 * Scores of an intent classifier on a labelled test set, as `relaydesk eval intents` and the
 * benchmark report them.
 */
import { outOfScopeIntent } from './intent-model.ts';

/** Labels that mean "out of scope" in test sets (CLINC150 says `oos`). */
export const outOfScopeLabels: ReadonlySet<string> = new Set(['oos', outOfScopeIntent]);

/** One classified test message. */
export interface ClassifiedMessage {
  expected: string;
  predicted: string;
  unsure: boolean;
  /** Given or detected language. */
  lang: string;
}

/** Accuracy and count of one language's messages. */
export interface LanguageScore {
  accuracy: number;
  n: number;
}

/** The scores of a test run; accuracies are fractions in [0, 1]. */
export interface IntentScores {
  accuracy: number;
  macroF1: number;
  n: number;
  perLanguage: Record<string, LanguageScore>;
  /** Present when the test set has out-of-scope messages. */
  inScopeAccuracy?: number;
  oosRecall?: number;
}

const canonical = (label: string): string => (outOfScopeLabels.has(label) ? outOfScopeIntent : label);

/**
 * Scores predictions. Accuracy, macro-F1 and the per-language figures judge the top intent,
 * whatever its confidence: how well the classifier ranks. When the test set has out-of-scope
 * messages, in-scope accuracy and OOS recall judge what the bot would do: an "unsure" answer
 * counts as out of scope there (the bot asks or hands over rather than acting). Macro-F1
 * averages over the intents present in the test set.
 */
export function scoreIntents(messages: readonly ClassifiedMessage[]): IntentScores {
  const ranked = messages.map((message) => ({
    expected: canonical(message.expected),
    predicted: canonical(message.predicted),
    lang: message.lang,
  }));
  const correct = (message: { expected: string; predicted: string }): boolean => message.expected === message.predicted;
  const fraction = (subset: readonly { expected: string; predicted: string }[]): number =>
    subset.length === 0 ? 0 : subset.filter(correct).length / subset.length;
  const perLanguage: Record<string, LanguageScore> = {};
  for (const lang of [...new Set(ranked.map((message) => message.lang))].sort()) {
    const subset = ranked.filter((message) => message.lang === lang);
    perLanguage[lang] = { accuracy: fraction(subset), n: subset.length };
  }
  const scores: IntentScores = { accuracy: fraction(ranked), macroF1: macroF1(ranked), n: ranked.length, perLanguage };
  if (ranked.some((message) => message.expected === outOfScopeIntent)) {
    const decided = messages.map((message, i) => ({
      expected: ranked[i]?.expected ?? '',
      predicted: message.unsure ? outOfScopeIntent : (ranked[i]?.predicted ?? ''),
    }));
    scores.inScopeAccuracy = fraction(decided.filter((message) => message.expected !== outOfScopeIntent));
    scores.oosRecall = fraction(decided.filter((message) => message.expected === outOfScopeIntent));
  }
  return scores;
}

function macroF1(messages: readonly { expected: string; predicted: string }[]): number {
  const truePositives = new Map<string, number>();
  const expectedCount = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string): void => {
    map.set(key, (map.get(key) ?? 0) + 1);
  };
  for (const { expected, predicted } of messages) {
    bump(expectedCount, expected);
    bump(predictedCount, predicted);
    if (expected === predicted) bump(truePositives, expected);
  }
  if (expectedCount.size === 0) return 0;
  let sum = 0;
  for (const [label, expected] of expectedCount) {
    const hits = truePositives.get(label) ?? 0;
    const predicted = predictedCount.get(label) ?? 0;
    sum += hits === 0 ? 0 : (2 * hits) / (expected + predicted);
  }
  return sum / expectedCount.size;
}

/** The p-th percentile (0–100) of samples, by nearest rank; 0 for no samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? 0;
}
