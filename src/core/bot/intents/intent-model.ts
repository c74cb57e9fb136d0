/**
 * A trained intent model: one or more feature views of the text, an ensemble of classifiers over
 * them whose probabilities are averaged, a calibration temperature, and the confidence below
 * which the bot should ask rather than act.
 */
import type { SparseVector, Vectoriser } from './features.ts';
import type { HiddenLayerNetwork } from './hidden-layer-network.ts';
import { softmaxInPlace } from './scoring.ts';
import type { SoftmaxRegression } from './softmax-regression.ts';

/** The intent for messages the bot does not handle: a class trained like any other. */
export const outOfScopeIntent = 'out_of_scope';

/** One intent with its calibrated probability. */
export interface RankedIntent {
  intent: string;
  confidence: number;
}

/** What the classifier answers for a message. */
export interface IntentPrediction {
  /** Most probable intents first (three unless asked otherwise); confidences are calibrated. */
  top: RankedIntent[];
  /** The best confidence is below the model's threshold: ask a clarifying question with `top`. */
  unsure: boolean;
}

/** A member of the ensemble, the feature view it reads and its weight in the average. */
export interface EnsembleMember {
  scorer: SoftmaxRegression | HiddenLayerNetwork;
  /** Index of the member's vectoriser in the model's `views`. */
  view: number;
  weight: number;
}

/** Calibration and decision settings of a model. */
export interface IntentModelSettings {
  /** Divides log-probabilities (fitted on held-out training messages; 1 when there were too few). */
  temperature: number;
  /** A top confidence below this makes the answer "unsure". */
  unsureBelow: number;
}

/** A trained, immutable intent classifier; classify() is synchronous and allocation-light. */
export class IntentModel {
  constructor(
    readonly labels: readonly string[],
    readonly views: readonly Vectoriser[],
    readonly members: readonly EnsembleMember[],
    readonly settings: IntentModelSettings,
  ) {}

  /** Calibrated probability of every label (in `labels` order) for a message; they sum to 1. */
  probabilities(text: string): Float64Array {
    return softmaxInPlace(this.mixtureLogProbabilities(text), this.settings.temperature);
  }

  /** Log of the weighted average of the members' probabilities, before calibration. */
  mixtureLogProbabilities(text: string): Float64Array {
    const vectors: SparseVector[] = this.views.map((view) => view.transform(text));
    const classes = this.labels.length;
    const mixture = new Float64Array(classes);
    const member = new Float64Array(classes);
    let totalWeight = 0;
    for (const { scorer, view, weight } of this.members) {
      scorer.logits(vectors[view] as SparseVector, member);
      softmaxInPlace(member);
      for (let c = 0; c < classes; c += 1) mixture[c] = (mixture[c] ?? 0) + weight * (member[c] ?? 0);
      totalWeight += weight;
    }
    for (let c = 0; c < classes; c += 1) mixture[c] = Math.log(Math.max((mixture[c] ?? 0) / totalWeight, 1e-12));
    return mixture;
  }

  /** The most probable intents of a message and whether the model is too unsure to act on them. */
  classify(text: string, options: { topK?: number } = {}): IntentPrediction {
    const probabilities = this.probabilities(text);
    const top = topIntents(this.labels, probabilities, options.topK ?? 3);
    return { top, unsure: (top[0]?.confidence ?? 0) < this.settings.unsureBelow };
  }

  /** The same model with another confidence threshold (e.g. chosen on a validation set). */
  withUnsureBelow(unsureBelow: number): IntentModel {
    return new IntentModel(this.labels, this.views, this.members, { ...this.settings, unsureBelow });
  }
}

/** The k labels with the highest probabilities, best first (ties keep label order). */
export function topIntents(labels: readonly string[], probabilities: Float64Array, k: number): RankedIntent[] {
  const best: RankedIntent[] = [];
  for (let c = 0; c < labels.length; c += 1) {
    const confidence = probabilities[c] ?? 0;
    if (best.length === k && confidence <= (best[k - 1]?.confidence ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.confidence ?? 0) < confidence) at -= 1;
    best.splice(at, 0, { intent: labels[c] ?? '', confidence });
    if (best.length > k) best.pop();
  }
  return best;
}
