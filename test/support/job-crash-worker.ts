/**
 * A job worker that dies in the middle of a job, for test/integration/jobs.test.ts. Run as
 *   node --import tsx test/support/job-crash-worker.ts <databaseUrl> <nowIso> <leaseMs> <autoCloseAfterMs>
 * It wires the real platform (real store, real job queue, real handlers) on PostgreSQL, with one
 * change: the store's transaction pauses after its work and before COMMIT. It claims one due job
 * with the given lease and runs it through the real JobWorker; once the handler's effect and the
 * job's completion are written but not committed, it prints one JSON line
 * `{"ready":true,"jobId":...,"token":...}` and waits for ever, for the parent to SIGKILL it.
 */
import pino from 'pino';
import { createMemoryBus } from '../../src/adapters/bus/memory-bus.ts';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import type { Database } from '../../src/adapters/store/sql-client.ts';
import { jobHandlers } from '../../src/app/jobs/handlers.ts';
import { JobWorker } from '../../src/app/jobs/job-worker.ts';
import { composePlatform } from '../../src/compose.ts';
import { loadConfig } from '../../src/config.ts';
import type { ClaimedJob } from '../../src/ports/jobs.ts';
import { TEST_SECRET } from './build.ts';

const [url, nowIso, leaseMs, autoCloseAfterMs] = process.argv.slice(2);
if (!url || !nowIso || !leaseMs || !autoCloseAfterMs) {
  process.stderr.write('usage: job-crash-worker.ts <databaseUrl> <nowIso> <leaseMs> <autoCloseAfterMs>\n');
  process.exit(2);
}

const now = new Date(nowIso);
const db = await openPostgres({ url, poolSize: 2, applicationName: 'relaydesk-crash-worker' });
let claimed: ClaimedJob | null = null;

// The same database, except that the job's transaction stops right before COMMIT, holding its
// locks (transactions before the claim, such as seeding the knowledge base at start, run as usual).
const pausing: Database = {
  ...db,
  transaction: (work) =>
    claimed === null ? db.transaction(work) : db.transaction(async (tx) => {
      const result = await work(tx);
      process.stdout.write(`${JSON.stringify({ ready: true, jobId: claimed?.id ?? null, token: claimed?.token ?? null })}\n`);
      await new Promise<never>(() => undefined);
      return result;
    }),
};

const platform = await composePlatform(
  loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    ROLES: 'web',
    SEED_DEMO_DATA: 'false',
    BOT_ENABLED: 'false',
    CUSTOMER_TOKEN_SECRET: TEST_SECRET,
    SESSION_SECRET: TEST_SECRET,
    AUTO_CLOSE_AFTER_MS: autoCloseAfterMs,
  }),
  { database: pausing, bus: createMemoryBus(), clock: { now: () => now }, logger: pino({ level: 'silent' }) },
);

// Remember which job the worker claimed, so the readiness line can name it.
const jobs = platform.deps.jobs;
const claim = jobs.claim.bind(jobs);
jobs.claim = async (...args) => {
  const taken = await claim(...args);
  claimed = taken[0] ?? null;
  return taken;
};

const worker = new JobWorker(platform.deps, jobHandlers, { info() {}, warn() {}, error() {} }, {
  pollMs: 1_000,
  batchSize: 1,
  leaseMs: Number(leaseMs),
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
});
const count = await worker.runOnce();
// Only reached when there was nothing to claim (or the handler never opened a transaction).
process.stdout.write(`${JSON.stringify({ ready: false, claimed: count })}\n`);
process.exit(1);
