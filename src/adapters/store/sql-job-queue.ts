
import type { ClaimedJob, JobDraft, JobLease, JobQueue } from '../../ports/jobs.ts';
import type { Database, SqlClient } from './sql-client.ts';

/** Insert jobs on any client, a transaction's included; a pending job with the same key wins. */
export async function enqueueJobs(client: SqlClient, jobs: JobDraft[]): Promise<void> {
  for (const job of jobs) {
    await client.query(
      `INSERT INTO jobs (kind, payload, key, run_at, max_attempts) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) WHERE done_at IS NULL AND dead_at IS NULL DO NOTHING`,
      [job.kind, JSON.stringify(job.payload), job.key ?? null, job.runAt, job.maxAttempts ?? 10],
    );
  }
}

/** Mark a job done if `lease` still holds it; false when the lease was lost to another worker. */
export async function completeJobIn(client: SqlClient, lease: JobLease, now: Date): Promise<boolean> {
  const rows = await client.query(
    `UPDATE jobs SET done_at = $3, locked_until = NULL
     WHERE id = $1 AND lease_token = $2 AND done_at IS NULL RETURNING id`,
    [lease.id, lease.token, now],
  );
  return rows.length === 1;
}

interface JobRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  lease_token: string;
}

/** The JobQueue port over the `jobs` table (PGlite and PostgreSQL alike). */
export class SqlJobQueue implements JobQueue {
  constructor(private readonly db: Database) {}

  async enqueue(job: JobDraft): Promise<void> {
    await enqueueJobs(this.db.sql, [job]);
  }

  async claim(limit: number, leaseMs: number, now: Date): Promise<ClaimedJob[]> {
    // SKIP LOCKED: nodes claiming at once take different rows instead of waiting on each other.
    // A new lease token per claim fences off a worker whose lease ran out.
    const rows = await this.db.sql.query<JobRow>(
      `UPDATE jobs SET attempts = attempts + 1, lease_token = gen_random_uuid(),
         locked_until = $2::timestamptz + make_interval(secs => $3::double precision / 1000)
       WHERE id IN (
         SELECT id FROM jobs
         WHERE done_at IS NULL AND dead_at IS NULL AND run_at <= $2
           AND (locked_until IS NULL OR locked_until < $2)
         ORDER BY run_at, id
         LIMIT $1
         FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id, kind, payload, attempts, max_attempts, run_at, lease_token::text AS lease_token`,
      [limit, now, leaseMs],
    );
    return rows.map((row) => ({
      id: row.id,
      token: row.lease_token,
      kind: row.kind,
      payload: row.payload,
      attempts: Number(row.attempts),
      maxAttempts: Number(row.max_attempts),
      runAt: row.run_at instanceof Date ? row.run_at : new Date(row.run_at),
    }));
  }

  complete(lease: JobLease, now: Date): Promise<boolean> {
    return completeJobIn(this.db.sql, lease, now);
  }

  async fail(lease: JobLease, error: string, retryAt: Date | null, now: Date): Promise<void> {
    await this.db.sql.query(
      `UPDATE jobs SET last_error = $3, locked_until = NULL,
         run_at = COALESCE($4, run_at),
         dead_at = CASE WHEN $4::timestamptz IS NULL OR attempts >= max_attempts THEN $5::timestamptz END
       WHERE id = $1 AND lease_token = $2 AND done_at IS NULL`,
      [lease.id, lease.token, error.slice(0, 2000), retryAt, now],
    );
  }

  async depth(now: Date): Promise<number> {
    const [row] = await this.db.sql.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM jobs WHERE done_at IS NULL AND dead_at IS NULL AND run_at <= $1',
      [now],
    );
    return Number(row?.n ?? 0);
  }
}

