import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './sql-client.ts';

export const migrationsDir = fileURLToPath(new URL('../../../db/migrations/', import.meta.url));

/** Arbitrary constant: the advisory lock every node takes while migrating. */
const MIGRATION_LOCK = 72_616_001;

export interface Migration {
  version: string;
  sql: string;
}

export function readMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: readFileSync(dir + name, 'utf8') }));
}

/**
 * Apply the numbered SQL migrations not yet applied, each in its own transaction, under an
 * advisory lock so that nodes starting together migrate once. Returns the versions applied.
 */
export async function migrate(db: Database, migrations = readMigrations()): Promise<string[]> {
  return db.withAdvisoryLock(MIGRATION_LOCK, async (client) => {
    await client.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows = await client.query<{ version: string }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((row) => row.version));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('BEGIN');
      try {
        await client.exec(migration.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${migration.version} failed: ${(err as Error).message}`);
      }
      applied.push(migration.version);
    }
    return applied;
  });
}
