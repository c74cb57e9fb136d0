import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { evalIntents, languageForReport } from '../../../../src/cli/eval-intents.ts';
import { fixturePath } from './fixtures.ts';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function run(options: { test: string; train?: string; json: boolean }): Promise<{ code: number; out: string; err: string }> {
  const out = new Capture();
  const err = new Capture();
  const code = await evalIntents(options, out, err);
  return { code, out: out.text, err: err.text };
}

describe('relaydesk eval intents', () => {
  it('reports accuracy, macro-F1, per-language figures, out-of-scope figures and latency as one JSON object', async () => {
    const { code, out } = await run({ test: fixturePath('test.jsonl'), train: fixturePath('train.jsonl'), json: true });
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      ['accuracy', 'inScopeAccuracy', 'latencyMs', 'macroF1', 'n', 'oosRecall', 'perLanguage', 'trainSeconds'].sort(),
    );
    expect(report.n).toBe(40);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.75);
    expect(Object.keys(report.perLanguage as object).sort()).toEqual(['en', 'es', 'ru', 'zh']);
    expect((report.perLanguage as Record<string, { n: number }>).zh?.n).toBe(10);
    expect(Object.keys(report.latencyMs as object).sort()).toEqual(['p50', 'p99']);
    expect(report.oosRecall).toBeGreaterThanOrEqual(0.5);
  });

  it('reads Banking77-style CSV, and leaves out-of-scope figures out when the test set has none', async () => {
    const { code, out } = await run({ test: fixturePath('small.csv'), train: fixturePath('small.csv'), json: true });
    expect(code).toBe(0);
    const report = JSON.parse(out) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(['accuracy', 'latencyMs', 'macroF1', 'n', 'perLanguage', 'trainSeconds'].sort());
    expect(report.n).toBe(6);
    expect(report.accuracy).toBe(1);
    // No lang column, and Latin script alone does not tell English from Spanish: undetermined.
    expect(report.perLanguage).toEqual({ und: { accuracy: 1, n: 6 } });
  });

  it('prints a readable summary without --json', async () => {
    const { code, out } = await run({ test: fixturePath('test.jsonl'), train: fixturePath('train.jsonl'), json: false });
    expect(code).toBe(0);
    expect(out).toMatch(/accuracy\s+\d+\.\d%/);
    expect(out).toMatch(/OOS recall/);
    expect(out).toMatch(/p99 \d+\.\d+ ms/);
    expect(out).toMatch(/^\s+zh\s+\d+\.\d%\s+10$/m);
  });

  it('exits 2 with the reason for missing files, bad headers and malformed lines', async () => {
    const missing = await run({ test: fixturePath('no-such-file.csv'), train: fixturePath('train.jsonl'), json: true });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no-such-file\.csv: no such file/);
    expect(missing.out).toBe('');

    const header = await run({ test: fixturePath('bad-header.csv'), train: fixturePath('train.jsonl'), json: true });
    expect(header.code).toBe(2);
    expect(header.err).toMatch(/bad-header\.csv: line 1: bad header "message,label"/);

    const csvLine = await run({ test: fixturePath('malformed-line.csv'), train: fixturePath('train.jsonl'), json: true });
    expect(csvLine.code).toBe(2);
    expect(csvLine.err).toMatch(/malformed-line\.csv: line 3: expected 2 fields, found 3/);

    const jsonLine = await run({ test: fixturePath('test.jsonl'), train: fixturePath('malformed-line.jsonl'), json: true });
    expect(jsonLine.code).toBe(2);
    expect(jsonLine.err).toMatch(/malformed-line\.jsonl: line 3: not valid JSON/);

    const noIntent = await run({ test: fixturePath('missing-intent.jsonl'), train: fixturePath('train.jsonl'), json: true });
    expect(noIntent.code).toBe(2);
    expect(noIntent.err).toMatch(/missing-intent\.jsonl: line 2/);

    const oneIntent = await run({ test: fixturePath('small.csv'), train: fixturePath('one-intent.csv'), json: true });
    expect(oneIntent.code).toBe(2);
    expect(oneIntent.err).toMatch(/one-intent\.csv: need examples of at least two intents/);
  });

  it('breaks figures down by the language the writing system shows when lines do not say', () => {
    expect(languageForReport('我的充值没到账')).toBe('zh');
    expect(languageForReport('пароль не подходит')).toBe('ru');
    expect(languageForReport('my deposit')).toBe('und');
  });
});

describe('relaydesk eval intents without --train', () => {
  it('evaluates the model trained on the shipped content/intents', async () => {
    const out = new Capture();
    // A linear model alone keeps this test fast however much training data content/intents holds.
    const code = await evalIntents(
      { test: fixturePath('catalogue-examples.jsonl'), json: true, training: { networkSeeds: [], calibrationFraction: 0 } },
      out,
      new Capture(),
    );
    expect(code).toBe(0);
    const report = JSON.parse(out.text) as { accuracy: number; n: number };
    expect(report.n).toBe(4);
    expect(report.accuracy).toBeGreaterThanOrEqual(0.75);
    // Training on every shipped phrase takes ~15 s alone, several times that on a busy machine.
  }, 180_000);
});
