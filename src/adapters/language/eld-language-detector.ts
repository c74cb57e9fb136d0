/**
 * The LanguageDetector port on eld (Efficient Language Detector, Apache-2.0, pure JavaScript):
 * byte n-gram scores restricted to the served languages, which measured as the most accurate of
 * the packages we tried on short support messages (docs/decisions/006-language-identification.md).
 */
import { eld } from 'eld';
import type { LanguageGuess } from '../../core/bot/language.ts';
import { languages, type Language } from '../../core/conversations/types.ts';
import type { LanguageDetector } from '../../ports/language.ts';

/** eld's n-gram databases, largest (most accurate) first. */
export const eldDatabases = ['large', 'medium', 'small', 'extrasmall'] as const;
export type EldDatabase = (typeof eldDatabases)[number];

// eld has no Indonesian: Indonesian text scores highest on its Malay (`ms`) n-grams, so we ask
// for `ms` and read it back as `id`.
const eldCode = (language: Language): string => (language === 'id' ? 'ms' : language);
const servedByEldCode = new Map<string, Language>(languages.map((language) => [eldCode(language), language]));

// Below this many letters the separation between languages says little (CJK characters count 3).
const LETTERS_FOR_FULL_CONFIDENCE = 12;
const letters = /\p{L}/gu;
const cjk = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu;

const nothing = (): LanguageGuess => ({ language: null, confidence: 0, scores: {} });

function letterWeight(text: string): number {
  const sample = text.slice(0, 1000); // eld itself reads no further
  const all = sample.match(letters)?.length ?? 0;
  const ideographic = sample.match(cjk)?.length ?? 0;
  return all + 2 * ideographic;
}

interface EldResult {
  getScores(): Record<string, number>;
}

/** The part of eld's dynamic entry point we use (its own types do not export this shape). */
interface LoadableEld {
  load(database: string): Promise<unknown>;
  setLanguageSubset(languages: string[]): unknown;
  detect(text: string): EldResult;
}

const isLoadable = (instance: object): instance is LoadableEld =>
  typeof (instance as { load?: unknown }).load === 'function';

function toGuess(result: EldResult, text: string): LanguageGuess {
  const scores: Partial<Record<Language, number>> = {};
  const ranked: number[] = [];
  for (const [code, score] of Object.entries(result.getScores())) {
    const language = servedByEldCode.get(code);
    if (!language || !(score > 0)) continue;
    scores[language] = score;
    ranked.push(score);
  }
  ranked.sort((a, b) => b - a);
  const [best = 0, runnerUp = 0] = ranked;
  if (best === 0) return nothing();
  const language = (Object.keys(scores) as Language[]).find((code) => scores[code] === best) ?? null;
  const separation = 1 - runnerUp / best;
  const evidence = Math.min(1, letterWeight(text) / LETTERS_FOR_FULL_CONFIDENCE);
  return { language, confidence: separation * evidence, scores };
}

/**
 * A detector with its n-gram database loaded: call once at start and share it. Loading the large
 * database takes about a second; each detection then takes tens of microseconds.
 */
export async function createEldLanguageDetector(database: EldDatabase = 'large'): Promise<LanguageDetector> {
  const instance = eld.newInstance();
  if (!isLoadable(instance)) throw new Error('eld: the dynamic entry point is needed to load a database');
  await instance.load(database);
  instance.setLanguageSubset(languages.map(eldCode));
  return {
    detect(text: string): LanguageGuess {
      if (typeof text !== 'string' || text.trim() === '') return nothing();
      try {
        return toGuess(instance.detect(text), text);
      } catch {
        // Customer text is arbitrary; a library failure on some odd input must not fail a message.
        return nothing();
      }
    },
  };
}
