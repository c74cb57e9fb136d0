/**
 * Text normalisation and tokenisation for intent features. Customers write in 14 languages, with
 * and without accents, in scripts with and without spaces between words, and paste addresses and
 * transaction hashes; the classifier should see the same tokens for the same request.
 */

/** Options of {@link normaliseText}. */
export interface NormaliseOptions {
  /** Fold accents (é→e, ş→s, harakat removed) so an unaccented message matches accented phrases. */
  stripAccents?: boolean;
}

// Marks are removed only after Latin and Arabic letters: in Hangul and kana, NFD marks and
// jamo carry the meaning itself, and Cyrillic й/ї are letters of their own.
const latinOrArabicWithMarks = /([\p{Script=Latin}\p{Script=Arabic}])\p{M}+/gu;
// Long hex or base58 runs are hashes, addresses and order ids: their characters are noise to an
// intent, but that one was pasted is a signal.
const hashLike = /\b(?:0x[0-9a-f]{8,}|(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{20,})\b/g;
const arabicTatweel = /\u0640/g;

/** Lowercase, NFKC, optionally accent-folded text with hashes and addresses replaced by a placeholder. */
export function normaliseText(text: string, options: NormaliseOptions = {}): string {
  let normal = text.normalize('NFKC').toLowerCase().replace(arabicTatweel, '');
  if (options.stripAccents ?? true) {
    normal = normal
      .replace(/ß/g, 'ss')
      .replace(/ı/g, 'i')
      // Vietnamese đ is its own letter, not an accented d, but customers type it as d.
      .replace(/đ/g, 'd')
      // Arabic writers swap alef maqsura and ya, ta marbuta and ha ("خدمه سيئه"): fold them, as
      // Arabic search engines do.
      .replace(/ى/g, 'ي')
      .replace(/ة/g, 'ه')
      .replace(/ё/g, 'е')
      .normalize('NFD')
      .replace(latinOrArabicWithMarks, '$1')
      .normalize('NFC');
  }
  return normal.replace(hashLike, ' hashcode ');
}

/** Scripts written without spaces between words: every character is a token there. */
const unspacedScript = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}ー]/u;
const tokenPattern = /[\p{L}\p{N}\p{M}]+/gu;
const unspacedRuns = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}ー]+)/u;

/** A run of letters: a word, or a run of characters from a script written without spaces. */
export interface TextToken {
  text: string;
  unspaced: boolean;
}

/** Splits normalised text into words, cutting runs of CJK characters out of mixed words ("usdt没到账"). */
export function tokenise(normal: string): TextToken[] {
  const tokens: TextToken[] = [];
  for (const match of normal.matchAll(tokenPattern)) {
    const word = match[0];
    if (!unspacedScript.test(word)) {
      tokens.push({ text: word, unspaced: false });
      continue;
    }
    for (const part of word.split(unspacedRuns)) {
      if (part.length > 0) tokens.push({ text: part, unspaced: unspacedScript.test(part) });
    }
  }
  return tokens;
}
