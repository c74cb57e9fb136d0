/**
 * Durable jobs on the real database (PGlite always, PostgreSQL when TEST_DATABASE_URL is set):
 * retries with backoff, dead jobs, SKIP LOCKED claims, lease expiry and fencing, the auto-close
 * job end to end, and a worker that dies in the middle of a job.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import type { Database } from '../../src/adapters/store/sql-client.ts';
import { SqlJobQueue } from '../../src/adapters/store/sql-job-queue.ts';
import { SqlStore } from '../../src/adapters/store/sql-store.ts';
import { closeResolvedConversation, closeResolvedJobKind } from '../../src/app/conversations/close-resolved-conversation.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { jobHandlers } from '../../src/app/jobs/handlers.ts';
import { JobWorker, type JobHandler, type JobWorkerOptions } from '../../src/app/jobs/job-worker.ts';
import type { Clock } from '../../src/ports/clock.ts';
import { JobLeaseLost, type ClaimedJob } from '../../src/ports/jobs.ts';
import { build, type TestPlatform } from '../support/build.ts';
import { databaseKinds, type DatabaseKind } from '../support/databases.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const AUTO_CLOSE_MS = 60_000;
const silent = { info() {}, warn() {}, error() {} };
const workerOptions: JobWorkerOptions = { pollMs: 50, batchSize: 10, leaseMs: 30_000, backoffBaseMs: 1_000, backoffMaxMs: 60_000 };

/** A clock the test moves by hand: the worker and the use cases read it, nobody sleeps. */
class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-03-01T12:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): Date {
    this.ms += ms;
    return this.now();
  }
  set(at: Date): void {
    this.ms = at.getTime();
  }
}

interface JobRow {
  id: string;
  kind: string;
  attempts: number;
  run_at: Date;
  done_at: Date | null;
  dead_at: Date | null;
  locked_until: Date | null;
  last_error: string | null;
}

async function jobRows(db: Database, kind: string): Promise<JobRow[]> {
  const rows = await db.sql.query<JobRow>(
    `SELECT id::text AS id, kind, attempts, run_at, done_at, dead_at, locked_until, last_error
     FROM jobs WHERE kind = $1 ORDER BY id`,
    [kind],
  );
  return rows.map((row) => ({ ...row, attempts: Number(row.attempts), run_at: new Date(row.run_at) }));
}

async function onlyJob(db: Database, kind: string): Promise<JobRow> {
  const rows = await jobRows(db, kind);
  expect(rows).toHaveLength(1);
  return rows[0] as JobRow;
}

/** Every resolved -> closed transition ever recorded for the conversation. */
async function closings(db: Database, conversationId: string): Promise<unknown[]> {
  const rows = await db.sql.query<{ payload: { from: string; to: string } }>(
    `SELECT payload FROM events WHERE conversation_id = $1 AND type = 'conversation.status_changed' ORDER BY id`,
    [conversationId],
  );
  return rows.map((row) => row.payload).filter((p) => p.from === 'resolved' && p.to === 'closed');
}

async function stateOf(db: Database, conversationId: string): Promise<string> {
  const [row] = await db.sql.query<{ state: string }>('SELECT state FROM conversations WHERE id = $1', [conversationId]);
  return row?.state ?? 'missing';
}

