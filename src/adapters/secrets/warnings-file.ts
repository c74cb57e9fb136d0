/** Reads content/secrets/warnings.json: the customer warning after a redaction, per language. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { secretsWarningsFile } from '../../contracts/secrets-content.ts';
import type { SecretsWarnings } from '../../core/secrets/warnings.ts';

export async function readSecretsWarnings(contentDir: string): Promise<SecretsWarnings> {
  const file = secretsWarningsFile.parse(JSON.parse(await readFile(join(contentDir, 'secrets', 'warnings.json'), 'utf8')));
  const en = file.warnings.en;
  if (!en) throw new Error('content/secrets/warnings.json: English is required');
  return { ...file.warnings, en };
}
