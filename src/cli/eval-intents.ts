/**
 * `relaydesk eval intents --test FILE [--train FILE] [--json]`: accuracy, macro-F1, per-language
 * accuracy, out-of-scope recall and latency of the intent classifier on a labelled file (CSV
 * `text,category` as Banking77 ships, or JSONL `{"text", "intent", "lang"?}`). With `--train` a
 * fresh model is trained on that file alone; without it, the model trained on content/intents.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { chooseLanguage, type LanguageGuesser } from '../core/bot/language.ts';
import {
  encodeIntentModel,
  ExampleFileError,
  IntentTrainingError,
  parseExampleFile,
  percentile,
  scoreIntents,
  trainIntentModel,
  type ClassifiedMessage,
  type IntentExample,
  type IntentModel,
  type IntentScores,
  type IntentTrainingOptions,
} from '../core/bot/intents/index.ts';

/** The `--json` report of `relaydesk eval intents`; accuracies are fractions in [0, 1]. */
export interface IntentsEvalReport extends IntentScores {
  latencyMs: { p50: number; p99: number };
  trainSeconds: number;
}

/** Options of {@link evalIntents}: the command's flags, and what tests and the benchmark may swap. */
export interface EvalIntentsOptions {
  test: string;
  train?: string;
  json: boolean;
  /** Language identification for test lines without `lang` (default: writing system and spelling only). */
  detector?: LanguageGuesser;
  training?: Partial<IntentTrainingOptions>;
}

class EvalInputError extends Error {}

const knowsNothing: LanguageGuesser = { detect: () => ({ language: null, confidence: 0, scores: {} }) };

/** The language of an unlabelled test message: `und` when nothing in the text tells. */
export function languageForReport(text: string, detector: LanguageGuesser = knowsNothing): string {
  const choice = chooseLanguage(text, {}, detector);
  return choice.reason === 'default' ? 'und' : choice.language;
}

async function readExamples(file: string): Promise<IntentExample[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new EvalInputError(`cannot read ${file}: ${reason}`);
  }
  try {
    return parseExampleFile(file, content);
  } catch (err) {
    if (err instanceof ExampleFileError) throw new EvalInputError(`${file}: ${err.message}`);
    throw err;
  }
}

/** Trains on `train` (a labelled file) or, without it, on the shipped content/intents. */
async function trainModel(train: string | undefined, training: Partial<IntentTrainingOptions> = {}): Promise<IntentModel> {
  if (train !== undefined) {
    const examples = await readExamples(train);
    try {
      return trainIntentModel(examples, training);
    } catch (err) {
      if (err instanceof IntentTrainingError) throw new EvalInputError(`${train}: ${err.message}`);
      throw err;
    }
  }
  // Loaded lazily like every command's dependencies (see main.ts), through the composition root.
  const { loadShippedIntentModel } = await import('../compose.ts');
  return (await loadShippedIntentModel({ training, cacheDir: process.env.MODEL_CACHE_DIR ?? join(process.env.DATA_DIR ?? './data', 'models') })).model;
}

/** Every example classified by `model`, with the classification time of each (ms). */
export function classifyAll(
  model: IntentModel,
  examples: readonly IntentExample[],
  detector?: LanguageGuesser,
): { classified: ClassifiedMessage[]; latencies: number[] } {
  // An untimed pass lets the JIT compile the classifier first, as it has in a running server.
  for (const example of examples.slice(0, 200)) model.classify(example.text);
  const latencies: number[] = [];
  const classified = examples.map((example) => {
    const started = performance.now();
    const prediction = model.classify(example.text);
    latencies.push(performance.now() - started);
    return {
      expected: example.intent,
      predicted: prediction.top[0]?.intent ?? '',
      unsure: prediction.unsure,
      lang: example.lang ?? languageForReport(example.text, detector),
    };
  });
  return { classified, latencies };
}

/** Scores and latency percentiles of classified messages. */
export function reportOf(
  classified: readonly ClassifiedMessage[],
  latencies: readonly number[],
  trainSeconds: number,
): IntentsEvalReport {
  return {
    ...scoreIntents(classified),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    trainSeconds,
  };
}

/** A problem with the user's files (exit 2), as opposed to a bug. */
function isInputError(err: unknown): err is Error {
  // IntentContentError is the content adapter's; matched by name as the CLI loads it lazily.
  return err instanceof EvalInputError || (err instanceof Error && err.name === 'IntentContentError');
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

function summary(file: string, trainedOn: string, report: IntentsEvalReport): string {
  const lines = [
    `intent classifier on ${file} (model trained on ${trainedOn} in ${report.trainSeconds.toFixed(1)} s)`,
    `  accuracy     ${percent(report.accuracy)}`,
    `  macro-F1     ${percent(report.macroF1)}`,
    `  n            ${report.n}`,
  ];
  if (report.inScopeAccuracy !== undefined && report.oosRecall !== undefined) {
    lines.push(`  in-scope     ${percent(report.inScopeAccuracy)}`, `  OOS recall   ${percent(report.oosRecall)}`);
  }
  lines.push(`  latency      p50 ${report.latencyMs.p50.toFixed(3)} ms, p99 ${report.latencyMs.p99.toFixed(3)} ms per message`, '', '  language  accuracy      n');
  for (const [lang, score] of Object.entries(report.perLanguage)) {
    lines.push(`  ${lang.padEnd(8)}  ${percent(score.accuracy).padStart(8)}  ${String(score.n).padStart(5)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Evaluates the classifier on `options.test`; returns the exit code: 0, or 2 when a file is
 * missing or malformed (the reason, with the line, goes to `errors`).
 */
export async function evalIntents(
  options: EvalIntentsOptions,
  out: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    const test = await readExamples(options.test);
    const started = performance.now();
    const model = await trainModel(options.train, options.training);
    const trainSeconds = (performance.now() - started) / 1000;
    const { classified, latencies } = classifyAll(model, test, options.detector);
    const report = reportOf(classified, latencies, trainSeconds);
    const trainedOn = options.train === undefined ? 'content/intents' : basename(options.train);
    out.write(options.json ? `${JSON.stringify(report)}\n` : summary(options.test, trainedOn, report));
    return 0;
  } catch (err) {
    if (!isInputError(err)) throw err;
    errors.write(`eval intents: ${err.message}\n`);
    return 2;
  }
}

/**
 * Trains a model on `train` (or the shipped content/intents) and writes it to `output`, for a
 * `relaydesk train intents` command; returns the exit code like {@link evalIntents}.
 */
export async function trainIntents(
  options: { train?: string; output: string; training?: Partial<IntentTrainingOptions> },
  out: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  try {
    const started = performance.now();
    const model = await trainModel(options.train, options.training);
    const bytes = encodeIntentModel(model);
    await writeFile(options.output, bytes);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    out.write(`trained ${model.labels.length} intents in ${seconds} s; wrote ${options.output} (${(bytes.length / 1e6).toFixed(1)} MB)\n`);
    return 0;
  } catch (err) {
    if (!isInputError(err)) throw err;
    errors.write(`train intents: ${err.message}\n`);
    return 2;
  }
}
