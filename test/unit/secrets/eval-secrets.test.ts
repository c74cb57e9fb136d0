/**
 * `relaydesk eval secrets`: precision and recall of the guard on the labelled fixture (a quality
 * gate: both at least 0.95), the JSON and table outputs, and clear errors for bad input files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { evalSecrets } from '../../../src/cli/eval-secrets.ts';
import { labelledSecretExample, secretsEvalReport } from '../../../src/contracts/secrets-content.ts';

const fixture = 'test/fixtures/secrets/labelled.jsonl';

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

async function run(test: string, json: boolean) {
  const out = capture();
  const err = capture();
  const code = await evalSecrets({ test, json }, out.stream, err.stream);
  return { code, out: out.text(), err: err.text() };
}

const scratch = mkdtempSync(join(tmpdir(), 'eval-secrets-'));
let files = 0;
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function fileWith(content: string): string {
  const path = join(scratch, `${++files}-labelled.jsonl`);
  writeFileSync(path, content);
  return path;
}

describe('the labelled fixture', () => {
  it('has at least 150 well-formed lines with both labels', () => {
    const lines = readFileSync(fixture, 'utf8').split('\n').filter(Boolean);
    const examples = lines.map((line) => labelledSecretExample.parse(JSON.parse(line)));
    expect(examples.length).toBeGreaterThanOrEqual(150);
    expect(examples.filter((e) => e.secret).length).toBeGreaterThanOrEqual(60);
    expect(examples.filter((e) => !e.secret).length).toBeGreaterThanOrEqual(60);
  });
});

describe('evalSecrets', () => {
  it('scores the guard at precision and recall of at least 0.95 on the fixture', async () => {
    const { code, out, err } = await run(fixture, true);
    expect(code).toBe(0);
    expect(err).toBe('');
    const report = secretsEvalReport.parse(JSON.parse(out));
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(report.n).toBeGreaterThanOrEqual(150);
    expect(report.precision).toBeGreaterThanOrEqual(0.95);
    expect(report.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('counts and lists the misclassified lines', async () => {
    const path = fileWith(
      [
        JSON.stringify({ text: 'my 2FA code is 482913', secret: true }),
        JSON.stringify({ text: 'I want to buy a ticket', secret: true }),
        JSON.stringify({ text: 'hello', secret: false }),
        JSON.stringify({ text: 'pwd: Sunflower#88', secret: false }),
      ].join('\n'),
    );
    const report = secretsEvalReport.parse(JSON.parse((await run(path, true)).out));
    expect(report).toEqual({
      precision: 0.5,
      recall: 0.5,
      n: 4,
      misclassified: [
        { text: 'I want to buy a ticket', expected: true, got: false },
        { text: 'pwd: Sunflower#88', expected: false, got: true },
      ],
    });
  });

  it('prints a readable table without --json', async () => {
    const path = fileWith(`${JSON.stringify({ text: 'I want to buy a ticket', secret: true })}\n`);
    const { code, out } = await run(path, false);
    expect(code).toBe(0);
    expect(out).toMatch(/precision\s+1\.000/);
    expect(out).toMatch(/recall\s+0\.000/);
    expect(out).toMatch(/n\s+1\n/);
    expect(out).toContain('secret    clean   "I want to buy a ticket"');
  });

  it('exits 2 with a message on stderr for a missing file', async () => {
    const { code, out, err } = await run('test/fixtures/secrets/no-such-file.jsonl', true);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('cannot read test/fixtures/secrets/no-such-file.jsonl: no such file');
  });

  it('exits 2 and names the line that is not JSON or not a labelled example', async () => {
    const good = JSON.stringify({ text: 'ok', secret: false });
    const notJson = await run(fileWith(`${good}\n\n{"text": "oops"\n`), true);
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/labelled\.jsonl:3: not valid JSON/);
    const wrongShape = await run(fileWith(`${good}\n{"text": "x", "secret": "yes"}\n`), false);
    expect(wrongShape.code).toBe(2);
    expect(wrongShape.err).toMatch(/labelled\.jsonl:2: expected \{"text": string, "secret": true\|false\}/);
  });

  it('exits 2 for a file with no labelled lines', async () => {
    const { code, err } = await run(fileWith('\n\n'), true);
    expect(code).toBe(2);
    expect(err).toContain('no labelled lines');
  });
});
