/**
 * Language identification of short support messages: eld, tinyld and franc, each restricted to
 * the 14 served languages, and relaydesk's language policy (eld plus writing systems and the
 * close-pair markers) over bench/data/language-id.jsonl. Prints accuracy overall and per language,
 * the confusions, and microseconds per message. Bounded: a few seconds.
 *
 *   npx tsx bench/language-id.ts            # tables on stdout
 *   npx tsx bench/language-id.ts --json     # one JSON object on stdout, tables on stderr
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { franc } from 'franc';
import { detect as tinyld } from 'tinyld';
import { createEldLanguageDetector, eldDatabases } from '../src/adapters/language/eld-language-detector.ts';
import { chooseLanguage } from '../src/core/bot/language.ts';
import { languages, type Language } from '../src/core/conversations/types.ts';
import { round, summarise } from './support/stats.ts';

interface Sample {
  language: Language;
  text: string;
}

type Identify = (text: string) => string | null;

interface Candidate {
  name: string;
  identify: Identify;
  loadMs?: number;
}

interface Result {
  name: string;
  accuracy: number;
  perLanguage: Record<string, number>;
  confusions: Record<string, number>;
  errors: { expected: Language; got: string | null; text: string }[];
  meanMicros: number;
  p99Micros: number;
  loadMs: number | null;
}

const PASSES = 20;
const json = process.argv.includes('--json');
const print = (line = ''): void => {
  (json ? process.stderr : process.stdout).write(`${line}\n`);
};

function readSamples(): Sample[] {
  const file = new URL('./data/language-id.jsonl', import.meta.url);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const row = JSON.parse(line) as Partial<Sample>;
      if (!row.language || !languages.includes(row.language) || typeof row.text !== 'string') {
        throw new Error(`language-id.jsonl line ${index + 1}: needs a served "language" and a "text"`);
      }
      return { language: row.language, text: row.text };
    });
}

// franc speaks ISO 639-3 and has only Standard Arabic (arb) and Mandarin (cmn) for ar and zh.
const francCodes: Record<Language, string> = {
  en: 'eng', zh: 'cmn', es: 'spa', pt: 'por', ru: 'rus', tr: 'tur', fr: 'fra', vi: 'vie', id: 'ind',
  ar: 'arb', uk: 'ukr', ko: 'kor', ja: 'jpn', de: 'deu',
};
const fromFranc = new Map(Object.entries(francCodes).map(([served, code]) => [code, served]));
const francOnly = Object.values(francCodes);
const tinyldOnly = [...languages];

async function candidates(): Promise<Candidate[]> {
  const list: Candidate[] = [];
  for (const database of eldDatabases) {
    const started = performance.now();
    const detector = await createEldLanguageDetector(database);
    const loadMs = performance.now() - started;
    list.push({ name: `eld ${database}`, identify: (text) => detector.detect(text).language, loadMs });
    list.push({ name: `policy (eld ${database}), no prior`, identify: (text) => chooseLanguage(text, {}, detector).language });
    list.push({
      name: `policy (eld ${database}), locale en`,
      identify: (text) => chooseLanguage(text, { locale: 'en' }, detector).language,
    });
  }
  list.push({ name: 'tinyld normal', identify: (text) => tinyld(text, { only: tinyldOnly }) || null });
  list.push({
    name: 'franc, minLength 1',
    identify: (text) => fromFranc.get(franc(text, { only: francOnly, minLength: 1 })) ?? null,
  });
  return list;
}

function measure(candidate: Candidate, samples: Sample[]): Result {
  const perLanguageHits = new Map<Language, number>();
  const confusions: Record<string, number> = {};
  const errors: Result['errors'] = [];
  for (const sample of samples) {
    const got = candidate.identify(sample.text);
    if (got === sample.language) {
      perLanguageHits.set(sample.language, (perLanguageHits.get(sample.language) ?? 0) + 1);
      continue;
    }
    const pair = `${sample.language}→${got ?? 'none'}`;
    confusions[pair] = (confusions[pair] ?? 0) + 1;
    errors.push({ expected: sample.language, got, text: sample.text });
  }
  // Warm up, then time every call (for p99) and whole passes (for the mean, free of timer cost).
  for (const sample of samples) candidate.identify(sample.text);
  const calls: number[] = [];
  const started = performance.now();
  for (let pass = 0; pass < PASSES; pass++) {
    for (const sample of samples) {
      const t0 = performance.now();
      candidate.identify(sample.text);
      calls.push((performance.now() - t0) * 1000);
    }
  }
  const meanMicros = ((performance.now() - started) * 1000) / (PASSES * samples.length);
  const perLanguage: Record<string, number> = {};
  for (const language of languages) {
    const total = samples.filter((sample) => sample.language === language).length;
    perLanguage[language] = round((100 * (perLanguageHits.get(language) ?? 0)) / Math.max(1, total), 1);
  }
  return {
    name: candidate.name,
    accuracy: round((100 * (samples.length - errors.length)) / samples.length, 1),
    perLanguage,
    confusions,
    errors,
    meanMicros: round(meanMicros, 1),
    p99Micros: round(summarise(calls).p99, 1),
    loadMs: candidate.loadMs === undefined ? null : round(candidate.loadMs, 0),
  };
}

const cell = (value: string | number, width: number): string => String(value).padEnd(width);

function printTables(results: Result[], samples: Sample[]): void {
  const lengths = samples.map((sample) => [...sample.text].length);
  print(`Language identification: ${samples.length} messages, ${languages.length} languages, ` +
    `${Math.min(...lengths)}–${Math.max(...lengths)} characters; ${cpus().length} cores, Node ${process.version}`);
  print();
  print(`| ${cell('detector', 30)} | accuracy | mean µs | p99 µs | load ms | confusions |`);
  print(`|${'-'.repeat(32)}|---------:|--------:|-------:|--------:|---|`);
  for (const r of results) {
    const confusions = Object.entries(r.confusions).sort((a, b) => b[1] - a[1]).map(([pair, n]) => `${pair} ${n}`);
    print(`| ${cell(r.name, 30)} | ${cell(r.accuracy.toFixed(1), 8)} | ${cell(r.meanMicros, 7)} | ${cell(r.p99Micros, 6)} | ` +
      `${cell(r.loadMs ?? '–', 7)} | ${confusions.join(', ') || '–'} |`);
  }
  print();
  print(`| language | ${results.map((r) => r.name).join(' | ')} |`);
  print(`|---|${results.map(() => '---:').join('|')}|`);
  for (const language of languages) {
    print(`| ${language} | ${results.map((r) => (r.perLanguage[language] ?? 0).toFixed(1)).join(' | ')} |`);
  }
  for (const r of results.filter((result) => result.name.includes('eld large'))) {
    print();
    print(`Misread by ${r.name}:`);
    for (const e of r.errors) print(`  ${e.expected} → ${e.got ?? 'none'}  ${JSON.stringify(e.text)}`);
  }
}

const samples = readSamples();
const results = (await candidates()).map((candidate) => measure(candidate, samples));
printTables(results, samples);
if (json) {
  process.stdout.write(`${JSON.stringify({ samples: samples.length, passes: PASSES, results }, null, 2)}\n`);
}
