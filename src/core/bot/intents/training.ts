/**
 * Training an intent model from labelled messages: fit each feature view, train the ensemble's
 * members on every view, fit the calibration temperature on a held-out slice, then (by default)
 * train again on every message.
 */
import type { IntentExample } from './example-files.ts';
import { defaultFeatureOptions, Vectoriser, type FeatureOptions } from './features.ts';
import { fitTemperature } from './calibration.ts';
import { defaultHiddenLayerOptions, trainHiddenLayerNetwork, type HiddenLayerOptions } from './hidden-layer-network.ts';
import { IntentModel, type EnsembleMember } from './intent-model.ts';
import { SeededRandom } from './random.ts';
import type { TrainingSet } from './scoring.ts';
import { defaultSoftmaxRegressionOptions, trainSoftmaxRegression, type SoftmaxRegressionOptions } from './softmax-regression.ts';

/** Everything that shapes a trained model; every field has a measured default. */
export interface IntentTrainingOptions {
  /** Feature views of the text; every view gets its own networks and linear member. */
  views: FeatureOptions[];
  /** Hidden-layer networks per view, one per seed (none: linear models only). */
  networkSeeds: number[];
  network: Omit<HiddenLayerOptions, 'seed'>;
  /** The linear member of each view, or null for none. */
  linear: SoftmaxRegressionOptions | null;
  /** Weight of a linear member in the average; each network weighs 1. */
  linearWeight: number;
  /** Share of each intent's messages held out to fit the temperature (0: no calibration). */
  calibrationFraction: number;
  /** Train again on every message once the temperature is known (twice the time, a little more accuracy). */
  refit: boolean;
  /** A calibrated top confidence below this answers "unsure". */
  unsureBelow: number;
  /** Seed of the calibration split. */
  seed: number;
}

/**
 * Defaults measured on Banking77 and CLINC150 validation splits (bench/intents.ts). One view: a
 * second one (`acrossWordsFeatureOptions`, features.ts) adds 0.15–0.5 points on three Banking77 splits,
 * 0.5 on CLINC150 and 0.4 on the catalogue, but more than doubles training time, model size and
 * latency (BENCHMARKS.md); pass `views` to trade them.
 */
export const defaultIntentTrainingOptions: IntentTrainingOptions = {
  views: [defaultFeatureOptions],
  networkSeeds: [1],
  network: defaultHiddenLayerOptions,
  linear: defaultSoftmaxRegressionOptions,
  linearWeight: 0.5,
  calibrationFraction: 0.1,
  refit: true,
  unsureBelow: 0.4,
  seed: 1,
};

/** The examples cannot train a model (fewer than two intents, or no ensemble member). */
export class IntentTrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntentTrainingError';
  }
}

// Fewer held-out messages than this give a temperature that is more noise than fit.
const fewestCalibrationMessages = 30;

/** Trains an intent model; the same examples and options always give the same model. */
export function trainIntentModel(
  examples: readonly IntentExample[],
  options: Partial<IntentTrainingOptions> = {},
): IntentModel {
  const settings: IntentTrainingOptions = { ...defaultIntentTrainingOptions, ...options };
  const labels = [...new Set(examples.map((example) => example.intent))].sort();
  if (labels.length < 2) throw new IntentTrainingError(`need examples of at least two intents, got ${labels.length}`);
  if (settings.views.length === 0 || (settings.networkSeeds.length === 0 && settings.linear === null)) {
    throw new IntentTrainingError('the ensemble has no member');
  }
  const held = holdOut(examples, settings.calibrationFraction, settings.seed);
  if (held.calibration.length < fewestCalibrationMessages || held.fit.length === 0) {
    return fitModel(examples, labels, settings, 1);
  }
  const provisional = fitModel(held.fit, labels, settings, 1);
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const logProbabilities = held.calibration.map((example) => provisional.mixtureLogProbabilities(example.text));
  const temperature = fitTemperature(
    logProbabilities,
    held.calibration.map((example) => labelIndex.get(example.intent) ?? 0),
  );
  if (!settings.refit) return new IntentModel(labels, provisional.views, provisional.members, { ...provisional.settings, temperature });
  return fitModel(examples, labels, settings, temperature);
}

function fitModel(
  examples: readonly IntentExample[],
  labels: readonly string[],
  settings: IntentTrainingOptions,
  temperature: number,
): IntentModel {
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const classLabels = Int32Array.from(examples, (example) => labelIndex.get(example.intent) ?? 0);
  const views: Vectoriser[] = [];
  const members: EnsembleMember[] = [];
  for (const [view, features] of settings.views.entries()) {
    const vectoriser = Vectoriser.fit(
      examples.map((example) => example.text),
      features,
    );
    views.push(vectoriser);
    members.push(...trainMembers(vectoriser, examples, classLabels, labels.length, settings).map((member) => ({ ...member, view })));
  }
  return new IntentModel(labels, views, members, { temperature, unsureBelow: settings.unsureBelow });
}

/** The networks and the linear model of one feature view. */
function trainMembers(
  vectoriser: Vectoriser,
  examples: readonly IntentExample[],
  labels: Int32Array,
  classes: number,
  settings: IntentTrainingOptions,
): Omit<EnsembleMember, 'view'>[] {
  const set: TrainingSet = {
    vectors: examples.map((example) => vectoriser.transform(example.text)),
    labels,
    classes,
    features: vectoriser.size,
  };
  const members: Omit<EnsembleMember, 'view'>[] = settings.networkSeeds.map((seed) => ({
    scorer: trainHiddenLayerNetwork(set, { ...settings.network, seed }),
    weight: 1,
  }));
  if (settings.linear) members.push({ scorer: trainSoftmaxRegression(set, settings.linear), weight: settings.linearWeight });
  return members;
}

/** A stratified split: `fraction` of every intent's messages (rounded down) go to calibration. */
export function holdOut<T extends { intent: string }>(
  examples: readonly T[],
  fraction: number,
  seed: number,
): { fit: T[]; calibration: T[] } {
  const byIntent = new Map<string, T[]>();
  for (const example of examples) {
    const group = byIntent.get(example.intent) ?? [];
    group.push(example);
    byIntent.set(example.intent, group);
  }
  const random = new SeededRandom(seed);
  const fit: T[] = [];
  const calibration: T[] = [];
  for (const intent of [...byIntent.keys()].sort()) {
    const group = random.shuffle([...(byIntent.get(intent) ?? [])]);
    const held = Math.floor(group.length * fraction);
    calibration.push(...group.slice(0, held));
    fit.push(...group.slice(held));
  }
  return { fit, calibration };
}
