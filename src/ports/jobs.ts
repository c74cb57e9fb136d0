/**
 * Durable jobs: rows in the database, claimed with FOR UPDATE SKIP LOCKED under a lease. A job
 * whose worker dies is claimed again when its lease runs out. Handlers that make their effect
 * in the store pass the lease to Store.applyDecision, which marks the job done in the same
 * transaction: the effect happens exactly once however often the job runs.
 */
/**
 * Thrown when a worker tries to commit a job's effect after its lease ran out and another worker
 * claimed the job: the effect is rolled back and the job belongs to the other worker. Not a
 * caller-facing error (it never reaches HTTP) and not worth retrying.
 */
export class JobLeaseLost extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId}: lease lost to another worker`);
    this.name = 'JobLeaseLost';
  }
}

export interface JobDraft {
  kind: string;
  payload: Record<string, unknown>;
  runAt: Date;
  /** At most one pending job per key; a second enqueue with the same key is ignored. */
  key?: string | undefined;
  maxAttempts?: number | undefined;
}

export interface JobLease {
  id: string;
  /** Changes at every claim: only the current holder may complete the job. */
  token: string;
}

export interface ClaimedJob extends JobLease {
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  runAt: Date;
}

export interface JobQueue {
  /** Enqueue outside any state change (inside one, pass jobs to Store.applyDecision). */
  enqueue(job: JobDraft): Promise<void>;
  /** Claim up to `limit` due jobs for `leaseMs`. */
  claim(limit: number, leaseMs: number, now: Date): Promise<ClaimedJob[]>;
  /** Mark done, if the lease is still ours; false when another worker holds it now. */
  complete(lease: JobLease, now: Date): Promise<boolean>;
  /** Record a failure: retried at `retryAt`, or dead when attempts are used up. */
  fail(lease: JobLease, error: string, retryAt: Date | null, now: Date): Promise<void>;
  /** Jobs due and not done (the queue depth metric). */
  depth(now: Date): Promise<number>;
}
