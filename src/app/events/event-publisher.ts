import type { ConversationEvent } from '../../core/conversations/events.ts';
import { busSubjects, type Bus } from '../../ports/bus.ts';
import type { Clock } from '../../ports/clock.ts';
import type { Store } from '../../ports/store.ts';
import { toWireEvent } from './wire-event.ts';

export interface PublisherLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Publishes committed events to the bus, after commit, and keeps the outbox honest: events it
 * published are marked in batches, and a periodic sweep republishes any event still unmarked
 * after `sweepAfterMs` (its node died between commit and publish). Receivers drop duplicates by
 * seq, so publishing twice is harmless and publishing never is impossible.
 */
export class EventPublisher {
  private published: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping = false;

  constructor(
    private readonly bus: Bus,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly logger: PublisherLogger,
    private readonly options = { flushMs: 200, sweepEveryMs: 2_000, sweepAfterMs: 5_000 },
  ) {}

  /** Hand committed events to the bus. Never throws: a failed publish is left to the sweep. */
  publish(events: ConversationEvent[]): void {
    for (const event of events) {
      this.bus.publish(busSubjects.conversationEvents, toWireEvent(event)).then(
        () => this.markLater(event.id),
        (err: unknown) => this.logger.warn({ err, eventId: event.id }, 'publish failed; the outbox sweep will retry'),
      );
    }
  }

  /** Start the outbox sweep (run it on nodes with the worker role). */
  startSweeping(): void {
    this.sweepTimer ??= setInterval(() => void this.sweep(), this.options.sweepEveryMs);
    this.sweepTimer.unref();
  }

  /** Republish events that were committed but never marked as published. */
  async sweep(): Promise<number> {
    if (this.sweeping) return 0;
    this.sweeping = true;
    try {
      const olderThan = new Date(this.clock.now().getTime() - this.options.sweepAfterMs);
      const stale = await this.store.unpublishedEvents(olderThan, 500);
      for (const event of stale) await this.bus.publish(busSubjects.conversationEvents, toWireEvent(event));
      await this.store.markPublished(stale.map((event) => event.id));
      return stale.length;
    } catch (err) {
      this.logger.warn({ err }, 'outbox sweep failed');
      return 0;
    } finally {
      this.sweeping = false;
    }
  }

  private markLater(id: string): void {
    if (!id) return;
    this.published.push(id);
    this.flushTimer ??= setTimeout(() => void this.flush(), this.options.flushMs);
  }

  /** Mark what was published (batched: one UPDATE per interval, not one per event). */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    const ids = this.published;
    this.published = [];
    if (ids.length === 0) return;
    try {
      await this.store.markPublished(ids);
    } catch (err) {
      this.logger.warn({ err, count: ids.length }, 'could not mark events published; the sweep may repeat them');
    }
  }

  async stop(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await this.flush();
  }
}
