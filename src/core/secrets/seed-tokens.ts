/**
 * The words of a text as the seed-phrase scan sees them: letter runs of spaced scripts, single
 * Chinese characters, and kana runs (split into Japanese list words when written without spaces).
 */
import { chineseListBits, isMistypedWord, japaneseListBit, longestKanaChain, lookUpWord, type WordEntry } from './wordlists.ts';

/** The shortest mnemonic: a run this long is a seed phrase whatever its checksum says. */
export const seedPhraseMinWords = 12;

/** How a token may be glued to its neighbours: only Chinese characters follow each other unspaced. */
export type TokenGroup = 'alpha' | 'han' | 'kana';

/** One word (or a glued chain of words) of the text. */
export interface Token {
  start: number;
  end: number;
  group: TokenGroup;
  /** How many list words the token holds (0: not a list word, so it breaks a run). */
  words: number;
  /** For single-word tokens, where the word appears in the lists (for the checksum). */
  entry: WordEntry | undefined;
  /** True for a kana chain cut out of a longer run: nothing can be glued to it. */
  isolated: boolean;
  /** True for a word that looks like a mistyped list word: one per run is forgiven. */
  mistyped: boolean;
}

const tokenPattern =
  /(\p{Script=Han}+)|((?:[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]\p{M}*)+)|((?:[^\P{L}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]\p{M}*)+)/gu;

/** The smaller of a character's positions in the two Chinese lists, which both follow frequency. */
export function hanRank(entry: WordEntry): number {
  const simplified = entry.indexes[8] ?? -1;
  const traditional = entry.indexes[9] ?? -1;
  if (simplified < 0) return traditional;
  if (traditional < 0) return simplified;
  return Math.min(simplified, traditional);
}

function kanaTokens(run: string, offset: number): Token[] {
  const entry = lookUpWord(run);
  if (entry && (entry.lists & japaneseListBit) !== 0) {
    return [{ start: offset, end: offset + run.length, group: 'kana', words: 1, entry, isolated: false, mistyped: false }];
  }
  const chain = longestKanaChain(run);
  if (chain.words >= 2 && chain.start === 0 && chain.end === run.length) {
    return [{ start: offset, end: offset + run.length, group: 'kana', words: chain.words, entry: undefined, isolated: false, mistyped: false }];
  }
  if (chain.words >= seedPhraseMinWords) {
    const token = { group: 'kana' as const, words: chain.words, entry: undefined, isolated: true, mistyped: false };
    return [{ ...token, start: offset + chain.start, end: offset + chain.end }];
  }
  return [{ start: offset, end: offset + run.length, group: 'kana', words: 0, entry: undefined, isolated: true, mistyped: false }];
}

/** The tokens of the text, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(tokenPattern)) {
    const start = match.index;
    const [whole, han, kana] = match;
    if (han !== undefined) {
      // Every Chinese character is a word of its own (matched as a run: one match per character is slow).
      let offset = start;
      for (const character of han) {
        const entry = lookUpWord(character);
        const isWord = entry !== undefined && (entry.lists & chineseListBits) !== 0;
        const end = offset + character.length;
        tokens.push({ start: offset, end, group: 'han', words: isWord ? 1 : 0, entry, isolated: false, mistyped: false });
        offset = end;
      }
    } else if (kana !== undefined) {
      tokens.push(...kanaTokens(kana, start));
    } else {
      const entry = lookUpWord(whole);
      const mistyped = !entry && isMistypedWord(whole);
      const words = entry || mistyped ? 1 : 0;
      tokens.push({ start, end: start + whole.length, group: 'alpha', words, entry, isolated: false, mistyped });
    }
  }
  return tokens;
}
