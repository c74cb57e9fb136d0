import { JobLeaseLost, type ClaimedJob } from '../../ports/jobs.ts';
import type { AppDeps } from '../deps.ts';

/** Does a job's work. Throwing means "try again later"; the worker backs off. */
export type JobHandler = (deps: AppDeps, job: ClaimedJob) => Promise<unknown>;

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface JobWorkerOptions {
  pollMs: number;
  batchSize: number;
  /** A job not finished within its lease is claimed again by any worker. */
  leaseMs: number;
  /** Retry delays grow 2^attempt × base, capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultWorkerOptions: JobWorkerOptions = {
  pollMs: 1_000,
  batchSize: 20,
  leaseMs: 60_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 3_600_000,
};

/** When a failed job runs again: exponential backoff with full jitter. */
export function retryDelayMs(attempt: number, options: Pick<JobWorkerOptions, 'backoffBaseMs' | 'backoffMaxMs'>, random = Math.random): number {
  const ceiling = Math.min(options.backoffMaxMs, options.backoffBaseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Polls the durable job table and runs due jobs. Any number of workers on any number of nodes
 * may run at once: claiming uses SKIP LOCKED and a lease, so each claim goes to one worker.
 */
export class JobWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = true;
  private settled = true;
  private wakeRequested = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly handlers: Record<string, JobHandler>,
    private readonly logger: WorkerLogger,
    private readonly options: JobWorkerOptions = defaultWorkerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for the jobs in hand to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => 0);
  }

  /**
   * Poll now instead of at the next tick: a job was just committed that a person is waiting for
   * (the bot's answer). While a poll is running, the one after it starts at once instead.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.running && !this.settled) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.settled = false;
      this.running = this.runOnce().finally(() => {
        this.settled = true;
      });
      this.running.then(
        (count) => {
          const again = count >= this.options.batchSize || this.wakeRequested;
          this.wakeRequested = false;
          this.schedule(again ? 0 : this.options.pollMs);
        },
        (err: unknown) => {
          this.logger.warn({ err }, 'job poll failed');
          this.schedule(this.options.pollMs);
        },
      );
    }, delay);
    this.timer.unref();
  }

  /** Claim and run one batch of due jobs; returns how many were claimed. */
  async runOnce(): Promise<number> {
    const jobs = await this.deps.jobs.claim(this.options.batchSize, this.options.leaseMs, this.deps.clock.now());
    for (const job of jobs) await this.run(job);
    return jobs.length;
  }

  private async run(job: ClaimedJob): Promise<void> {
    const handler = this.handlers[job.kind];
    const now = () => this.deps.clock.now();
    if (!handler) {
      this.logger.error({ jobId: job.id, kind: job.kind }, 'no handler for job kind; marking it dead');
      await this.deps.jobs.fail(job, `no handler for ${job.kind}`, null, now());
      return;
    }
    try {
      await handler(this.deps, job);
      // Handlers that committed their effect with the job already completed it; this is a no-op then.
      await this.deps.jobs.complete(job, now());
    } catch (err) {
      if (err instanceof JobLeaseLost) {
        // Its effect rolled back; the worker that holds the job now runs it to completion.
        this.logger.info({ jobId: job.id, kind: job.kind }, 'job lease lost to another worker; its run was rolled back');
        return;
      }
      const last = job.attempts >= job.maxAttempts;
      const retryAt = last ? null : new Date(now().getTime() + retryDelayMs(job.attempts, this.options));
      this.logger.warn({ err, jobId: job.id, kind: job.kind, attempt: job.attempts, dead: last }, 'job failed');
      await this.deps.jobs.fail(job, err instanceof Error ? err.message : String(err), retryAt, now());
    }
  }
}
