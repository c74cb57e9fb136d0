/**
 * fast-check generators for routing: agents with random skills, capacities and presence, queued
 * conversations, and policies. The universe is kept small (three departments, four languages) so
 * that random agents and conversations actually meet.
 */
import fc from 'fast-check';
import { priorities, type Department, type Language } from '../../../src/core/conversations/types.ts';
import type { OverflowRule, QueueKey, QueuedConversation, RoutingAgent, RoutingPolicyOptions } from '../../../src/core/routing/index.ts';

export const DEPARTMENTS = ['withdrawals', 'security', 'deposits'] as const satisfies readonly Department[];
export const LANGUAGES = ['en', 'ru', 'vi', 'de'] as const satisfies readonly Language[];

const skill = fc.record({
  language: fc.constantFrom(...LANGUAGES),
  proficiency: fc.constantFrom('native' as const, 'fluent' as const, 'basic' as const),
});

/** An agent without an id (ids are given by position); `load` stays 0 unless `loaded`. */
function agentShape(loaded: boolean): fc.Arbitrary<Omit<RoutingAgent, 'id'>> {
  return fc.record({
    // Repeats are allowed on purpose: the core must cope with untidy skill lists.
    departments: fc.array(fc.constantFrom(...DEPARTMENTS), { minLength: 1, maxLength: 3 }),
    languages: fc.array(skill, { minLength: 1, maxLength: 3 }),
    tier: fc.constantFrom('tier1' as const, 'tier1' as const, 'tier2' as const, 'senior' as const),
    capacity: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 5 }, { arbitrary: fc.constant(0), weight: 1 }),
    presence: fc.constantFrom('online' as const, 'online' as const, 'online' as const, 'away' as const, 'offline' as const),
    load: loaded ? fc.oneof({ arbitrary: fc.integer({ min: 0, max: 2 }), weight: 4 }, { arbitrary: fc.integer({ min: 3, max: 5 }), weight: 1 }) : fc.constant(0),
    lastAssignedAt: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    isLead: fc.boolean(),
  });
}

/** `count` agents `a0`, `a1`, …; with `loaded`, random loads (some at or over capacity). */
export function agentsArb(options: { min: number; max: number; loaded?: boolean }): fc.Arbitrary<RoutingAgent[]> {
  return fc
    .array(agentShape(options.loaded ?? false), { minLength: options.min, maxLength: options.max })
    .map((list) => list.map((shape, i) => ({ id: `a${i}`, ...shape })));
}

/** A conversation without an id, queued within `maxQueuedAt` ms of time zero. */
export function conversationShape(maxQueuedAt: number): fc.Arbitrary<Omit<QueuedConversation, 'id'>> {
  return fc.record({
    department: fc.constantFrom(...DEPARTMENTS),
    language: fc.constantFrom(...LANGUAGES),
    priority: fc.constantFrom(...priorities),
    // `constructor` checks that a tier name is never looked up on the prototype.
    customerTier: fc.constantFrom(null, null, 'vip', 'vip', 'gold', 'constructor'),
    queuedAt: fc.integer({ min: 0, max: maxQueuedAt }),
    minTier: fc.constantFrom('tier1' as const, 'tier1' as const, 'tier1' as const, 'tier2' as const, 'senior' as const),
  });
}

/** Conversations `c0`, `c1`, … sorted by arrival, queued within `maxQueuedAt` ms. */
export function arrivalsArb(options: { min?: number; max: number; maxQueuedAt: number }): fc.Arbitrary<QueuedConversation[]> {
  return fc
    .array(conversationShape(options.maxQueuedAt), { minLength: options.min ?? 0, maxLength: options.max })
    .map((list) => list.sort((a, b) => a.queuedAt - b.queuedAt).map((shape, i) => ({ id: `c${i}`, ...shape })));
}

const ruleArb: fc.Arbitrary<OverflowRule> = fc.record({
  lowerProficiencyAfterMs: fc.option(fc.integer({ min: 0, max: 120_000 }), { nil: null }),
  englishAfterMs: fc.option(fc.integer({ min: 0, max: 300_000 }), { nil: null }),
});

/** Policy options: random boosts, a random default overflow rule and a few queues with their own. */
export const policyOptionsArb: fc.Arbitrary<RoutingPolicyOptions> = fc.record({
  tierBoostSeconds: fc.record({ vip: fc.integer({ min: 0, max: 300 }), gold: fc.integer({ min: 0, max: 60 }) }),
  defaultOverflow: ruleArb,
  overflowByQueue: fc
    .array(fc.tuple(fc.constantFrom(...DEPARTMENTS), fc.constantFrom(...LANGUAGES), ruleArb), { maxLength: 4 })
    .map((entries) => Object.fromEntries(entries.map(([d, l, rule]) => [`${d}:${l}` satisfies QueueKey, rule]))),
});
