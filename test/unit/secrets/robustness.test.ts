/**
 * The guard is total: whatever a customer (or an attacker) sends, it returns a sensible result
 * and never throws. Properties over random text check that findings lie in the text, do not
 * overlap, and that nothing the guard found survives in the text it returns.
 */
import { entropyToMnemonic } from '@scure/bip39';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { guardSecrets } from '../../../src/core/secrets/guard.ts';
import { redactionMarkers, type SecretsGuardResult } from '../../../src/core/secrets/types.ts';
import { bip39Lists } from '../../../src/core/secrets/wordlists.ts';
import { apiSecret, hexKeys, mnemonics, wifCompressed, xprv } from './samples.ts';

/** Deterministic noise: every script, digits, punctuation, emoji, controls and lone surrogates. */
function noise(length: number, seed: number): string {
  const pool = 'aZ09 \n\t.,:;-_/#@!?()[]{}<>"\'абвгдежзαβγ你好我的字一是わたしカタ한국어مرحباשלום🙂🔥\u200f\u202e\u0000\ud800\udfff';
  let state = seed;
  let text = '';
  while (text.length < length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += pool[state % pool.length];
  }
  return text.slice(0, length);
}

function expectSane(text: string, result: SecretsGuardResult): void {
  expect(typeof result.text).toBe('string');
  expect(typeof result.flagged).toBe('boolean');
  let previousEnd = 0;
  for (const finding of result.findings) {
    expect(finding.start).toBeGreaterThanOrEqual(previousEnd);
    expect(finding.end).toBeGreaterThan(finding.start);
    expect(finding.end).toBeLessThanOrEqual(text.length);
    previousEnd = finding.end;
  }
  expect(result.flagged).toBe(result.findings.length > 0 || result.earlierRedactions.length > 0);
}

const markers = Object.values(redactionMarkers);

/** True when a secret the guard found is still readable in what it returned. */
function leaks(text: string, result: SecretsGuardResult): boolean {
  return result.findings.some((finding) => {
    const secret = text.slice(finding.start, finding.end);
    if (markers.some((marker) => marker.includes(secret))) return false;
    if (finding.kind !== 'one_time_code') return result.text.includes(secret);
    return new RegExp(`(?<![\\p{L}\\p{N}])${secret.replace(/[ -]/g, '[ -]')}(?![\\p{L}\\p{N}])`, 'u').test(result.text);
  });
}

describe('inputs that must not break the guard', () => {
  it.each([
    ['empty', ''],
    ['whitespace', ' \n\t\n '],
    ['10,000 characters of noise', noise(10_000, 7)],
    ['emoji only', '🙏🙏🙏🔥💸'],
    ['HTML and script tags', '<script>alert("x")</script><img src=x onerror=alert(1)> <b>hi</b>'],
    ['right-to-left text with marks', '\u202eمرحبا، أين إيداعي؟ \u200fשלום, הכסף לא הגיע'],
    ['mixed scripts', 'Hi 你好 привет مرحبا こんにちは 안녕 xin chào 0x12 bc1q'],
    ['lone surrogates and NUL', 'a\ud800b\udc00c\u0000d password: \ud800\ud800'],
    ['10,000 list words', 'abandon '.repeat(1250)],
    ['10,000 digits', '7'.repeat(10_000)],
    ['10,000 hex characters', 'ab'.repeat(5_000)],
    ['every cue word and no secret', 'password: tx hash private key api secret 2FA code 验证码 пароль senha 助记词'],
  ])('handles %s', (_what, text) => {
    expectSane(text, guardSecrets(text));
  });

  it('redacts the secrets in a long message full of noise', () => {
    const text = `${noise(4_000, 3)}\n${mnemonics.english}\n${noise(4_000, 5)}`;
    const result = guardSecrets(text);
    expectSane(text, result);
    expect(result.text).not.toContain(mnemonics.english);
  });

  it('takes input that is not what the types say without throwing', () => {
    const odd = [null, undefined, 42, { toString: () => 'x' }] as unknown as string[];
    for (const text of odd) expect(() => guardSecrets(text)).not.toThrow();
    const context = { knownTxHashes: [null, 7, hexKeys[0]], recentCustomerTexts: 'not a list' } as never;
    expectSane(`tx ${hexKeys[0]}`, guardSecrets(`tx ${hexKeys[0]}`, context));
    expect(guardSecrets('password: Hunter2!', null as never).text).toBe('password: [redacted: password]');
  });
});

// Fragments that make random text interesting to the guard: list words, cue words, key shapes.
const fragments = fc.constantFrom(
  ' ', '\n', ', ', '1. ', '-', ':', 'the ', 'abandon', 'zoo', 'ability', 'wrong', '的', '一', '辨', '哲', 'あいこくしん',
  '가격', 'password', ' is ', 'pwd:', 'Hunter2!', '2FA', 'code', '验证码', '123456', '250000', 'USDT', 'order',
  'tx', 'private key', hexKeys[0], `0x${hexKeys[1]}`, wifCompressed, xprv, 'api secret', apiSecret, '🙂', 'مرحبا',
  '\u200f', '[redacted: seed phrase]', 'é', 'ß', '\ud800',
);

describe('properties over random text', () => {
  it('never throws, keeps findings inside the text, and leaks nothing it found', () => {
    fc.assert(
      fc.property(fc.string({ unit: fragments, maxLength: 60 }), fc.array(fc.string({ unit: fragments, maxLength: 20 }), { maxLength: 3 }), (text, recent) => {
        const result = guardSecrets(text, { recentCustomerTexts: recent });
        expectSane(text, result);
        expect(leaks(text, result)).toBe(false);
        for (const earlier of result.earlierRedactions) {
          expect(earlier.index).toBeGreaterThanOrEqual(0);
          expect(earlier.index).toBeLessThan(recent.length);
          expect(earlier.text).toContain(redactionMarkers.seed_phrase);
        }
      }),
      { numRuns: 400, seed: 20_240_518 },
    );
  });

  it('never throws on any Unicode at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expectSane(text, guardSecrets(text));
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('redacts any mnemonic of any list pasted between random sentences', () => {
    const entropy = fc.constantFrom(16, 20, 24, 28, 32).chain((size) => fc.uint8Array({ minLength: size, maxLength: size }));
    const filler = fc.string({ unit: fc.constantFrom('hi ', 'please ', 'help ', 'my ', 'wallet ', '?', '谢谢', 'срочно '), maxLength: 8 });
    fc.assert(
      fc.property(entropy, fc.constantFrom(...bip39Lists), filler, filler, (bytes, list, before, after) => {
        const phrase = entropyToMnemonic(bytes, list.words as string[]);
        const result = guardSecrets(`${before}\n${phrase}\n${after}`);
        expect(result.findings.map((f) => f.kind)).toContain('seed_phrase');
        expect(result.text).not.toContain(phrase);
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
