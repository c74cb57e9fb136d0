/**
 * `relaydesk eval secrets --test FILE [--json]`: runs the secrets guard over labelled JSONL lines
 * (`{"text": "…", "secret": true}`) and prints precision, recall and every misclassified message.
 */
import { readFile } from 'node:fs/promises';
import { labelledSecretExample, type LabelledSecretExample, type SecretsEvalReport } from '../contracts/secrets-content.ts';
import { guardSecrets } from '../core/secrets/guard.ts';

class EvalInputError extends Error {}

function parseLines(file: string, content: string): LabelledSecretExample[] {
  const examples: LabelledSecretExample[] = [];
  content.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new EvalInputError(`${where}: not valid JSON`);
    }
    const parsed = labelledSecretExample.safeParse(value);
    if (!parsed.success) throw new EvalInputError(`${where}: expected {"text": string, "secret": true|false}`);
    examples.push(parsed.data);
  });
  if (examples.length === 0) throw new EvalInputError(`${file}: no labelled lines`);
  return examples;
}

/** Precision and recall of "the guard found at least one secret" against the labels. */
export function scoreSecretsGuard(examples: readonly LabelledSecretExample[]): SecretsEvalReport {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  const misclassified: SecretsEvalReport['misclassified'] = [];
  for (const { text, secret } of examples) {
    const got = guardSecrets(text).findings.length > 0;
    if (got && secret) truePositives++;
    if (got && !secret) falsePositives++;
    if (!got && secret) falseNegatives++;
    if (got !== secret) misclassified.push({ text, expected: secret, got });
  }
  // With nothing flagged (or nothing to flag) there is no error of that kind: the ratio is 1.
  const ratio = (hits: number, misses: number) => (hits + misses === 0 ? 1 : hits / (hits + misses));
  return {
    precision: ratio(truePositives, falsePositives),
    recall: ratio(truePositives, falseNegatives),
    n: examples.length,
    misclassified,
  };
}

function label(secret: boolean): string {
  return secret ? 'secret' : 'clean';
}

function table(file: string, report: SecretsEvalReport): string {
  const lines = [
    `secrets guard on ${file}`,
    `  precision  ${report.precision.toFixed(3)}`,
    `  recall     ${report.recall.toFixed(3)}`,
    `  n          ${report.n}`,
    '',
    `misclassified: ${report.misclassified.length}`,
  ];
  if (report.misclassified.length > 0) lines.push('  expected  got     text');
  for (const { text, expected, got } of report.misclassified) {
    const shown = JSON.stringify(text);
    lines.push(`  ${label(expected).padEnd(8)}  ${label(got).padEnd(6)}  ${shown.length > 100 ? `${shown.slice(0, 99)}…` : shown}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Evaluates the guard on the labelled file `options.test`; returns the exit code (0, or 2 when the
 * file is missing or a line is malformed, with the reason on `errors`).
 */
export async function evalSecrets(
  options: { test: string; json: boolean },
  out: NodeJS.WritableStream,
  errors: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  let content: string;
  try {
    content = await readFile(options.test, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    errors.write(`eval secrets: cannot read ${options.test}: ${reason}\n`);
    return 2;
  }
  let examples: LabelledSecretExample[];
  try {
    examples = parseLines(options.test, content);
  } catch (err) {
    if (!(err instanceof EvalInputError)) throw err;
    errors.write(`eval secrets: ${err.message}\n`);
    return 2;
  }
  const report = scoreSecretsGuard(examples);
  out.write(options.json ? `${JSON.stringify(report)}\n` : table(options.test, report));
  return 0;
}
