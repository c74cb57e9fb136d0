import { createHash } from 'node:crypto';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';
import type { Database, Drizzle, SqlClient } from './sql-client.ts';

// int8 (bigint ids, counts) as strings is pg's default; timestamps stay Dates.

export interface PostgresOptions {
  url: string;
  /** About 10 fits 2 cores; more connections queue inside PostgreSQL instead of in the app. */
  poolSize: number;
  applicationName?: string;
}

/** PostgreSQL server through a `pg` pool: cluster mode. */
export async function openPostgres(options: PostgresOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    application_name: options.applicationName ?? 'relaydesk',
  });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const wrap = (target: Pick<pg.Pool, 'query'> | pg.PoolClient): SqlClient => ({
    async query<T>(text: string, params?: unknown[]) {
      const name = params === undefined ? undefined : statementName(text);
      const result = await target.query({ text, values: params, name });
      return result.rows as T[];
    },
    async exec(text: string) {
      await target.query(text);
    },
  });
  const sql = wrap(pool);
  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    let broken = false;
    try {
      return await work(client);
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      // A client whose transaction failed half-way is discarded rather than reused.
      client.release(broken);
    }
  }
  return {
    kind: 'postgres',
    drizzle: drizzle({ client: pool, schema }) as unknown as Drizzle,
    sql,
    transaction: (work) =>
      withClient(async (client) => {
        await client.query('BEGIN');
        try {
          const result = await work(wrap(client));
          await client.query('COMMIT');
          return result;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        }
      }),
    withAdvisoryLock: (key, work) =>
      withClient(async (client) => {
        await client.query('SELECT pg_advisory_lock($1)', [key]);
        try {
          return await work(wrap(client));
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
        }
      }),
    close: () => pool.end(),
  };
}

/**
 * Parameterised statements are prepared once per connection under a name derived from their text:
 * PostgreSQL then skips parsing and planning on every later call, which nearly doubles the rate of
 * the hot CTE writes (see BENCHMARKS.md). Our statement texts are constants, so the set is small; a
 * cap keeps a caller that builds SQL dynamically from growing every connection's statement cache.
 */
const MAX_NAMED_STATEMENTS = 500;
const statementNames = new Map<string, string>();

function statementName(text: string): string | undefined {
  const known = statementNames.get(text);
  if (known !== undefined || statementNames.size >= MAX_NAMED_STATEMENTS) return known;
  const name = `rd_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  statementNames.set(text, name);
  return name;
}
