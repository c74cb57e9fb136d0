import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IntentContentError, loadIntentContent } from '../../../../src/adapters/content/intent-content.ts';
import { departments } from '../../../../src/core/conversations/types.ts';
import { loadShippedIntentModel, readIntentModel, saveIntentModel } from '../../../../src/adapters/content/intent-model-files.ts';

const catalogue = {
  about: 'test catalogue',
  languages: ['en', 'es'],
  departments: Object.fromEntries(departments.map((department) => [department, department])),
  intents: [
    { id: 'deposit_not_credited', department: 'deposits', priority: 'normal', description: 'Deposit missing', examples: ['my deposit is missing'] },
    { id: 'greeting', department: 'general', priority: 'low', description: 'Hello', examples: ['hello'] },
    { id: 'out_of_scope', department: 'general', priority: 'low', description: 'Other', examples: ['tell me a joke'] },
  ],
};

const directories: string[] = [];

async function contentDir(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'relaydesk-intents-'));
  directories.push(dir);
  for (const [name, value] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof value === 'string' ? value : JSON.stringify(value));
  }
  return dir;
}

afterEach(async () => {
  await Promise.all(directories.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function problemsOf(dir: string): Promise<string[]> {
  try {
    await loadIntentContent(dir);
  } catch (err) {
    if (err instanceof IntentContentError) return err.problems;
    throw err;
  }
  return [];
}

describe('intent content', () => {
  it('gives the catalogue examples as English and every training phrase with its language, without repeats', async () => {
    const dir = await contentDir({
      'catalogue.json': catalogue,
      'es.json': { language: 'es', intents: { deposit_not_credited: ['mi depósito no llegó'], greeting: ['hola', 'buenas'] } },
      'en.json': { language: 'en', intents: { greeting: ['hello', 'hi there'] } },
      'notes.txt': 'not a training file',
    });
    const content = await loadIntentContent(dir);
    expect(content.languages).toEqual(['en', 'es']);
    expect(content.examples).toContainEqual({ text: 'mi depósito no llegó', intent: 'deposit_not_credited', lang: 'es' });
    expect(content.examples).toContainEqual({ text: 'tell me a joke', intent: 'out_of_scope', lang: 'en' });
    expect(content.examples.filter((example) => example.text === 'hello')).toHaveLength(1);
    expect(content.examples).toHaveLength(3 + 1 + 3);
  });

  it('reports every unknown intent, misnamed file and schema problem at once', async () => {
    const dir = await contentDir({
      'catalogue.json': catalogue,
      'es.json': { language: 'es', intents: { deposit_not_credited: ['hola'], card_arrival: ['¿dónde está mi tarjeta?'] } },
      'fr.json': { language: 'de', intents: { greeting: ['hallo'] } },
      'ru.json': { language: 'ru', intents: { greeting: [] } },
      'tr.json': '{ not json',
    });
    const problems = await problemsOf(dir);
    expect(problems.some((problem) => /es\.json: intents\.card_arrival: not in catalogue\.json/.test(problem))).toBe(true);
    expect(problems.some((problem) => /fr\.json: says language "de"/.test(problem))).toBe(true);
    expect(problems.some((problem) => /ru\.json: intents\.greeting/.test(problem))).toBe(true);
    expect(problems.some((problem) => /tr\.json: not valid JSON/.test(problem))).toBe(true);
  });

  it('warns when one language files the same phrase under two intents', async () => {
    const dir = await contentDir({
      'catalogue.json': catalogue,
      'en.json': { language: 'en', intents: { out_of_scope: ['Hello'] } },
    });
    const content = await loadIntentContent(dir);
    expect(content.warnings).toEqual(['en: "Hello" is under both greeting and out_of_scope']);
  });

  it('fails with the catalogue problem when catalogue.json is invalid', async () => {
    const dir = await contentDir({ 'catalogue.json': { ...catalogue, intents: [] } });
    expect((await problemsOf(dir))[0]).toMatch(/catalogue\.json: intents/);
  });
});

describe('intent model files', () => {
  it('cache the shipped model by content, and retrain when the content changes', async () => {
    const dir = await contentDir({
      'catalogue.json': catalogue,
      'en.json': { language: 'en', intents: { greeting: ['hi there', 'good morning'], deposit_not_credited: ['deposit not credited'] } },
    });
    const cacheDir = join(dir, 'cache');
    const first = await loadShippedIntentModel({ contentDir: dir, cacheDir });
    expect(first.trainedNow).toBe(true);
    const second = await loadShippedIntentModel({ contentDir: dir, cacheDir });
    expect(second.trainedNow).toBe(false);
    expect(second.model.classify('good morning')).toEqual(first.model.classify('good morning'));
    await writeFile(join(dir, 'en.json'), JSON.stringify({ language: 'en', intents: { greeting: ['hey'] } }));
    expect((await loadShippedIntentModel({ contentDir: dir, cacheDir })).trainedNow).toBe(true);
  });

  it('save and read a model', async () => {
    const dir = await contentDir({ 'catalogue.json': catalogue });
    const { model } = await loadShippedIntentModel({ contentDir: dir });
    await saveIntentModel(join(dir, 'model.bin'), model);
    expect((await readIntentModel(join(dir, 'model.bin'))).classify('hello')).toEqual(model.classify('hello'));
  });
});
