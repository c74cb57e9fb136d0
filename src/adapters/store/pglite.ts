import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import * as schema from './schema.ts';
import type { Database, Drizzle, SqlClient } from './sql-client.ts';

/**
 * Embedded PostgreSQL (WASM) in a folder: the default for `npm start`. One connection, one core;
 * commits survive a process crash but not a power loss (no fsync), see docs/operations.md.
 * `dataDir` undefined keeps everything in memory (tests).
 */
export async function openPglite(dataDir: string | undefined): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir ? { dataDir } : {});
  const client = (target: Pick<PGlite, 'query' | 'exec'>): SqlClient => ({
    async query<T>(text: string, params?: unknown[]) {
      const result = await target.query<T>(text, params as unknown[] | undefined);
      return result.rows;
    },
    async exec(text: string) {
      await target.exec(text);
    },
  });
  const sql = client(pg);
  return {
    kind: 'pglite',
    drizzle: drizzle({ client: pg, schema }) as unknown as Drizzle,
    sql,
    transaction: (work) => pg.transaction((tx) => work(client(tx))),
    // One process owns a PGlite folder, so there is nobody to race with; keep the same shape.
    withAdvisoryLock: (_key, work) => work(sql),
    close: () => pg.close(),
  };
}
