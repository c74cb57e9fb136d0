/**
 * Chinese phrases written without spaces. The Chinese lists are the 2,048 most frequent
 * characters, so ordinary Chinese is mostly list characters and "twelve list characters in a row"
 * says nothing. What differs is the draw: a mnemonic takes its characters uniformly from the list,
 * prose mostly from its head (的, 一, 是…). Glued characters count as words only when they look
 * drawn and, unless a phrase word such as 助记词 announces them, hold a valid checksum.
 */
import { checksumHolds } from './mnemonic-checksum.ts';
import { hanRank, seedPhraseMinWords, type Token } from './seed-tokens.ts';

// Log-likelihood of a uniform draw over a Zipf law (H(2048) ≈ 8.2), per character.
const zipfOffset = Math.log(2048) - Math.log(8.2);
const rankScore = (token: Token) => Math.log(hanRank(token.entry!) + 1) - zipfOffset;
const isVeryCommon = (token: Token) => hanRank(token.entry!) < 32;

/** Lenient: more likely uniform than Zipf, and few of the commonest characters. */
function looksDrawn(tokens: readonly Token[]): boolean {
  return tokens.reduce((score, token) => score + rankScore(token), 0) > 0 && tokens.filter(isVeryCommon).length <= 2;
}

/**
 * Strict: average rank score of a high rank and at most one of the 32 commonest characters. 98% of
 * mnemonics pass; none of the twelve-character windows of our punctuated prose samples did.
 */
function looksStrictlyDrawn(tokens: readonly Token[]): boolean {
  const score = tokens.reduce((sum, token) => sum + rankScore(token), 0);
  return score >= tokens.length * (5.8 - zipfOffset) && tokens.filter(isVeryCommon).length <= 1;
}

/** True when the characters are a Chinese mnemonic (simplified or traditional) with a valid checksum. */
export function isChineseMnemonic(tokens: readonly Token[]): boolean {
  return [8, 9].some((list) => {
    const indexes = tokens.map((token) => token.entry?.indexes[list] ?? -1);
    return indexes.every((index) => index >= 0) && checksumHolds(indexes);
  });
}

// Words that announce a phrase: never part of it, and the glued characters after them are searched.
const announcement = /(?:助记词|助記詞|记忆词|記憶詞|种子|種子|恢复短语|恢復短語|钱包词|錢包詞)[是为為：:]?/gu;

function announcedPhrase(block: readonly Token[]): { from: number; to: number } | null {
  for (const length of [24, 21, 18, 15, 12]) {
    const span = block.slice(0, length);
    // The longest valid span wins: taking in a little prose after the phrase beats leaving its end out.
    if (span.length === length && isChineseMnemonic(span) && looksDrawn(span)) return { from: 0, to: length };
  }
  return looksStrictlyDrawn(block.slice(0, seedPhraseMinWords)) ? { from: 0, to: seedPhraseMinWords } : null;
}

/** Which of a glued block's characters stay words; the others become prose and break runs. */
function keptInBlock(block: readonly Token[], gluedToNeighbour: boolean, announced: boolean): { from: number; to: number } | null {
  if (block.length < seedPhraseMinWords) {
    // A lone character set off by spaces is how people write a Chinese phrase down; a glued group
    // ("的一是 在不了") must look drawn, and two characters (谢谢, 你好) are a word, not a group.
    if (block.length === 1 && !gluedToNeighbour) return { from: 0, to: 1 };
    return block.length >= 3 && looksStrictlyDrawn(block) ? { from: 0, to: block.length } : null;
  }
  const whole = { from: 0, to: block.length };
  if (isChineseMnemonic(block) && looksDrawn(block)) return whole;
  if (block.length <= 24 && looksStrictlyDrawn(block)) return whole;
  return announced ? announcedPhrase(block) : null;
}

/** Demotes glued Chinese characters that read as prose, in place. */
export function demoteChineseProse(text: string, tokens: Token[]): void {
  const announcedAt = new Set<number>();
  for (const match of text.matchAll(announcement)) {
    const end = match.index + match[0].length;
    announcedAt.add(end);
    for (const token of tokens) if (token.start >= match.index && token.end <= end) token.words = 0;
  }
  const isHanWord = (t: Token | undefined) => t !== undefined && t.group === 'han' && t.words > 0;
  let i = 0;
  while (i < tokens.length) {
    let j = i + 1;
    if (isHanWord(tokens[i])) {
      while (isHanWord(tokens[j]) && tokens[j]!.start === tokens[j - 1]!.end) j++;
      const glued =
        (i > 0 && tokens[i - 1]!.end === tokens[i]!.start) || (j < tokens.length && tokens[j]!.start === tokens[j - 1]!.end);
      const block = tokens.slice(i, j);
      const kept = keptInBlock(block, glued, announcedAt.has(block[0]!.start));
      block.forEach((token, k) => {
        if (!kept || k < kept.from || k >= kept.to) token.words = 0;
      });
    }
    i = j;
  }
}