describe.each(databaseKinds)('durable jobs on %s', (kind: DatabaseKind) => {
  let t: TestPlatform;
  const clock = new ManualClock();
  const extraDatabases: Database[] = [];

  // One platform per database kind, with no background worker: each test runs the worker by hand.
  beforeAll(async () => {
    t = await build({ kind, clock, env: { ROLES: 'web,realtime', AUTO_CLOSE_AFTER_MS: String(AUTO_CLOSE_MS) } });
  });
  afterAll(async () => {
    await t?.close();
  });
  // Each test starts with an empty job table, a day after the previous one.
  beforeEach(async () => {
    await t.database.db.sql.query('DELETE FROM jobs');
    clock.advance(24 * 3600_000);
  });
  afterEach(async () => {
    for (const db of extraDatabases.splice(0)) await db.close();
  });

  const worker = (deps: AppDeps, handlers: Record<string, JobHandler> = jobHandlers, options: Partial<JobWorkerOptions> = {}) =>
    new JobWorker(deps, handlers, silent, { ...workerOptions, ...options });

  /** A customer opens a conversation over HTTP; an agent resolves it over HTTP, at the clock's time. */
  async function resolvedConversation(p: TestPlatform): Promise<{ id: string; cookie: string; resolvedAt: Date }> {
    const customer = await p.customerToken();
    const agent = await p.agent(['agent']);
    const created = await p.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${customer.token}` },
      payload: { clientMsgId: 'open-1', body: 'My BTC withdrawal is pending' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().conversation.id as string;
    const resolvedAt = clock.now();
    await act(p, agent.cookie, id, 'resolve', 'resolved');
    return { id, cookie: agent.cookie, resolvedAt };
  }

  async function act(p: TestPlatform, cookie: string, id: string, action: 'resolve' | 'reopen', expected: string): Promise<void> {
    const response = await p.platform.app.inject({ method: 'POST', url: `/api/v1/conversations/${id}/${action}`, headers: { cookie }, payload: {} });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().conversation.state).toBe(expected);
  }

  it('retries a failing job with growing backoff, then marks it done', async () => {
    const p = t;
    const db = p.database.db;
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      'test.flaky': async () => {
        calls += 1;
        if (calls <= 2) throw new Error(`transient failure ${calls}`);
      },
    };
    await p.platform.deps.jobs.enqueue({ kind: 'test.flaky', payload: {}, runAt: clock.now(), maxAttempts: 5 });
    const w = worker(p.platform.deps, handlers);

    const firstRun = clock.now();
    expect(await w.runOnce()).toBe(1);
    const afterFirst = await onlyJob(db, 'test.flaky');
    expect(afterFirst).toMatchObject({ attempts: 1, done_at: null, dead_at: null, locked_until: null, last_error: 'transient failure 1' });
    // Attempt 1: 2^1 x 1 s with full jitter, so between 1 and 2 s later.
    const firstDelay = afterFirst.run_at.getTime() - firstRun.getTime();
    expect(firstDelay).toBeGreaterThanOrEqual(1_000);
    expect(firstDelay).toBeLessThanOrEqual(2_000);

    // Not due yet: nothing runs.
    clock.advance(firstDelay - 1);
    expect(await w.runOnce()).toBe(0);
    expect(calls).toBe(1);

    const secondRun = clock.advance(1);
    expect(await w.runOnce()).toBe(1);
    const afterSecond = await onlyJob(db, 'test.flaky');
    expect(afterSecond).toMatchObject({ attempts: 2, done_at: null, dead_at: null, last_error: 'transient failure 2' });
    const secondDelay = afterSecond.run_at.getTime() - secondRun.getTime();
    expect(afterSecond.run_at.getTime()).toBeGreaterThan(afterFirst.run_at.getTime());
    expect(secondDelay).toBeGreaterThanOrEqual(2_000);
    expect(secondDelay).toBeLessThanOrEqual(4_000);

    clock.set(afterSecond.run_at);
    expect(await w.runOnce()).toBe(1);
    expect(calls).toBe(3);
    const done = await onlyJob(db, 'test.flaky');
    expect(done.attempts).toBe(3);
    expect(done.done_at).not.toBeNull();
    expect(done.dead_at).toBeNull();

    clock.advance(24 * 3600_000);
    expect(await w.runOnce()).toBe(0);
    expect(calls).toBe(3);
    expect(await p.platform.deps.jobs.depth(clock.now())).toBe(0);
  });

  it('marks a job dead once its attempts are used up, and never runs it again', async () => {
    const p = t;
    const db = p.database.db;
    let calls = 0;
    const handlers: Record<string, JobHandler> = {
      'test.broken': async () => {
        calls += 1;
        throw new Error('always broken');
      },
    };
    await p.platform.deps.jobs.enqueue({ kind: 'test.broken', payload: {}, runAt: clock.now(), maxAttempts: 2 });
    await p.platform.deps.jobs.enqueue({ kind: 'test.unknown', payload: {}, runAt: clock.now() });
    const w = worker(p.platform.deps, handlers);

    expect(await w.runOnce()).toBe(2);
    expect(await onlyJob(db, 'test.broken')).toMatchObject({ attempts: 1, dead_at: null });
    // A kind nobody handles is dead at once: retrying cannot help it.
    expect((await onlyJob(db, 'test.unknown')).dead_at).not.toBeNull();

    clock.set((await onlyJob(db, 'test.broken')).run_at);
    expect(await w.runOnce()).toBe(1);
    const dead = await onlyJob(db, 'test.broken');
    expect(dead.attempts).toBe(2);
    expect(dead.dead_at).not.toBeNull();
    expect(dead.done_at).toBeNull();
    expect(dead.last_error).toBe('always broken');

    clock.advance(30 * 24 * 3600_000);
    expect(await w.runOnce()).toBe(0);
    expect(calls).toBe(2);
    expect(await p.platform.deps.jobs.depth(clock.now())).toBe(0);
  });

  it('never gives one job to two workers claiming at the same time (SKIP LOCKED)', async () => {
    const p = t;
    const db = p.database.db;
    const jobs = Array.from({ length: 200 }, (_, i) => ({ kind: 'test.parallel', payload: { i }, runAt: clock.now() }));
    for (const job of jobs) await p.platform.deps.jobs.enqueue(job);
    // Two queues: on PostgreSQL each with its own connection pool, as two nodes would have.
    let second: Database = db;
    if (kind === 'postgres') {
      second = await openPostgres({ url: p.database.url ?? '', poolSize: 5 });
      extraDatabases.push(second);
    }
    const queues = [new SqlJobQueue(db), new SqlJobQueue(second)];
    const claimedBy: string[][] = [[], []];
    // Four claim loops per queue, small batches, until the table is empty.
    await Promise.all(queues.flatMap((queue, q) => Array.from({ length: 4 }, async () => {
      for (;;) {
        const taken = await queue.claim(7, 60_000, clock.now());
        if (taken.length === 0) return;
        claimedBy[q]?.push(...taken.map((job) => job.id));
      }
    })));
    const all = claimedBy.flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
    const rows = await jobRows(db, 'test.parallel');
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
    expect(new Set(rows.map((row) => row.id))).toEqual(new Set(all));
  });

  it.runIf(kind === 'postgres')('skips rows another node has locked instead of waiting for them', async () => {
    const p = t;
    const db = p.database.db;
    for (let i = 0; i < 20; i += 1) await p.platform.deps.jobs.enqueue({ kind: 'test.locked', payload: { i }, runAt: clock.now() });
    const other = await openPostgres({ url: p.database.url ?? '', poolSize: 2 });
    extraDatabases.push(other);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked: string[] = [];
    let lockedNow!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      lockedNow = resolve;
    });
    // Another node is in the middle of claiming five jobs: it holds their row locks.
    const holder = other.transaction(async (tx) => {
      const rows = await tx.query<{ id: string }>('SELECT id::text AS id FROM jobs ORDER BY run_at, id LIMIT 5 FOR UPDATE');
      locked = rows.map((row) => row.id);
      lockedNow();
      await holding;
    });
    await lockTaken;
    const started = Date.now();
    const taken = await new SqlJobQueue(db).claim(100, 60_000, clock.now());
    const waitedMs = Date.now() - started;
    release();
    await holder;
    expect(taken).toHaveLength(15);
    expect(taken.some((job) => locked.includes(job.id))).toBe(false);
    expect(waitedMs).toBeLessThan(2_000);
  });

  it('gives a job whose worker went silent to another worker after the lease, and fences the old one off', async () => {
    const p = t;
    const db = p.database.db;
    const queue = p.platform.deps.jobs;
    await queue.enqueue({ kind: 'test.lease', payload: {}, runAt: clock.now() });
    const start = clock.now();
    const [first] = await queue.claim(10, 10_000, start);
    expect(first).toBeDefined();
    // Within the lease nobody else gets it.
    expect(await queue.claim(10, 10_000, new Date(start.getTime() + 9_999))).toHaveLength(0);
    expect(await queue.claim(10, 10_000, new Date(start.getTime() + 10_000))).toHaveLength(0);
    const [second] = await queue.claim(10, 10_000, new Date(start.getTime() + 10_001));
    expect(second?.id).toBe(first?.id);
    expect(second?.token).not.toBe(first?.token);
    expect(second?.attempts).toBe(2);

    // The first worker wakes up: it can neither complete nor fail the job any more.
    const late = new Date(start.getTime() + 11_000);
    await queue.fail(first as ClaimedJob, 'late failure', new Date(start.getTime() + 99_000), late);
    expect(await queue.complete(first as ClaimedJob, late)).toBe(false);
    expect(await onlyJob(db, 'test.lease')).toMatchObject({ done_at: null, dead_at: null, last_error: null, attempts: 2 });
    expect(await queue.complete(second as ClaimedJob, late)).toBe(true);
    expect(await queue.complete(second as ClaimedJob, late)).toBe(false);
    expect((await onlyJob(db, 'test.lease')).done_at).not.toBeNull();
    expect(await queue.claim(10, 10_000, new Date(start.getTime() + 3600_000))).toHaveLength(0);
  });

  it('rolls back the effect of a worker whose lease ran out (the auto-close commits with its job)', async () => {
    const p = t;
    const db = p.database.db;
    const { id } = await resolvedConversation(p);
    const due = clock.advance(AUTO_CLOSE_MS + 1);
    const [stale] = await p.platform.deps.jobs.claim(1, 5_000, due);
    clock.advance(5_001);
    const [current] = await p.platform.deps.jobs.claim(1, 5_000, clock.now());
    expect(current?.id).toBe(stale?.id);
    // The stale holder runs the handler late: the close would be right, but the job is not its own.
    await expect(closeResolvedConversation(p.platform.deps, stale as ClaimedJob)).rejects.toBeInstanceOf(JobLeaseLost);
    expect(await stateOf(db, id)).toBe('resolved');
    expect(await closeResolvedConversation(p.platform.deps, current as ClaimedJob)).toBe(true);
    expect(await stateOf(db, id)).toBe('closed');
    expect(await closings(db, id)).toHaveLength(1);
  });

  it('closes a resolved conversation once its grace period is over, exactly once', async () => {
    const p = t;
    const db = p.database.db;
    const { id, cookie } = await resolvedConversation(p);
    const w = worker(p.platform.deps);
    const job = await onlyJob(db, closeResolvedJobKind);
    expect(job.run_at.getTime()).toBe(clock.now().getTime() + AUTO_CLOSE_MS);

    clock.advance(AUTO_CLOSE_MS - 1);
    expect(await w.runOnce()).toBe(0);
    expect(await stateOf(db, id)).toBe('resolved');

    clock.advance(1);
    expect(await w.runOnce()).toBe(1);
    const seen = await p.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: { cookie } });
    expect(seen.json().conversation).toMatchObject({ state: 'closed' });
    expect(await closings(db, id)).toEqual([{ type: 'conversation.status_changed', from: 'resolved', to: 'closed', reason: 'auto_close' }]);
    expect((await onlyJob(db, closeResolvedJobKind)).done_at).not.toBeNull();

    clock.advance(AUTO_CLOSE_MS * 10);
    expect(await w.runOnce()).toBe(0);
    expect(await closings(db, id)).toHaveLength(1);
  });

  it('runs the auto-close of a conversation reopened before it was due, and leaves the conversation open', async () => {
    const p = t;
    const db = p.database.db;
    const { id, cookie } = await resolvedConversation(p);
    const w = worker(p.platform.deps);
    clock.advance(10_000);
    await act(p, cookie, id, 'reopen', 'queued');

    clock.advance(AUTO_CLOSE_MS);
    expect(await w.runOnce()).toBe(1);
    expect(await stateOf(db, id)).toBe('queued');
    expect(await closings(db, id)).toHaveLength(0);
    const job = await onlyJob(db, closeResolvedJobKind);
    expect(job.done_at).not.toBeNull();
    expect(job.attempts).toBe(1);
  });

  it('still closes a conversation resolved again after a reopen within the grace period', async () => {
    const p = t;
    const db = p.database.db;
    const { id, cookie } = await resolvedConversation(p);
    const w = worker(p.platform.deps);
    clock.advance(10_000);
    await act(p, cookie, id, 'reopen', 'queued');
    clock.advance(10_000);
    await act(p, cookie, id, 'resolve', 'resolved');
    const resolvedAgainAt = clock.now();

    // The first resolution's job comes due: the second resolution is not due yet.
    clock.set(new Date(resolvedAgainAt.getTime() + AUTO_CLOSE_MS - 1));
    await w.runOnce();
    expect(await stateOf(db, id)).toBe('resolved');

    clock.advance(1);
    await w.runOnce();
    expect(await stateOf(db, id)).toBe('closed');
    expect(await closings(db, id)).toHaveLength(1);
    const jobs = await jobRows(db, closeResolvedJobKind);
    expect(jobs).toHaveLength(2);
    expect(jobs.every((job) => job.done_at !== null && job.attempts === 1)).toBe(true);
  });

  it('closes once when a worker crashes mid-job before commit and another runs it after the lease', async () => {
    const p = t;
    const db = p.database.db;
    const { id } = await resolvedConversation(p);
    const due = clock.advance(AUTO_CLOSE_MS + 1);
    const leaseMs = 5_000;

    if (kind === 'postgres') {
      const child = await crashMidJob(db, p.database.url ?? '', due, leaseMs);
      // The child wrote the close and the job's completion, uncommitted: nobody else sees them.
      expect(await stateOf(db, id)).toBe('resolved');
      expect(await closings(db, id)).toHaveLength(0);
      expect((await onlyJob(db, closeResolvedJobKind)).attempts).toBe(1);
      expect(child.jobId).toBe((await onlyJob(db, closeResolvedJobKind)).id);
    } else {
      // One process owns a PGlite database: the crash is the transaction failing before COMMIT,
      // with no worker left to record the failure.
      const crashing: Database = {
        ...db,
        transaction: (work) => db.transaction(async (tx) => {
          await work(tx);
          throw new Error('process died before COMMIT');
        }),
      };
      const [claimed] = await p.platform.deps.jobs.claim(1, leaseMs, due);
      const crashDeps: AppDeps = { ...p.platform.deps, store: new SqlStore(crashing) };
      await expect(closeResolvedConversation(crashDeps, claimed as ClaimedJob)).rejects.toThrow('process died before COMMIT');
    }
    expect(await stateOf(db, id)).toBe('resolved');
    expect(await closings(db, id)).toHaveLength(0);
    expect((await onlyJob(db, closeResolvedJobKind)).done_at).toBeNull();

    const w = worker(p.platform.deps);
    // Still leased by the dead worker: not claimed again yet.
    clock.set(new Date(due.getTime() + leaseMs));
    expect(await w.runOnce()).toBe(0);
    clock.advance(1);
    expect(await w.runOnce()).toBe(1);
    expect(await stateOf(db, id)).toBe('closed');
    expect(await closings(db, id)).toHaveLength(1);
    const job = await onlyJob(db, closeResolvedJobKind);
    expect(job.done_at).not.toBeNull();
    expect(job.attempts).toBe(2);
    clock.advance(AUTO_CLOSE_MS);
    expect(await w.runOnce()).toBe(0);
    expect(await closings(db, id)).toHaveLength(1);
  });
});

/**
 * Run test/support/job-crash-worker.ts: it claims the due job with `leaseMs` and stops right
 * before its handler's COMMIT; then SIGKILL it and wait until it is gone.
 */
async function crashMidJob(db: Database, url: string, now: Date, leaseMs: number): Promise<{ jobId: string | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/job-crash-worker.ts', url, now.toISOString(), String(leaseMs), String(AUTO_CLOSE_MS)], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TZ: 'UTC', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`crash worker not ready after 20 s: ${stderr}`)), 20_000);
      createInterface({ input: child.stdout }).once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      void exited.then((how) => reject(new Error(`crash worker exited early (${String(how)}): ${stderr}`)));
    });
    const ready = JSON.parse(line) as { ready: boolean; jobId?: string | null };
    expect(ready.ready, line).toBe(true);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // PostgreSQL rolls the open transaction back when it notices the connection is gone.
    for (let waited = 0; ; waited += 20) {
      const [row] = await db.sql.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'relaydesk-crash-worker'",
      );
      if (row?.n === 0) break;
      if (waited > 10_000) throw new Error('the crashed worker\'s connection is still open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { jobId: ready.jobId ?? null };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
