/**
 * A network with one hidden ReLU layer over sparse TF-IDF features. Its first layer is a table of
 * rows, one per feature, like word embeddings: a message sums the rows of its few hundred
 * features, and training updates only those rows (lazy Adam), which keeps a JavaScript trainer
 * fast. Dropout on the hidden layer is what makes it beat a linear model on short messages.
 */
import type { SparseVector } from './features.ts';
import { SeededRandom } from './random.ts';
import { softmaxInPlace, type IntentScorer, type TrainingSet } from './scoring.ts';

/** Hyper-parameters of {@link trainHiddenLayerNetwork}. */
export interface HiddenLayerOptions {
  hidden: number;
  epochs: number;
  /** Small training sets get more epochs, up to this many mini-batch updates in all. */
  minimumUpdates: number;
  batchSize: number;
  learningRate: number;
  /** Probability of dropping each hidden unit while training. */
  dropout: number;
  /** Probability of dropping each input feature while training (noise that stops memorising phrases). */
  inputDropout: number;
  /** Mixes the one-hot target with a uniform one; keeps the network from growing overconfident. */
  labelSmoothing: number;
  /** Standard deviation of the initial input rows. */
  initialScale: number;
  seed: number;
}

/** Defaults measured on the Banking77 and CLINC150 validation splits (bench/intents.ts). */
export const defaultHiddenLayerOptions: HiddenLayerOptions = {
  hidden: 128,
  epochs: 10,
  minimumUpdates: 500,
  batchSize: 32,
  learningRate: 2e-3,
  dropout: 0.5,
  inputDropout: 0,
  labelSmoothing: 0,
  initialScale: 0.1,
  seed: 1,
};

/** The trained network: input rows (features × hidden), hidden bias, output weights (hidden × classes), output bias. */
export class HiddenLayerNetwork implements IntentScorer {
  readonly kind = 'hidden_layer_network';
  // Reused by every call of logits(): classification allocates nothing per hidden layer.
  private readonly activations: Float32Array;

  constructor(
    readonly hidden: number,
    readonly classes: number,
    readonly inputWeights: Float32Array,
    readonly hiddenBias: Float32Array,
    readonly outputWeights: Float32Array,
    readonly outputBias: Float32Array,
  ) {
    this.activations = new Float32Array(hidden);
  }

  /** Hidden activations before ReLU for a message. */
  preActivation(vector: SparseVector, out: Float32Array): void {
    const hidden = this.hidden;
    out.set(this.hiddenBias);
    const { indices, values } = vector;
    const weights = this.inputWeights;
    for (let k = 0; k < indices.length; k += 1) {
      const row = (indices[k] ?? 0) * hidden;
      const x = values[k] ?? 0;
      for (let h = 0; h < hidden; h += 1) out[h] = (out[h] ?? 0) + x * (weights[row + h] ?? 0);
    }
  }

  /** Output logits from hidden activations (already rectified and, in training, dropped out). */
  output(activations: Float32Array, out: Float64Array): void {
    const { classes, hidden, outputWeights } = this;
    for (let c = 0; c < classes; c += 1) out[c] = this.outputBias[c] ?? 0;
    for (let h = 0; h < hidden; h += 1) {
      const a = activations[h] ?? 0;
      if (a === 0) continue;
      const row = h * classes;
      for (let c = 0; c < classes; c += 1) out[c] = (out[c] ?? 0) + a * (outputWeights[row + c] ?? 0);
    }
  }

  logits(vector: SparseVector, out: Float64Array): void {
    const activations = this.activations;
    this.preActivation(vector, activations);
    for (let h = 0; h < this.hidden; h += 1) if ((activations[h] ?? 0) < 0) activations[h] = 0;
    this.output(activations, out);
  }
}

/** Adam's moment estimates for one parameter array. */
class AdamMoments {
  readonly first: Float32Array;
  readonly second: Float32Array;

  constructor(size: number) {
    this.first = new Float32Array(size);
    this.second = new Float32Array(size);
  }

