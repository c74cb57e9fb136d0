/**
 * Intent model files on disk: save and load a trained model, and the shipped model cached by the
 * content it was trained on, so a restart with unchanged content/intents loads in a second
 * instead of training again.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeIntentModel,
  defaultIntentTrainingOptions,
  encodeIntentModel,
  trainIntentModel,
  type IntentModel,
  type IntentExample,
  type IntentTrainingOptions,
} from '../../core/bot/intents/index.ts';
import { loadIntentContent, shippedIntentsDir, type IntentContent } from './intent-content.ts';

/** Writes a model file (atomically: a reader never sees half a file). */
export async function saveIntentModel(path: string, model: IntentModel): Promise<void> {
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, encodeIntentModel(model));
  await rename(partial, path);
}

/** Reads a model file written by {@link saveIntentModel}. */
export async function readIntentModel(path: string): Promise<IntentModel> {
  return decodeIntentModel(new Uint8Array(await readFile(path)));
}

/** The shipped model, and whether it was trained now or read from the cache. */
export interface ShippedIntentModel {
  model: IntentModel;
  content: IntentContent;
  trainedNow: boolean;
  seconds: number;
}

/** Where the shipped data lives, where trained models are cached (null: never cache), how to train. */
export interface ShippedModelOptions {
  contentDir?: string;
  cacheDir?: string | null;
  training?: Partial<IntentTrainingOptions>;
  /** Labelled examples beyond content/intents (agents' corrections, an exchange's own history). */
  extraExamples?: readonly IntentExample[];
}

/** The model trained on content/intents: read from `cacheDir` when the content and options are unchanged. */
export async function loadShippedIntentModel(options: ShippedModelOptions = {}): Promise<ShippedIntentModel> {
  const started = performance.now();
  const directory = options.contentDir ?? shippedIntentsDir;
  const content = await loadIntentContent(directory);
  const cacheDir = options.cacheDir ?? null;
  const extra = options.extraExamples ?? [];
  const cached = cacheDir ? join(cacheDir, `intent-model-${await contentKey(directory, options.training ?? {}, extra)}.bin`) : null;
  if (cached) {
    try {
      const model = await readIntentModel(cached);
      return { model, content, trainedNow: false, seconds: (performance.now() - started) / 1000 };
    } catch {
      // No cached model (or an unreadable one): train below.
    }
  }
  const model = trainIntentModel([...content.examples, ...extra], options.training);
  if (cacheDir && cached) {
    await mkdir(cacheDir, { recursive: true });
    await saveIntentModel(cached, model);
  }
  return { model, content, trainedNow: true, seconds: (performance.now() - started) / 1000 };
}

// Resolved options (defaults included) are part of the key, so new defaults retrain. Bump this
// when the trainer changes in a way options do not show.
const trainerVersion = 'intents-4';

async function contentKey(directory: string, training: Partial<IntentTrainingOptions>, extra: readonly IntentExample[]): Promise<string> {
  const resolved = { ...defaultIntentTrainingOptions, ...training };
  const hash = createHash('sha256').update(trainerVersion).update(JSON.stringify(resolved)).update(JSON.stringify(extra));
  for (const name of (await readdir(directory)).filter((file) => file.endsWith('.json')).sort()) {
    hash.update(name).update(await readFile(join(directory, name)));
  }
  return hash.digest('hex').slice(0, 16);
}
