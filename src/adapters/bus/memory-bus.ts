import type { Bus, Unsubscribe } from '../../ports/bus.ts';
import { encodeJson, reportToConsole, runHandler, type Handler } from './handlers.ts';

/** Options of the in-process bus. */
export interface MemoryBusOptions {
  /** Told when a handler throws or rejects; the other handlers still run. Defaults to console.error. */
  onError?: (err: Error) => void;
}


interface Subscription {
  handler: Handler;
  active: boolean;
}

/**
 * The embedded mode's bus: fan-out inside one process. Behaves like the NATS adapter on purpose
 * (asynchronous delivery, JSON copies, isolated handlers), so code that works here works in a cluster.
 * Subjects are matched exactly; NATS wildcards are not supported.
 */
export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const report = options.onError ?? reportToConsole;
  const subscriptions = new Map<string, Set<Subscription>>();
  let closed = false;
  let closing: Promise<void> | undefined;

  function deliver(subject: string, targets: Subscription[], text: string): void {
    for (const subscription of targets) {
      // Unsubscribed between publish and delivery: NATS drops those too.
      if (!subscription.active) continue;
      // Parsed per subscriber, as each NATS subscription decodes its own copy: one handler that
      // mutates its payload cannot change what the next one sees.
      runHandler(subject, subscription.handler, JSON.parse(text), report);
    }
  }

  async function shutDown(): Promise<void> {
    // Deliveries already queued are microtasks ahead of this one, so they run first: like NATS
    // drain, what was published before close() still reaches its subscribers.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    for (const set of subscriptions.values()) {
      for (const subscription of set) subscription.active = false;
    }
    subscriptions.clear();
  }

  return {
    async publish(subject, payload) {
      if (closed) throw new Error('memory bus is closed');
      const text = encodeJson(payload);
      const set = subscriptions.get(subject);
      if (!set || set.size === 0) return;
      // Snapshot now: a subscriber added after this publish does not receive it. One microtask per
      // message keeps publish order (microtasks run first in, first out) and keeps handler code
      // out of the publisher's call stack.
      const targets = [...set];
      queueMicrotask(() => deliver(subject, targets, text));
    },

    subscribe(subject, handler): Unsubscribe {
      if (closed) throw new Error('memory bus is closed');
      const subscription: Subscription = { handler, active: true };
      let set = subscriptions.get(subject);
      if (!set) {
        set = new Set();
        subscriptions.set(subject, set);
      }
      set.add(subscription);
      return () => {
        subscription.active = false;
        const current = subscriptions.get(subject);
        current?.delete(subscription);
        if (current?.size === 0) subscriptions.delete(subject);
      };
    },

    async ping() {
      if (closed) throw new Error('memory bus is closed');
    },

    close() {
      closed = true;
      closing ??= shutDown();
      return closing;
    },
  };
}





