/**
 * How long the secrets guard takes on a 10,000-character message (the longest a message may be),
 * for the shapes that cost it most. Bounded: a fixed number of runs per shape, a few seconds in all.
 *
 *   npx tsx bench/secrets.ts            # a table on stdout
 *   npx tsx bench/secrets.ts --json     # one JSON object
 *
 * Baseline measured in the same run: a regular expression that scans the same text once, so a
 * reader can see how many "plain scans" one guarded message costs on this machine.
 */
import { guardSecrets } from '../src/core/secrets/guard.ts';
import { MAX_MESSAGE_LENGTH } from '../src/core/conversations/types.ts';
import { summarise, type LatencySummary } from './support/stats.ts';

const runs = 200;

function repeatTo(unit: string, length = MAX_MESSAGE_LENGTH): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function noise(length: number): string {
  const pool = 'aZ09 \n.,:;-_/#@!?()абвгдαβγ你好我的字わたしカタ한국어مرحبا🙂\u200f';
  let state = 1;
  let text = '';
  while (text.length < length) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += pool[state % pool.length];
  }
  return text.slice(0, length);
}

const shapes: Record<string, string> = {
  'English prose': repeatTo('Hello, I deposited USDT yesterday but it has not arrived yet, can you please check my account? '),
  'English list words only': repeatTo('abandon ability able about above absent absorb abstract absurd abuse access accident '),
  'Chinese prose, no punctuation': repeatTo('你好我昨天充值的USDT到现在还没有到账麻烦帮我查一下是什么原因谢谢我的账户被冻结了'),
  'Chinese list characters, glued': repeatTo('润蛋趣蒙涉吾侧职扰浅绪氨局式扇彈禦舉男即吊夜均糧'),
  'Japanese kana, glued': repeatTo('なめらかきらいあてはまるおまいりのりゆきみやげばかりたんていみんぞく'),
  'cue words and numbers': repeatTo('2FA code 123456 order 98765432 password: Hunter2! txid 250000 USDT 验证码 654321 '),
  'hex and keys': repeatTo(`tx 6e29c279ccb023e975d21f10aac63878866eb24754bbfe5e0542cc3c29d229e3 key ${'ab'.repeat(32)} `),
  'random Unicode noise': noise(MAX_MESSAGE_LENGTH),
};

function measure(text: string, work: (text: string) => unknown): LatencySummary {
  for (let i = 0; i < 10; i++) work(text);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    work(text);
    times.push(performance.now() - started);
  }
  return summarise(times);
}

const baselinePattern = /\b[0-9a-f]{64}\b|\d{6,8}|password/giu;
const results = Object.entries(shapes).map(([shape, text]) => ({
  shape,
  characters: text.length,
  guard: measure(text, (t) => guardSecrets(t)),
  baseline: measure(text, (t) => t.match(baselinePattern)),
}));

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify({ runs, results })}\n`);
} else {
  const header = `${'shape'.padEnd(32)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'baseline p50'.padStart(13)}`;
  const rows = results.map(
    (r) =>
      `${r.shape.padEnd(32)} ${String(r.guard.p50).padStart(8)} ${String(r.guard.p99).padStart(8)} ${String(r.guard.max).padStart(8)} ${String(r.baseline.p50).padStart(13)}`,
  );
  process.stdout.write(`secrets guard, ${MAX_MESSAGE_LENGTH}-character messages, ${runs} runs each\n${header}\n${rows.join('\n')}\n`);
}
