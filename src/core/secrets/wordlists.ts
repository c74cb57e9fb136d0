/**
 * The BIP-39 word lists of every language, indexed for the seed-phrase scan: one lookup per token,
 * whatever the language, case, accents or Unicode normal form the customer typed.
 */
import { wordlist as czech } from '@scure/bip39/wordlists/czech.js';
import { wordlist as english } from '@scure/bip39/wordlists/english.js';
import { wordlist as french } from '@scure/bip39/wordlists/french.js';
import { wordlist as italian } from '@scure/bip39/wordlists/italian.js';
import { wordlist as japanese } from '@scure/bip39/wordlists/japanese.js';
import { wordlist as korean } from '@scure/bip39/wordlists/korean.js';
import { wordlist as portuguese } from '@scure/bip39/wordlists/portuguese.js';
import { wordlist as simplifiedChinese } from '@scure/bip39/wordlists/simplified-chinese.js';
import { wordlist as spanish } from '@scure/bip39/wordlists/spanish.js';
import { wordlist as traditionalChinese } from '@scure/bip39/wordlists/traditional-chinese.js';

/** One official BIP-39 list: its words as published (NFKD), the form `validateMnemonic` expects. */
export interface Bip39List {
  name: string;
  words: readonly string[];
}

/** Every official list. The index of a list in this array is its bit in `WordEntry.lists`. */
export const bip39Lists: readonly Bip39List[] = [
  { name: 'english', words: english },
  { name: 'spanish', words: spanish },
  { name: 'french', words: french },
  { name: 'italian', words: italian },
  { name: 'portuguese', words: portuguese },
  { name: 'czech', words: czech },
  { name: 'japanese', words: japanese },
  { name: 'korean', words: korean },
  { name: 'simplified-chinese', words: simplifiedChinese },
  { name: 'traditional-chinese', words: traditionalChinese },
];

/** Where a typed form appears: a bit per list, and its index in each list. */
export interface WordEntry {
  lists: number;
  /** Index of the word in each list it belongs to, by list position (-1 when absent). */
  indexes: number[];
}

const lexicon = new Map<string, WordEntry>();
const latinPrefixes = new Set<string>();
const latinLists = new Set(['english', 'spanish', 'french', 'italian', 'portuguese', 'czech']);

/** The Japanese words as a trie of UTF-16 code units, to split glued kana without slicing strings. */
interface KanaNode {
  children: Map<number, KanaNode>;
  isWord: boolean;
}
const kanaTrie: KanaNode = { children: new Map(), isWord: false };

function addKana(form: string): void {
  let node = kanaTrie;
  for (let i = 0; i < form.length; i++) {
    const code = form.charCodeAt(i);
    let next = node.children.get(code);
    if (!next) {
      next = { children: new Map(), isWord: false };
      node.children.set(code, next);
    }
    node = next;
  }
  node.isWord = true;
}

function addForm(form: string, list: number, index: number): void {
  let entry = lexicon.get(form);
  if (!entry) {
    entry = { lists: 0, indexes: bip39Lists.map(() => -1) };
    lexicon.set(form, entry);
  }
  entry.lists |= 1 << list;
  if (entry.indexes[list] === -1) entry.indexes[list] = index;
}

function withoutAccents(form: string): string {
  return form.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFC');
}

bip39Lists.forEach((list, listIndex) => {
  list.words.forEach((word, index) => {
    // The lists are published in NFKD; customers type NFC, and often drop Spanish/French accents.
    const form = word.normalize('NFC');
    addForm(form, listIndex, index);
    if (list.name !== 'japanese' && list.name !== 'korean') addForm(withoutAccents(form), listIndex, index);
    if (list.name === 'japanese') addKana(form);
    // The Latin lists are designed so that the first four letters name a word unambiguously.
    if (latinLists.has(list.name)) latinPrefixes.add(withoutAccents(form).slice(0, 4));
  });
});

/** The list bits of the two Chinese lists, whose words are single characters. */
export const chineseListBits = (1 << 8) | (1 << 9);
/** The list bit of the Japanese list, whose words are kana and may be written without spaces. */
export const japaneseListBit = 1 << 6;

const asciiOnly = /^[\p{ASCII}]*$/u;
const latinWithMarks = /^[\p{Script=Latin}\p{M}]+$/u;

/** The lists a token belongs to, or undefined when it is in none. The token is one word as typed. */
export function lookUpWord(token: string): WordEntry | undefined {
  const direct = lexicon.get(token);
  if (direct) return direct;
  if (asciiOnly.test(token)) return lexicon.get(token.toLowerCase());
  const lower = token.normalize('NFC').toLowerCase();
  // Stripping accents is the costly step, and only Latin words have accents a customer drops.
  return lexicon.get(lower) ?? (latinWithMarks.test(lower) ? lexicon.get(withoutAccents(lower)) : undefined);
}

/**
 * True for a word (already known to be in no list) that begins like a word of a Latin list ("abandn", "abilty"): a
 * mistyped phrase word. BIP-39 words are unambiguous by their first four letters, which is also
 * how wallets autocomplete them, so a typo after the fourth letter keeps that prefix.
 */
export function isMistypedWord(token: string): boolean {
  if (token.length < 4 || token.length > 12) return false;
  const prefix = token.slice(0, 6).toLowerCase();
  if (asciiOnly.test(prefix)) return latinPrefixes.has(prefix.slice(0, 4));
  return latinWithMarks.test(prefix) && latinPrefixes.has(withoutAccents(prefix.normalize('NFC')).slice(0, 4));
}

/**
 * Splits a run of kana written without spaces into Japanese list words: the longest chain of
 * words starting at each position, so a phrase glued to a particle (…です) is still found.
 * Returns the longest chain as [start, end) offsets into `kana`.
 */
export function longestKanaChain(kana: string): { start: number; end: number; words: number } {
  const text = kana.normalize('NFC');
  const n = text.length;
  const chain = new Int32Array(n + 1);
  const next = new Int32Array(n + 1).fill(-1);
  for (let i = n - 1; i >= 0; i--) {
    let node: KanaNode | undefined = kanaTrie;
    for (let j = i; j < n && node; j++) {
      node = node.children.get(text.charCodeAt(j));
      if (!node?.isWord) continue;
      const words = 1 + chain[j + 1]!;
      if (words > chain[i]!) {
        chain[i] = words;
        next[i] = j + 1;
      }
    }
  }
  let best = { start: 0, end: 0, words: 0 };
  for (let i = 0; i < n; i++) {
    if (chain[i]! <= best.words) continue;
    let end = i;
    while (next[end]! !== -1) end = next[end]!;
    best = { start: i, end, words: chain[i]! };
  }
  // Offsets are into the NFC text; when the customer typed decomposed kana, cover the whole run.
  return text.length === kana.length ? best : { start: 0, end: kana.length, words: best.words };
}
