/**
 * Wallet private keys: 64 hex characters (with or without 0x), WIF, extended private keys (xprv,
 * yprv, zprv, tprv…), and, after words that say "private key", longer encodings (a Solana key in
 * Base58 or as a JSON byte array, a Base64 key). A 64-hex string is also what a transaction hash
 * looks like: after "txid", "hash", "transaction" (in any of our languages), in an explorer link,
 * or when the exchange knows it as the customer's transaction, it is left intact.
 */
import { isWifKey } from './base58check.ts';
import { privateKeyCue, transactionCue, type CueIndex } from './cues.ts';
import type { SecretFinding } from './types.ts';

const base58 = '1-9A-HJ-NP-Za-km-z';
const hexKeyPattern = /(?<![0-9A-Za-z])(?:0[xX])?[0-9a-fA-F]{64}(?![0-9A-Za-z])/g;
const wifPattern = new RegExp(`(?<![${base58}])[5KL9c][${base58}]{50,51}(?![${base58}])`, 'g');
const extendedKeyPattern = new RegExp(`(?<![${base58}])[xyztuvYZUV]prv[${base58}]{20,120}(?![${base58}])`, 'g');
const longKeyPattern = new RegExp(
  `(?<![${base58}+/])(?:[${base58}]{80,100}|(?:0[xX])?[0-9a-fA-F]{128}|[A-Za-z0-9+/]{60,100}={0,2})(?![${base58}+/=])`,
  'g',
);
const byteArrayPattern = /\[\s*(?:\d{1,3}\s*,\s*){63}\d{1,3}\s*\]/g;

/** How far back (and ahead) a cue word may stand from the string it describes. */
const cueReach = 64;
const separatorsBetweenHashes = /^[\s,;|/]*(?:and|y|e|et|und|và|dan|ve|и|і)?[\s,;|/]*$/u;

function normalizedHex(value: string): string {
  return value.toLowerCase().replace(/^0x/, '');
}

function cueSays(cues: CueIndex, start: number, end: number): 'transaction' | 'key' | 'none' {
  const transaction = cues.before(transactionCue, start, cueReach)?.end ?? -1;
  const key = cues.before(privateKeyCue, start, cueReach)?.end ?? -1;
  if (transaction >= 0 || key >= 0) return transaction > key ? 'transaction' : 'key';
  const transactionAfter = cues.after(transactionCue, end, 32)?.start ?? -1;
  const keyAfter = cues.after(privateKeyCue, end, 32)?.start ?? -1;
  if (transactionAfter >= 0 && (keyAfter < 0 || transactionAfter < keyAfter)) return 'transaction';
  return keyAfter >= 0 ? 'key' : 'none';
}

function hexKeys(text: string, cues: CueIndex, knownTxHashes: ReadonlySet<string>): SecretFinding[] {
  const found: SecretFinding[] = [];
  let previous: { end: number; transaction: boolean } | null = null;
  for (const match of text.matchAll(hexKeyPattern)) {
    const start = match.index;
    const end = start + match[0].length;
    // "txids: a…, b…": a hash listed right after another hash is one too.
    const listed: boolean = previous !== null && previous.transaction && separatorsBetweenHashes.test(text.slice(previous.end, start));
    const says = cueSays(cues, start, end);
    const transaction: boolean = knownTxHashes.has(normalizedHex(match[0])) || says === 'transaction' || (listed && says !== 'key');
    if (!transaction) found.push({ kind: 'private_key', start, end });
    previous = { end, transaction };
  }
  return found;
}

function cuedOnly(pattern: RegExp, text: string, cues: CueIndex, accept: (value: string) => boolean): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const match of text.matchAll(pattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (accept(match[0]) || cueSays(cues, start, end) === 'key') found.push({ kind: 'private_key', start, end });
  }
  return found;
}

/** Every private key in the text, except 64-hex strings that are transaction hashes. */
export function findPrivateKeys(text: string, cues: CueIndex, knownTxHashes: ReadonlySet<string>): SecretFinding[] {
  return [
    ...hexKeys(text, cues, knownTxHashes),
    ...cuedOnly(wifPattern, text, cues, isWifKey),
    ...cuedOnly(extendedKeyPattern, text, cues, () => true),
    ...cuedOnly(longKeyPattern, text, cues, () => false),
    ...cuedOnly(byteArrayPattern, text, cues, (value) => (value.match(/\d+/g) ?? []).every((byte) => Number(byte) <= 255)),
  ];
}

/** The form in which the guard compares transaction hashes: lower case, without 0x. */
export function txHashSet(hashes: readonly string[] | undefined): ReadonlySet<string> {
  return new Set((hashes ?? []).filter((hash) => typeof hash === 'string').map(normalizedHex));
}
