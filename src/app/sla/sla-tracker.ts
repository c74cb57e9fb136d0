import type { WireEvent } from '../events/wire-event.ts';
import type { AppDeps } from '../deps.ts';
import { trackSlaJob } from './advance-sla.ts';

/** How often the tracker looks for conversations whose clocks missed a notification, and how far back. */
const SWEEP_MS = 30_000;
const SWEEP_WINDOW_MS = 3600_000;
/** How long the answer to "is there any SLA policy?" is trusted. */
const POLICY_CACHE_MS = 10_000;

export interface TrackerLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Keeps SLA clocks following conversations on a worker node: every committed lifecycle event or
 * message enqueues the conversation's `sla.track` job (one pending per conversation), and a sweep
 * catches conversations whose notification was lost. Without any SLA policy it does nothing, so
 * a platform without SLAs pays nothing on its hot path.
 */
export class SlaTracker {
  private timer: NodeJS.Timeout | null = null;
  private policiesKnownAt = 0;
  private hasPolicies = false;

  constructor(
    private readonly deps: AppDeps,
    private readonly logger: TrackerLogger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => this.logger.warn({ err }, 'SLA sweep failed'));
    }, SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  onEvent(event: WireEvent): void {
    const type = event.payload.type;
    if (type !== 'conversation.created' && type !== 'conversation.status_changed' && type !== 'conversation.message_posted') return;
    this.policiesExist()
      .then((exist) => (exist ? this.deps.jobs.enqueue(trackSlaJob(event.conversationId, this.deps.clock.now())) : undefined))
      .catch((err: unknown) => this.logger.warn({ err }, 'could not enqueue an SLA update'));
  }

  /** Enqueue the clocks of conversations that are behind their events (a notification was lost). */
  async sweep(): Promise<number> {
    if (!(await this.policiesExist())) return 0;
    const now = this.deps.clock.now();
    const behind = await this.deps.sla.behind(new Date(now.getTime() - SWEEP_WINDOW_MS), 500);
    for (const id of behind) await this.deps.jobs.enqueue(trackSlaJob(id, now));
    return behind.length;
  }

  private async policiesExist(): Promise<boolean> {
    const now = Date.now();
    if (now - this.policiesKnownAt > POLICY_CACHE_MS) {
      this.hasPolicies = (await this.deps.sla.listPolicies()).length > 0;
      this.policiesKnownAt = now;
    }
    return this.hasPolicies;
  }
}
