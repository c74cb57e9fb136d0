/**
 * The database's own ceilings, measured on the same PostgreSQL in the same run as the HTTP
 * figures: closed-loop workers, each awaiting its statement before sending the next, like
 * autocannon's connections.
 *
 * - raw insert: one single-row INSERT per call into a scratch table with the conversations
 *   table's shape (`LIKE conversations INCLUDING ALL`: same columns, checks and indexes; no
 *   foreign key), one connection per worker;
 * - platform statement: the exact one-statement write the platform runs to open a conversation
 *   (customer upsert + conversation + message + two events, src/adapters/store/sql-statements.ts)
 *   through a pool of DATABASE_POOL_SIZE (10) connections like the server's.
 */
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createConversationSql } from '../../src/adapters/store/sql-statements.ts';
import { MachineCpuMeter, type MachineCpu } from './machine.ts';
import { summarise, type LatencySummary } from './stats.ts';

export interface LoopResult {
  concurrency: number;
  poolSize: number;
  durationS: number;
  perSecond: number;
  latencyMs: LatencySummary;
  errors: number;
  firstError: string | null;
  /** CPU during the loop (the server is stopped: "client" is this process, "postgres" the database). */
  cpu: MachineCpu;
}

type Statement = () => { name?: string; text: string; values: unknown[] };

async function closedLoop(pool: pg.Pool, concurrency: number, durationS: number, warmupS: number, next: Statement): Promise<Omit<LoopResult, 'poolSize' | 'concurrency'>> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let meter: MachineCpuMeter | null = null;
  let done = 0;
  const warmEnd = performance.now() + warmupS * 1000;
  const end = warmEnd + durationS * 1000;
  let measuredFrom = 0;
  const worker = async () => {
    for (;;) {
      const now = performance.now();
      if (now >= end) return;
      const { name, text, values } = next();
      try {
        await pool.query(name ? { name, text, values } : { text, values });
        const after = performance.now();
        if (now >= warmEnd) {
          latencies.push(after - now);
          done += 1;
        }
      } catch (err) {
        errors += 1;
        firstError ??= err instanceof Error ? err.message : String(err);
        // Do not spin on a failing connection.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
  };
  const warm = new Promise<void>((resolve) => setTimeout(() => {
    measuredFrom = performance.now();
    meter = new MachineCpuMeter(null);
    resolve();
  }, warmupS * 1000));
  await Promise.all([warm, ...Array.from({ length: concurrency }, worker)]);
  const elapsed = (performance.now() - measuredFrom) / 1000;
  const cpu = (meter as MachineCpuMeter | null)?.stop() ?? new MachineCpuMeter(null).stop();
  return { durationS: Math.round(elapsed * 10) / 10, perSecond: Math.round(done / elapsed), latencyMs: summarise(latencies), errors, firstError, cpu };
}

/** Single-row INSERTs into a copy of the conversations table, `concurrency` connections at once. */
export async function rawInsertLoop(url: string, concurrency: number, durationS: number, warmupS = 2): Promise<LoopResult> {
  const pool = new pg.Pool({ connectionString: url, max: concurrency, application_name: 'relaydesk-bench-raw' });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_raw_conversations (LIKE conversations INCLUDING ALL)');
    let n = 0;
    const run = uuidv7();
    const text = `INSERT INTO bench_raw_conversations (id, customer_id, channel, state, department, language,
      priority, subject, last_seq, version, origin_client_msg_id, created_at, updated_at)
      VALUES ($1, $2, 'webchat', 'queued', 'general', 'en', 'normal', $3, 1, 1, $4, $5, $5)`;
    const result = await closedLoop(pool, concurrency, durationS, warmupS, () => {
      n += 1;
      return { text, values: [uuidv7(), `bench-raw-${n % 2000}`, 'My deposit has not arrived', `raw-${run}-${n}`, new Date()] };
    });
    return { concurrency, poolSize: concurrency, ...result };
  } finally {
    await pool.end();
  }
}

/**
 * The platform's own "open a conversation" statement, without HTTP, auth or validation. With
 * `prepared`, as a named prepared statement (parsed and planned once per connection) instead of
 * the unnamed statement the store sends today.
 */
export async function platformStatementLoop(url: string, concurrency: number, durationS: number, warmupS = 2, poolSize = 10, prepared = false): Promise<LoopResult & { prepared: boolean }> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, application_name: 'relaydesk-bench-cte' });
  try {
    let n = 0;
    const run = uuidv7();
    const result = await closedLoop(pool, concurrency, durationS, warmupS, () => {
      n += 1;
      const id = uuidv7();
      const customerId = `bench-cte-${n % 2000}`;
      const now = new Date();
      const payloads = [
        // The same payload size as the platform's: the whole conversation in the created event.
        { type: 'conversation.created', conversation: {
          id, customerId, channel: 'webchat', state: 'queued', department: 'general', language: 'en',
          priority: 'normal', assigneeId: null, subject: 'My deposit has not arrived', lastSeq: 1, version: 1,
          createdAt: now, updatedAt: now, resolvedAt: null, closedAt: null,
        } },
        { type: 'conversation.message_posted', messageId: id, seq: 1, authorKind: 'customer', visibility: 'public' },
      ];
      return {
        ...(prepared ? { name: 'bench_create_conversation' } : {}),
        text: createConversationSql,
        values: [id, customerId, 'webchat', 'queued', 'general', 'en', 'normal', 'My deposit has not arrived',
          // No message metadata, no jobs committed with it: the statement as a bot-less create.
          uuidv7(), `cte-${run}-${n}`, 'My deposit has not arrived', JSON.stringify(payloads), now, false, null, null],
      };
    });
    return { concurrency, poolSize, prepared, ...result };
  } finally {
    await pool.end();
  }
}
