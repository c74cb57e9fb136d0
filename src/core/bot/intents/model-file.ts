/**
 * The saved form of an intent model: a JSON header (labels, settings, vocabularies, shapes) and the
 * weights as little-endian float32 blocks. Weights as JSON numbers would be ten times larger and
 * slow to parse; this loads a Banking77-sized model in well under a second.
 */
import { Vectoriser, type FeatureOptions } from './features.ts';
import { HiddenLayerNetwork } from './hidden-layer-network.ts';
import { IntentModel, type EnsembleMember, type IntentModelSettings } from './intent-model.ts';
import { SoftmaxRegression } from './softmax-regression.ts';

const magic = 'RDIM';
// Version 2: several feature views, each member naming the one it reads.
const formatVersion = 2;

/** A model file that cannot be read: wrong kind of file, other version, or truncated. */
export class ModelFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFileError';
  }
}

type Block = [offset: number, length: number];

type MemberHeader =
  | { kind: 'hidden_layer_network'; view: number; weight: number; hidden: number; blocks: Block[] }
  | { kind: 'softmax_regression'; view: number; weight: number; blocks: Block[] };

/** One feature view: its options and fitted vocabulary. */
interface ViewHeader {
  features: FeatureOptions;
  terms: string[];
  wordTermCount: number;
  idf: Block;
}

interface ModelHeader {
  format: 'relaydesk-intent-model';
  version: number;
  labels: string[];
  settings: IntentModelSettings;
  views: ViewHeader[];
  members: MemberHeader[];
}

function assertLittleEndian(): void {
  if (new Uint8Array(new Float32Array([1]).buffer)[3] !== 0x3f) {
    throw new ModelFileError('model files are little-endian; this platform is not');
  }
}

/** Serialises a model to bytes; {@link decodeIntentModel} gives back a model that classifies identically. */
export function encodeIntentModel(model: IntentModel): Uint8Array {
  assertLittleEndian();
  const arrays: Float32Array[] = [];
  let offset = 0;
  const block = (array: Float32Array): Block => {
    arrays.push(array);
    const placed: Block = [offset, array.length];
    offset += array.length;
    return placed;
  };
  const header: ModelHeader = {
    format: 'relaydesk-intent-model',
    version: formatVersion,
    labels: [...model.labels],
    settings: model.settings,
    views: model.views.map(({ state }): ViewHeader => ({
      features: state.options,
      terms: state.terms,
      wordTermCount: state.wordTermCount,
      idf: block(state.idf),
    })),
    members: model.members.map(({ scorer, view, weight }): MemberHeader => {
      if (scorer instanceof HiddenLayerNetwork) {
        const blocks = [scorer.inputWeights, scorer.hiddenBias, scorer.outputWeights, scorer.outputBias].map(block);
        return { kind: 'hidden_layer_network', view, weight, hidden: scorer.hidden, blocks };
      }
      return { kind: 'softmax_regression', view, weight, blocks: [block(scorer.weights), block(scorer.bias)] };
    }),
  };
  const headerText = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(headerText.length / 4) * 4;
  const bytes = new Uint8Array(8 + headerLength + offset * 4);
  bytes.set(new TextEncoder().encode(magic), 0);
  new DataView(bytes.buffer).setUint32(4, headerLength, true);
  bytes.set(headerText, 8);
  bytes.fill(0x20, 8 + headerText.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at += array.byteLength;
  }
  return bytes;
}

/** Reads a model written by {@link encodeIntentModel}. */
export function decodeIntentModel(bytes: Uint8Array): IntentModel {
  assertLittleEndian();
  if (bytes.length < 8 || new TextDecoder().decode(bytes.subarray(0, 4)) !== magic) {
    throw new ModelFileError('not a relaydesk intent model file');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as ModelHeader;
  } catch {
    throw new ModelFileError('the model header is not valid JSON');
  }
  if (header.format !== 'relaydesk-intent-model' || header.version !== formatVersion) {
    throw new ModelFileError(`unsupported model format ${String(header.format)} version ${String(header.version)}`);
  }
  const dataStart = 8 + headerLength;
  const read = ([offset, length]: Block): Float32Array => {
    const from = dataStart + offset * 4;
    if (from + length * 4 > bytes.length) throw new ModelFileError('the model file is truncated');
    // Copying aligns the floats whatever the alignment of the caller's buffer.
    return new Float32Array(bytes.slice(from, from + length * 4).buffer);
  };
  const views = header.views.map(
    (view) => new Vectoriser({ options: view.features, terms: view.terms, idf: read(view.idf), wordTermCount: view.wordTermCount }),
  );
  const classes = header.labels.length;
  const members = header.members.map((member): EnsembleMember => {
    if (!Number.isInteger(member.view) || member.view < 0 || member.view >= views.length) {
      throw new ModelFileError(`an ensemble member reads feature view ${String(member.view)} of ${views.length}`);
    }
    const { view, weight } = member;
    const arrays = member.blocks.map(read);
    const [first, second, third, fourth] = arrays as [Float32Array, Float32Array, Float32Array?, Float32Array?];
    if (member.kind === 'hidden_layer_network' && third && fourth) {
      return { scorer: new HiddenLayerNetwork(member.hidden, classes, first, second, third, fourth), view, weight };
    }
    if (member.kind === 'softmax_regression') return { scorer: new SoftmaxRegression(classes, first, second), view, weight };
    throw new ModelFileError(`unknown ensemble member ${String((member as { kind: unknown }).kind)}`);
  });
  return new IntentModel(header.labels, views, members, header.settings);
}
