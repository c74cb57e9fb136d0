import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/** A plain SQL executor with positional parameters ($1, $2, ...). */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Run a script of several statements without parameters (migrations, seeds). */
  exec(text: string): Promise<void>;
}

export type Drizzle = PgDatabase<PgQueryResultHKT, typeof schema>;

/**
 * One connection to PostgreSQL, embedded (PGlite) or server (`pg`). Both speak the same SQL; the
 * store and every SQL adapter are written once against this.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres';
  /** Drizzle over the same connection, for ordinary typed queries. */
  readonly drizzle: Drizzle;
  /** Raw statements, for the hot single-statement writes. */
  readonly sql: SqlClient;
  /** Run `work` in one transaction; it commits when `work` resolves and rolls back when it throws. */
  transaction<T>(work: (tx: SqlClient) => Promise<T>): Promise<T>;
  /** Run `work` while holding a cluster-wide advisory lock (migrations). */
  withAdvisoryLock<T>(key: number, work: (client: SqlClient) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PostgreSQL error code of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === UNIQUE_VIOLATION;
}