  /** Applies one Adam step to `params[from..from+length)` with gradients `gradients[gradientFrom..]`. */
  step(params: Float32Array, gradients: Float32Array, from: number, length: number, gradientFrom: number, rate: number): void {
    const { first, second } = this;
    for (let i = 0; i < length; i += 1) {
      const at = from + i;
      const g = gradients[gradientFrom + i] ?? 0;
      const m = 0.9 * (first[at] ?? 0) + 0.1 * g;
      const v = 0.999 * (second[at] ?? 0) + 0.001 * g * g;
      first[at] = m;
      second[at] = v;
      params[at] = (params[at] ?? 0) - (rate * m) / (Math.sqrt(v) + 1e-8);
    }
  }
}

/** Gradients of one mini-batch; the input rows' gradients are kept only for rows the batch touched. */
class BatchGradients {
  readonly slotOfRow: Int32Array;
  readonly touchedRows: number[] = [];
  rowGradients: Float32Array;
  readonly hiddenBias: Float32Array;
  readonly outputWeights: Float32Array;
  readonly outputBias: Float32Array;

  constructor(
    features: number,
    readonly hidden: number,
    classes: number,
  ) {
    this.slotOfRow = new Int32Array(features).fill(-1);
    this.rowGradients = new Float32Array(hidden * 1024);
    this.hiddenBias = new Float32Array(hidden);
    this.outputWeights = new Float32Array(hidden * classes);
    this.outputBias = new Float32Array(classes);
  }

  /** The offset of a feature row's gradient, claiming a slot the first time the batch touches it. */
  rowOffset(row: number): number {
    let slot = this.slotOfRow[row] ?? -1;
    if (slot < 0) {
      slot = this.touchedRows.length;
      this.touchedRows.push(row);
      this.slotOfRow[row] = slot;
      if ((slot + 1) * this.hidden > this.rowGradients.length) {
        const grown = new Float32Array(this.rowGradients.length * 2);
        grown.set(this.rowGradients);
        this.rowGradients = grown;
      }
    }
    return slot * this.hidden;
  }

  clear(): void {
    for (const row of this.touchedRows) this.slotOfRow[row] = -1;
    this.rowGradients.fill(0, 0, this.touchedRows.length * this.hidden);
    this.touchedRows.length = 0;
    this.hiddenBias.fill(0);
    this.outputWeights.fill(0);
    this.outputBias.fill(0);
  }
}

/** Scratch arrays reused for every example, so training allocates nothing per message. */
interface Scratch {
  activations: Float32Array;
  hiddenGradient: Float32Array;
  probabilities: Float64Array;
  kept: Int32Array;
}

/** Trains a {@link HiddenLayerNetwork} with mini-batch lazy Adam; deterministic for a given set and seed. */
export function trainHiddenLayerNetwork(
  set: TrainingSet,
  options: HiddenLayerOptions = defaultHiddenLayerOptions,
): HiddenLayerNetwork {
  const random = new SeededRandom(options.seed);
  const network = initialiseNetwork(set, options, random);
  const { hidden, classes } = network;
  const gradients = new BatchGradients(set.features, hidden, classes);
  const moments = {
    input: new AdamMoments(network.inputWeights.length),
    hiddenBias: new AdamMoments(hidden),
    outputWeights: new AdamMoments(hidden * classes),
    outputBias: new AdamMoments(classes),
  };
  const longest = set.vectors.reduce((most, vector) => Math.max(most, vector.indices.length), 0);
  const scratch: Scratch = {
    activations: new Float32Array(hidden),
    hiddenGradient: new Float32Array(hidden),
    probabilities: new Float64Array(classes),
    kept: new Int32Array(longest),
  };
  const order = Array.from(set.vectors.keys());
  const batchesPerEpoch = Math.ceil(order.length / options.batchSize);
  const epochs = Math.max(options.epochs, Math.ceil(options.minimumUpdates / Math.max(1, batchesPerEpoch)));
  let step = 0;
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    random.shuffle(order);
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      for (const example of batch) {
        const vector = set.vectors[example] as SparseVector;
        accumulateExample(network, vector, set.labels[example] ?? 0, gradients, scratch, random, options, 1 / batch.length);
      }
      step += 1;
      const rate = (options.learningRate * Math.sqrt(1 - 0.999 ** step)) / (1 - 0.9 ** step);
      for (const row of gradients.touchedRows) {
        const slot = gradients.slotOfRow[row] ?? 0;
        moments.input.step(network.inputWeights, gradients.rowGradients, row * hidden, hidden, slot * hidden, rate);
      }
      moments.hiddenBias.step(network.hiddenBias, gradients.hiddenBias, 0, hidden, 0, rate);
      moments.outputWeights.step(network.outputWeights, gradients.outputWeights, 0, hidden * classes, 0, rate);
      moments.outputBias.step(network.outputBias, gradients.outputBias, 0, classes, 0, rate);
      gradients.clear();
    }
  }
  return network;
}

