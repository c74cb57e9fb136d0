/** The labelled fixtures of test/fixtures/intents, read once per test file. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseExampleFile, type IntentExample } from '../../../../src/core/bot/intents/index.ts';

/** Absolute path of a file in test/fixtures/intents. */
export const fixturePath = (name: string): string => fileURLToPath(new URL(`../../../fixtures/intents/${name}`, import.meta.url));

/** A multilingual (en, es, ru, zh) crypto-support task: 5 intents, out_of_scope among them. */
export const trainingExamples: IntentExample[] = parseExampleFile('train.jsonl', readFileSync(fixturePath('train.jsonl'), 'utf8'));

/** Phrasings the training set does not have; out-of-scope lines are labelled `oos`, as CLINC150 does. */
export const testExamples: IntentExample[] = parseExampleFile('test.jsonl', readFileSync(fixturePath('test.jsonl'), 'utf8'));
