/**
 * The support bot's intent classifier: text → the customer's intent with a calibrated confidence.
 * Pure and synchronous; trained in-process from labelled messages (no model downloads).
 */
export { trainIntentModel, defaultIntentTrainingOptions, holdOut, IntentTrainingError, type IntentTrainingOptions } from './training.ts';
export { IntentModel, outOfScopeIntent, topIntents, type EnsembleMember, type IntentPrediction, type RankedIntent } from './intent-model.ts';
export { encodeIntentModel, decodeIntentModel, ModelFileError } from './model-file.ts';
export { parseExampleFile, parseCsv, ExampleFileError, type IntentExample } from './example-files.ts';
export { scoreIntents, percentile, outOfScopeLabels, type ClassifiedMessage, type IntentScores } from './evaluation.ts';
export { acrossWordsFeatureOptions, defaultFeatureOptions, type FeatureOptions } from './features.ts';
export { defaultHiddenLayerOptions, type HiddenLayerOptions } from './hidden-layer-network.ts';
export { defaultSoftmaxRegressionOptions, type SoftmaxRegressionOptions } from './softmax-regression.ts';