function initialiseNetwork(set: TrainingSet, options: HiddenLayerOptions, random: SeededRandom): HiddenLayerNetwork {
  const { features, classes } = set;
  const { hidden, initialScale } = options;
  const inputWeights = new Float32Array(features * hidden);
  for (let i = 0; i < inputWeights.length; i += 1) inputWeights[i] = random.gaussian() * initialScale;
  const outputWeights = new Float32Array(hidden * classes);
  const outputScale = Math.sqrt(2 / hidden);
  for (let i = 0; i < outputWeights.length; i += 1) outputWeights[i] = random.gaussian() * outputScale;
  return new HiddenLayerNetwork(hidden, classes, inputWeights, new Float32Array(hidden), outputWeights, new Float32Array(classes));
}

function accumulateExample(
  network: HiddenLayerNetwork,
  vector: SparseVector,
  label: number,
  gradients: BatchGradients,
  scratch: Scratch,
  random: SeededRandom,
  options: HiddenLayerOptions,
  batchScale: number,
): void {
  const { hidden, classes, inputWeights, outputWeights } = network;
  const { activations, hiddenGradient, probabilities, kept } = scratch;
  const { indices, values } = vector;
  const inputScale = 1 / (1 - options.inputDropout);
  let keptCount = 0;
  activations.set(network.hiddenBias);
  for (let k = 0; k < indices.length; k += 1) {
    if (options.inputDropout > 0 && random.next() < options.inputDropout) continue;
    kept[keptCount] = k;
    keptCount += 1;
    const row = (indices[k] ?? 0) * hidden;
    const x = (values[k] ?? 0) * inputScale;
    for (let h = 0; h < hidden; h += 1) activations[h] = (activations[h] ?? 0) + x * (inputWeights[row + h] ?? 0);
  }
  const hiddenScale = 1 / (1 - options.dropout);
  for (let h = 0; h < hidden; h += 1) {
    const a = activations[h] ?? 0;
    activations[h] = a > 0 && (options.dropout === 0 || random.next() >= options.dropout) ? a * hiddenScale : 0;
  }
  network.output(activations, probabilities);
  softmaxInPlace(probabilities);
  const smoothing = options.labelSmoothing / classes;
  for (let c = 0; c < classes; c += 1) {
    const target = (c === label ? 1 - options.labelSmoothing : 0) + smoothing;
    const gradient = ((probabilities[c] ?? 0) - target) * batchScale;
    probabilities[c] = gradient;
    gradients.outputBias[c] = (gradients.outputBias[c] ?? 0) + gradient;
  }
  for (let h = 0; h < hidden; h += 1) {
    const a = activations[h] ?? 0;
    if (a === 0) {
      hiddenGradient[h] = 0;
      continue;
    }
    const row = h * classes;
    let back = 0;
    for (let c = 0; c < classes; c += 1) {
      const gradient = probabilities[c] ?? 0;
      gradients.outputWeights[row + c] = (gradients.outputWeights[row + c] ?? 0) + a * gradient;
      back += gradient * (outputWeights[row + c] ?? 0);
    }
    const delta = back * hiddenScale;
    hiddenGradient[h] = delta;
    gradients.hiddenBias[h] = (gradients.hiddenBias[h] ?? 0) + delta;
  }
  for (let j = 0; j < keptCount; j += 1) {
    const k = kept[j] ?? 0;
    const offset = gradients.rowOffset(indices[k] ?? 0);
    const x = (values[k] ?? 0) * inputScale;
    const rows = gradients.rowGradients;
    for (let h = 0; h < hidden; h += 1) rows[offset + h] = (rows[offset + h] ?? 0) + x * (hiddenGradient[h] ?? 0);
  }
}
