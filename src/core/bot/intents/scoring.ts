/** What every classifier of intent features shares: its training set and how it scores a message. */
import type { SparseVector } from './features.ts';

/** Feature vectors with their class index, ready for a trainer. */
export interface TrainingSet {
  vectors: readonly SparseVector[];
  labels: Int32Array;
  classes: number;
  features: number;
}

/** A trained classifier over feature vectors: writes one raw score (logit) per class. */
export interface IntentScorer {
  readonly classes: number;
  logits(vector: SparseVector, out: Float64Array): void;
}

/** Turns logits into probabilities in place, dividing by a temperature first (calibration). */
export function softmaxInPlace(logits: Float64Array, temperature = 1): Float64Array {
  let max = -Infinity;
  for (let c = 0; c < logits.length; c += 1) max = Math.max(max, (logits[c] ?? 0) / temperature);
  let sum = 0;
  for (let c = 0; c < logits.length; c += 1) {
    const value = Math.exp((logits[c] ?? 0) / temperature - max);
    logits[c] = value;
    sum += value;
  }
  for (let c = 0; c < logits.length; c += 1) logits[c] = (logits[c] ?? 0) / sum;
  return logits;
}
