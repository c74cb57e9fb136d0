/**
 * The databases every store test runs on: embedded PGlite always, and PostgreSQL when
 * TEST_DATABASE_URL is set (CI sets it). Each call makes a fresh, migrated database so tests never
 * see each other's rows; `drop` removes it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { migrate } from '../../src/adapters/store/migrate.ts';
import { openPglite } from '../../src/adapters/store/pglite.ts';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import type { Database } from '../../src/adapters/store/sql-client.ts';

export interface TestDatabase {
  db: Database;
  /** A connection URL for child processes (PostgreSQL only). */
  url: string | null;
  drop(): Promise<void>;
}

export type DatabaseKind = 'pglite' | 'postgres';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || null;

/** The kinds to run a suite on: `describe.each(databaseKinds)`. */
export const databaseKinds: DatabaseKind[] = testDatabaseUrl ? ['pglite', 'postgres'] : ['pglite'];

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined);
    await migrate(db);
    return { db, url: null, drop: () => db.close() };
  }
  if (!testDatabaseUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `relaydesk_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres({ url: url.toString(), poolSize: 5 });
  await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: testDatabaseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
