/**
 * Seed phrases: runs of consecutive BIP-39 words, in any list or a mix of lists, through numbering
 * ("1. abandon 2) ability"), separators (commas, dashes, new lines), any letter case, dropped
 * accents and one mistyped word. Ordinary sentences rarely chain twelve list words in a row
 * (function words such as "the", "is", "my" are in no list), so twelve is both the shortest
 * mnemonic and the threshold; the rare run of twelve everyday English words is told apart by its
 * words (`phraseWithin`), and glued Chinese by its characters (glued-chinese.ts).
 */
import { validateMnemonic } from '@scure/bip39';
import { commonEnglishListWords } from './common-english.ts';
import { demoteChineseProse } from './glued-chinese.ts';
import { checksumHolds, mnemonicLengths } from './mnemonic-checksum.ts';
import { seedPhraseMinWords, tokenize, type Token } from './seed-tokens.ts';
import { bip39Lists } from './wordlists.ts';

export { seedPhraseMinWords } from './seed-tokens.ts';

/** A run of consecutive list words in a text. */
export interface SeedRun {
  start: number;
  end: number;
  words: number;
  /** True when the run is exactly a mnemonic of one list with a valid checksum. */
  checksumValid: boolean;
  /** True when the run reads as English prose rather than a phrase (see `phraseWithin`). */
  prose: boolean;
  /** How many of its words are everyday English (one in ten, in a random mnemonic). */
  everyday: number;
  /** The run's words in order (a kana chain written without spaces is one part of several words). */
  parts: readonly { start: number; end: number; words: number }[];
}

// What may stand between two words of a phrase: spaces, punctuation, bullets and short numbers.
const separatorPattern = /^[\s\p{P}\p{Sm}\d]{1,16}$/u;
const longNumberPattern = /\d{3}/;

function linked(text: string, previous: Token, next: Token): boolean {
  if (previous.words === 0 || next.words === 0 || previous.isolated || next.isolated) return false;
  if (previous.end === next.start) return previous.group === 'han' && next.group === 'han';
  if (next.start - previous.end > 16) return false;
  const gap = text.slice(previous.end, next.start);
  return separatorPattern.test(gap) && !longNumberPattern.test(gap);
}

function checksumOf(run: readonly Token[], words: number): boolean {
  if (words % 3 !== 0 || words < 12 || words > 24 || run.some((t) => t.entry === undefined || t.words !== 1)) return false;
  const shared = run.reduce((bits, t) => bits & t.entry!.lists, (1 << bip39Lists.length) - 1);
  return bip39Lists.some((list, index) => {
    if ((shared & (1 << index)) === 0) return false;
    const phrase = run.map((t) => list.words[t.entry!.indexes[index]!]!).join(' ');
    return validateMnemonic(phrase, list.words as string[]);
  });
}

const isEveryday = (text: string, token: Token) =>
  token.group === 'alpha' && commonEnglishListWords.has(text.slice(token.start, token.end).toLowerCase());

/**
 * "please check account balance, transfer money today, wrong amount, cancel order": twelve list
 * words, and a sentence. A random mnemonic has about one everyday English word in ten; prose has
 * most. A long run keeps the stretch covered by twelve-word windows with fewer than half everyday
 * words (so a phrase pasted after a long polite sentence is still found, and the sentence kept);
 * a run with no such window, or a short run that is half everyday words, is prose. Numbered words
 * and a valid checksum are never prose.
 */
function phraseWithin(text: string, run: readonly Token[], words: number): { from: number; to: number } | null {
  const whole = { from: 0, to: run.length };
  if (/\d/.test(text.slice(run[0]!.start, run[run.length - 1]!.end))) return whole;
  const everyday = run.map((token) => isEveryday(text, token));
  if (words < seedPhraseMinWords || run.length < seedPhraseMinWords) {
    return words >= 2 && everyday.filter(Boolean).length * 2 >= words ? null : whole;
  }
  let from = -1;
  let to = -1;
  let count = everyday.slice(0, seedPhraseMinWords).filter(Boolean).length;
  for (let i = 0; i + seedPhraseMinWords <= run.length; i++) {
    if (i > 0) count += Number(everyday[i + seedPhraseMinWords - 1]) - Number(everyday[i - 1]);
    if (count * 2 >= seedPhraseMinWords) continue;
    if (from < 0) from = i;
    to = i + seedPhraseMinWords;
  }
  // Edges are not trimmed further: a phrase's own first word may be an everyday one.
  return from < 0 ? null : { from, to };
}

/**
 * A valid mnemonic inside a longer run ("here: <phrase> thanks"): the span of one list whose
 * checksum holds. Tried only where it matters, on runs that would otherwise read as prose.
 */
function validMnemonicWithin(tokens: readonly Token[]): { from: number; to: number } | null {
  if (tokens.length > 48 || tokens.some((t) => t.words !== 1)) return null;
  for (const length of mnemonicLengths) {
    for (let from = 0; from + length <= tokens.length; from++) {
      const span = tokens.slice(from, from + length);
      const shared = span.reduce((bits, t) => bits & (t.entry?.lists ?? 0), (1 << bip39Lists.length) - 1);
      const valid = bip39Lists.some((_list, index) => (shared & (1 << index)) !== 0 && checksumHolds(span.map((t) => t.entry!.indexes[index]!)));
      if (valid) return { from, to: from + length };
    }
  }
  return null;
}

function describeRun(text: string, tokens: readonly Token[]): SeedRun {
  const words = tokens.reduce((sum, t) => sum + t.words, 0);
  const checksumValid = checksumOf(tokens, words);
  const kept = checksumValid ? { from: 0, to: tokens.length } : (phraseWithin(text, tokens, words) ?? validMnemonicWithin(tokens));
  const run = kept ? tokens.slice(kept.from, kept.to) : tokens;
  return {
    start: run[0]!.start,
    end: run[run.length - 1]!.end,
    words: kept ? run.reduce((sum, t) => sum + t.words, 0) : words,
    checksumValid,
    prose: kept === null,
    everyday: run.filter((token) => isEveryday(text, token)).length,
    parts: run.map((t) => ({ start: t.start, end: t.end, words: t.words })),
  };
}

/** Every run of consecutive list words in the text, short ones included (the cross-message scan needs them). */
export function scanSeedRuns(text: string): SeedRun[] {
  const tokens = tokenize(text);
  demoteChineseProse(text, tokens);
  const runs: SeedRun[] = [];
  let current: Token[] = [];
  const close = () => {
    if (current.length > 0) runs.push(describeRun(text, current));
    current = [];
  };
  for (const token of tokens) {
    const previous = current[current.length - 1];
    if (previous && !linked(text, previous, token)) close();
    const firstTypo = token.mistyped ? current.findIndex((t) => t.mistyped) : -1;
    if (firstTypo >= 0) {
      // One typo per run: at a second one, the words before the first end their own run.
      const after = current.slice(firstTypo + 1);
      current = current.slice(0, firstTypo);
      close();
      current = after;
    }
    if (token.words > 0) current.push(token);
  }
  close();
  return runs;
}

/** True for a run that is a seed phrase on its own: long enough, and not a sentence. */
export function isSeedPhrase(run: SeedRun): boolean {
  return run.words >= seedPhraseMinWords && !run.prose;
}

/** True when the stretch holds nothing but what may separate the words of a phrase. */
export function isSeparatorOnly(stretch: string): boolean {
  return stretch.trim() === '' || (separatorPattern.test(stretch.trim()) && !longNumberPattern.test(stretch));
}
