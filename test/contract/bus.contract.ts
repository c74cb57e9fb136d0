import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Bus } from '../../src/ports/bus.ts';

/** Two connections to one bus, as two nodes of a cluster hold them; `cleanup` closes both. */
export interface BusPair {
  a: Bus;
  b: Bus;
  cleanup(): Promise<void>;
}

/** Longest any single wait may take; on loopback everything arrives in milliseconds. */
const waitMs = 5000;

/** The behaviour every Bus adapter shares; run it once per adapter (memory, NATS). */
export function busContract(name: string, makeBus: () => Promise<BusPair>): void {
  describe(name, () => {
    let pair: BusPair;

    beforeEach(async () => {
      pair = await within(makeBus(), 'connecting the bus');
    });
    afterEach(async () => {
      await within(pair.cleanup(), 'closing the bus');
    });

    it('delivers 1,000 messages from one node to another in order, none lost, none repeated', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('order');
      const inbox = collect();
      b.subscribe(subject, inbox.handler);
      await subscribed(b);

      const sent = Array.from({ length: 1000 }, (_, n) => ({ n }));
      await Promise.all(sent.map((payload) => a.publish(subject, payload)));
      await a.publish(subject, 'end');
      await inbox.until(1001);

      // Order is kept per subject, so a lost or repeated message would show before 'end'.
      expect(inbox.received).toEqual([...sent, 'end']);
    });

    it('delivers to a subscriber on the publishing node too', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('echo');
      const here = collect();
      const there = collect();
      a.subscribe(subject, here.handler);
      b.subscribe(subject, there.handler);
      await Promise.all([subscribed(a), subscribed(b)]);

      await a.publish(subject, { hello: 'world' });
      await Promise.all([here.until(1), there.until(1)]);

      expect(here.received).toEqual([{ hello: 'world' }]);
      expect(there.received).toEqual([{ hello: 'world' }]);
    });

    it('stops delivering after unsubscribe, and a second unsubscribe is harmless', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('unsubscribe');
      const leaving = collect();
      const staying = collect();
      const unsubscribe = b.subscribe(subject, leaving.handler);
      b.subscribe(subject, staying.handler);
      await subscribed(b);

      await a.publish(subject, 1);
      await Promise.all([leaving.until(1), staying.until(1)]);
      unsubscribe();
      unsubscribe();
      await a.publish(subject, 2);
      await a.publish(subject, 3);
      await staying.until(3);

      // A node receives a subject's messages in order: had 2 or 3 still been addressed to the
      // leaving handler, they would have arrived before 3 reached the staying one.
      expect(leaving.received).toEqual([1]);
      expect(staying.received).toEqual([1, 2, 3]);
    });

    it('keeps subjects apart, a longer subject included', async () => {
      const { a, b } = pair;
      const x = uniqueSubject('x');
      const y = uniqueSubject('y');
      const xs = collect();
      const ys = collect();
      b.subscribe(x, xs.handler);
      b.subscribe(y, ys.handler);
      await subscribed(b);

      for (const n of [1, 2, 3]) {
        await a.publish(x, `x${n}`);
        await a.publish(`${x}.detail`, `x${n}.detail`);
        await a.publish(y, `y${n}`);
      }
      await Promise.all([xs.until(3), ys.until(3)]);

      expect(xs.received).toEqual(['x1', 'x2', 'x3']);
      expect(ys.received).toEqual(['y1', 'y2', 'y3']);
    });

    it('keeps delivering to other handlers and later messages when a handler throws or rejects', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('failing');
      const throwing = collect();
      const rejecting = collect();
      const healthy = collect();
      b.subscribe(subject, (payload) => {
        throwing.handler(payload);
        throw new Error('handler bug (expected by the test)');
      });
      // An async handler fits the `=> void` type; its rejection must not escape as unhandled.
      b.subscribe(subject, async (payload) => {
        rejecting.handler(payload);
        throw new Error('async handler bug (expected by the test)');
      });
      b.subscribe(subject, healthy.handler);
      await subscribed(b);

      for (const n of [1, 2, 3]) await a.publish(subject, n);
      await Promise.all([throwing.until(3), rejecting.until(3), healthy.until(3)]);

      expect(healthy.received).toEqual([1, 2, 3]);
      expect(throwing.received).toEqual([1, 2, 3]);
      expect(rejecting.received).toEqual([1, 2, 3]);
    });

    it('delivers a JSON copy of the payload and rejects one that JSON cannot carry', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('json');
      const inbox = collect();
      b.subscribe(subject, inbox.handler);
      await subscribed(b);

      const sent = { at: new Date('2025-01-02T03:04:05.000Z'), nested: { list: [1, 'two', null] }, dropped: undefined };
      await a.publish(subject, sent);
      await inbox.until(1);

      expect(inbox.received[0]).toStrictEqual({ at: '2025-01-02T03:04:05.000Z', nested: { list: [1, 'two', null] } });
      await expect(a.publish(subject, { amount: 10n })).rejects.toThrow();
      await expect(a.publish(subject, () => 'not data')).rejects.toThrow();
    });

    it('answers ping while the bus is up', async () => {
      await expect(within(pair.a.ping(), 'ping a')).resolves.toBeUndefined();
      await expect(within(pair.b.ping(), 'ping b')).resolves.toBeUndefined();
    });

    it('flushes what was published on close, then rejects publish and ping', async () => {
      const { a, b } = pair;
      const subject = uniqueSubject('close');
      const inbox = collect();
      b.subscribe(subject, inbox.handler);
      await subscribed(b);

      // Not awaited before close: close itself must flush them.
      const sends = [1, 2, 3].map((n) => a.publish(subject, n));
      await within(a.close(), 'close');
      await Promise.all(sends);
      await inbox.until(3);

      expect(inbox.received).toEqual([1, 2, 3]);
      await expect(a.publish(subject, 4)).rejects.toThrow();
      await expect(a.ping()).rejects.toThrow();
      await within(a.close(), 'second close');
    });
  });
}

/**
 * After subscribe(), ping() is a round trip on the same connection, so the server has registered
 * the subscription before anyone publishes (NATS drops messages that nobody has subscribed to yet).
 */
function subscribed(bus: Bus): Promise<void> {
  return within(bus.ping(), 'ping after subscribe');
}

/** A fresh subject per test, so runs sharing one NATS server cannot hear each other. */
function uniqueSubject(label: string): string {
  return `relaydesk.test.${label}.${randomUUID()}`;
}

/** Records what a handler receives and waits, bounded, until enough has arrived. */
function collect(): { received: unknown[]; handler: (payload: unknown) => void; until(count: number): Promise<void> } {
  const received: unknown[] = [];
  const waiters = new Set<() => void>();
  return {
    received,
    handler(payload) {
      received.push(payload);
      for (const check of waiters) check();
    },
    until(count) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`waited ${waitMs} ms for ${count} messages, got ${received.length}`));
        }, waitMs);
        function check(): void {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        }
        waiters.add(check);
        check();
      });
    },
  };
}

/** Fails with a readable message instead of hanging until the test runner's own timeout. */
export async function within<T>(promise: Promise<T>, what: string, ms = waitMs): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
