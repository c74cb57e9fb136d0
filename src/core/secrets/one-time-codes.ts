/**
 * One-time codes (2FA, authenticator, SMS or e-mail codes): 6 to 8 digits, or "123 456" as
 * authenticator apps show them, with a word that names such a code nearby. A number is not a
 * code when a word naming something else stands nearer ("order", "UID"), when the code word is
 * qualified ("referral code", "código de error", "邀请码"), or when it is an amount ("250000 USDT").
 */
import { authenticatorKeyCue, oneTimeCodeCue, otherCodeCue, otherNumberCue, type Cue, type CueIndex, type Span } from './cues.ts';
import type { SecretFinding } from './types.ts';

const codePattern = /(?<![\p{N}A-Za-z_.,/#\\-])(?<!\d )(?:\d{6,8}|\d{3}[ -]\d{3})(?![\p{N}A-Za-z]|[.,]\d|[ -]\d)/gu;
const unitAfter =
  /^\s?(?:[$€£¥₽₺₫₩%]|usdt|usdc|usd|btc|eth|bnb|trx|sol|xrp|doge|ada|dai|busd|ton|eur|rub|uah|try|tl|vnd|idr|rp|brl|ars|mxn|cny|rmb|jpy|krw|gbp|sats?|gwei|coins?|tokens?|dollars?|euros?|reais|pesos|lira|руб|грн|đ|đồng|元|円|원|块|美元|ドル)(?![\p{L}])/iu;
const unitBefore = /(?:[$€£¥₽₺₫₩]|us\$|r\$|rp\.?|usd|eur|usdt)\s?$/i;
const reachBefore = 48;
const reachAfter = 24;

interface Near extends Span {
  distance: number;
}

function nearest(cues: CueIndex, cueWords: Cue, start: number, end: number): Near | null {
  const before = cues.before(cueWords, start, reachBefore);
  const after = cues.after(cueWords, end, reachAfter);
  const fromBefore = before ? { ...before, distance: start - before.end } : null;
  const fromAfter = after ? { ...after, distance: after.start - end } : null;
  if (!fromBefore) return fromAfter;
  if (!fromAfter) return fromBefore;
  return fromBefore.distance <= fromAfter.distance ? fromBefore : fromAfter;
}

/** "referral code", "código de error": a word right before or after the code word names another code. */
function qualified(cues: CueIndex, codeWord: Span): boolean {
  const before = cues.before(otherCodeCue, codeWord.start, 16);
  const after = cues.after(otherCodeCue, codeWord.end, 16);
  return (before !== undefined && codeWord.start - before.end <= 2) || (after !== undefined && after.start - codeWord.end <= 5);
}

// An authenticator's setup key is Base32 (RFC 4648), shown in groups of four: "JBSW Y3DP EHPK 3PXP".
const setupKeyPattern = /^[^]{0,24}?(?<![A-Za-z0-9])([A-Z2-7]{4}(?:[ -]?[A-Z2-7]{4}){3,15})(?![A-Za-z0-9])/i;

function findSetupKeys(text: string, cues: CueIndex): SecretFinding[] {
  const found: SecretFinding[] = [];
  for (const cueWord of cues.all(authenticatorKeyCue)) {
    // Only the next few characters after the cue are searched: the key follows it or nothing does.
    const match = setupKeyPattern.exec(text.slice(cueWord.end, cueWord.end + 24 + 160));
    const key = match?.[1];
    if (match && key && /[2-7]/.test(key) && /[A-Z]/i.test(key)) {
      const start = cueWord.end + match[0].length - key.length;
      found.push({ kind: 'one_time_code', start, end: start + key.length });
    }
  }
  return found;
}

/** Every one-time code the customer offered in the text, and any authenticator setup key. */
export function findOneTimeCodes(text: string, cues: CueIndex): SecretFinding[] {
  const found: SecretFinding[] = findSetupKeys(text, cues);
  for (const match of text.matchAll(codePattern)) {
    const start = match.index;
    const end = start + match[0].length;
    if (unitAfter.test(text.slice(end, end + 8)) || unitBefore.test(text.slice(Math.max(0, start - 4), start))) continue;
    const codeWord = nearest(cues, oneTimeCodeCue, start, end);
    if (!codeWord || qualified(cues, codeWord)) continue;
    const other = [nearest(cues, otherCodeCue, start, end), nearest(cues, otherNumberCue, start, end)];
    if (other.some((near) => near !== null && near.distance < codeWord.distance)) continue;
    found.push({ kind: 'one_time_code', start, end });
  }
  return found;
}
