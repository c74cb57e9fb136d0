/**
 * The bot's shipped training data: content/intents/catalogue.json (the intents, with a few English
 * examples each) and content/intents/<language>.json (phrases per intent, written by people who
 * speak the language). Every file is validated and every intent id checked against the catalogue,
 * and all problems are reported at once, so a broken file fails at start with a useful message.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { intentCatalogueFile, intentTrainingFile, type IntentCatalogueFile } from '../../contracts/content.ts';
import type { IntentExample } from '../../core/bot/intents/index.ts';
import type { Language } from '../../core/conversations/types.ts';

/** content/intents of this package. */
export const shippedIntentsDir = fileURLToPath(new URL('../../../content/intents', import.meta.url));

/** The shipped intent data as training examples. */
export interface IntentContent {
  catalogue: IntentCatalogueFile;
  /** Catalogue examples (English) and every training phrase, each with its language. */
  examples: IntentExample[];
  /** Languages with a training file. */
  languages: Language[];
  /** Problems that do not stop training: the same phrase under two intents of one language. */
  warnings: string[];
}

/** content/intents cannot be used; `problems` lists every file and field at fault. */
export class IntentContentError extends Error {
  constructor(readonly problems: string[]) {
    super(`content/intents is not valid:\n  ${problems.join('\n  ')}`);
    this.name = 'IntentContentError';
  }
}

const trainingFileName = /^([a-z]{2})\.json$/;

async function readJson<T>(path: string, schema: z.ZodType<T>, problems: string[]): Promise<T | null> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    problems.push(`${path}: ${err instanceof SyntaxError ? `not valid JSON (${err.message})` : (err as Error).message}`);
    return null;
  }
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push(`${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  return null;
}

/** Reads and checks content/intents (or another directory of the same shape). */
export async function loadIntentContent(directory: string = shippedIntentsDir): Promise<IntentContent> {
  const problems: string[] = [];
  const catalogue = await readJson(join(directory, 'catalogue.json'), intentCatalogueFile, problems);
  if (!catalogue) throw new IntentContentError(problems);
  const known = new Set(catalogue.intents.map((intent) => intent.id));
  const examples: IntentExample[] = catalogue.intents.flatMap((intent) =>
    intent.examples.map((text) => ({ text, intent: intent.id, lang: 'en' })),
  );
  const languages: Language[] = [];
  const names = (await readdir(directory)).filter((name) => trainingFileName.test(name)).sort();
  for (const name of names) {
    const path = join(directory, name);
    const file = await readJson(path, intentTrainingFile, problems);
    if (!file) continue;
    if (`${file.language}.json` !== name) problems.push(`${path}: says language "${file.language}" but is named ${name}`);
    for (const [intent, phrases] of Object.entries(file.intents)) {
      if (!known.has(intent)) {
        problems.push(`${path}: intents.${intent}: not in catalogue.json`);
        continue;
      }
      for (const text of phrases) examples.push({ text, intent, lang: file.language });
    }
    languages.push(file.language);
  }
  if (problems.length > 0) throw new IntentContentError(problems);
  const { unique, warnings } = deduplicate(examples);
  return { catalogue, examples: unique, languages, warnings };
}

/** Drops repeated phrases (catalogue examples are often copied into en.json) and notes conflicting ones. */
function deduplicate(examples: readonly IntentExample[]): { unique: IntentExample[]; warnings: string[] } {
  const seen = new Map<string, string>();
  const unique: IntentExample[] = [];
  const warnings: string[] = [];
  for (const example of examples) {
    const key = `${example.lang ?? ''}\u0000${example.text.trim().toLowerCase()}`;
    const intent = seen.get(key);
    if (intent === undefined) {
      seen.set(key, example.intent);
      unique.push(example);
    } else if (intent !== example.intent) {
      warnings.push(`${example.lang ?? '?'}: "${example.text}" is under both ${intent} and ${example.intent}`);
    }
  }
  return { unique, warnings };
}
