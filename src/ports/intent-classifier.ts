import type { IntentPrediction } from '../core/bot/intents/index.ts';

/**
 * Classifies a customer's message into the intents of content/intents/catalogue.json. Trained
 * (or loaded from a cached model file) at start, then called on every inbound message:
 * synchronous, a fraction of a millisecond, no I/O. `IntentModel` of core/bot/intents implements it.
 */
export interface IntentClassifier {
  /** The intents it can answer, `out_of_scope` among them. */
  readonly labels: readonly string[];
  /** The best intents (three unless asked otherwise) with calibrated confidences, and whether to ask instead. */
  classify(text: string, options?: { topK?: number }): IntentPrediction;
}
