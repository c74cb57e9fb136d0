import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inQueueOrder, queueOrder, routingPolicyOf, tierBoostOf } from '../../../src/core/routing/index.ts';
import { conversationShape, policyOptionsArb } from './arbitraries.ts';
import { queued } from './factories.ts';

const policy = routingPolicyOf({ tierBoostSeconds: { vip: 120 } });

describe('queue order', () => {
  it('serves urgent, high, normal, low, whatever the wait', () => {
    const waiting = [
      queued('low', { priority: 'low', queuedAt: 0 }),
      queued('normal', { priority: 'normal', queuedAt: 10 }),
      queued('urgent', { priority: 'urgent', queuedAt: 30 }),
      queued('high', { priority: 'high', queuedAt: 20 }),
    ];
    expect(inQueueOrder(waiting, policy).map((c) => c.id)).toEqual(['urgent', 'high', 'normal', 'low']);
  });

  it('within a priority, the longest effective wait first, then the id', () => {
    const waiting = [
      queued('b', { queuedAt: 5_000 }),
      queued('vip-late', { queuedAt: 123_000, customerTier: 'vip' }),
      queued('a', { queuedAt: 5_000 }),
      queued('first', { queuedAt: 1_000 }),
    ];
    // The VIP arrived two minutes after the others but carries 120 s of credit: effectively at 3 s.
    expect(inQueueOrder(waiting, policy).map((c) => c.id)).toEqual(['first', 'vip-late', 'a', 'b']);
  });

  it('ignores tiers it does not know, including names on the object prototype', () => {
    expect(tierBoostOf({ customerTier: 'constructor' }, policy)).toBe(0);
    expect(tierBoostOf({ customerTier: 'gold' }, policy)).toBe(0);
    expect(tierBoostOf({ customerTier: 'vip' }, policy)).toBe(120_000);
  });

  it('is a total order: antisymmetric, transitive, one result whatever the input order', () => {
    const lists = fc
      .array(conversationShape(20), { maxLength: 10 })
      .map((list) => list.map((shape, i) => ({ id: `c${i}`, ...shape })))
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length })));
    fc.assert(
      fc.property(policyOptionsArb, lists, (options, [list, shuffled]) => {
        const routing = routingPolicyOf(options);
        const order = queueOrder(routing);
        expect(inQueueOrder(shuffled, routing)).toEqual(inQueueOrder(list, routing));
        for (const a of list) {
          for (const b of list) {
            expect(Math.sign(order(a, b)) + Math.sign(order(b, a))).toBe(0);
            if (a !== b) expect(order(a, b)).not.toBe(0);
            for (const c of list) if (order(a, b) < 0 && order(b, c) < 0) expect(order(a, c)).toBeLessThan(0);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
