/** The routing policy: overflow rules per queue, customer-tier boosts, and the overflow stage a wait reaches. */
import type { Department, Language } from '../conversations/types.ts';
import type { OverflowRule, QueueKey, QueuedConversation, RoutingPolicy } from './types.ts';

/** A queue without its own rule: basic speakers after a minute, English after three. */
export const DEFAULT_OVERFLOW_RULE: OverflowRule = Object.freeze({
  lowerProficiencyAfterMs: 60_000,
  englishAfterMs: 180_000,
});

/** What an admin configures; everything left out takes the default. */
export interface RoutingPolicyOptions {
  /** Customer tier → seconds of waiting credit (config's `ROUTING_TIER_BOOSTS`). */
  tierBoostSeconds?: Readonly<Record<string, number>>;
  /** The rule of every queue not named in `overflowByQueue`. */
  defaultOverflow?: OverflowRule;
  /** Per-queue rules, e.g. `{ 'security:vi': { lowerProficiencyAfterMs: 0, englishAfterMs: 30_000 } }`. */
  overflowByQueue?: Partial<Record<QueueKey, Partial<OverflowRule>>>;
}

/** The key of the logical queue a conversation waits in. */
export const queueKeyOf = (department: Department, language: Language): QueueKey => `${department}:${language}`;

/** A routing policy from configuration; the returned rules are frozen so a decision cannot change them. */
export function routingPolicyOf(options: RoutingPolicyOptions = {}): RoutingPolicy {
  const fallback = options.defaultOverflow ?? DEFAULT_OVERFLOW_RULE;
  const rules = new Map<string, OverflowRule>();
  for (const [key, partial] of Object.entries(options.overflowByQueue ?? {})) {
    if (partial) rules.set(key, Object.freeze({ ...fallback, ...partial }));
  }
  const tierBoostMs: Record<string, number> = {};
  for (const [tier, seconds] of Object.entries(options.tierBoostSeconds ?? {})) tierBoostMs[tier] = seconds * 1000;
  return {
    overflow: (department, language) => rules.get(queueKeyOf(department, language)) ?? fallback,
    tierBoostMs: Object.freeze(tierBoostMs),
  };
}

/** Ms of waiting credit for the conversation's customer tier (own keys only: `constructor` is no tier). */
export function tierBoostOf(conversation: Pick<QueuedConversation, 'customerTier'>, policy: RoutingPolicy): number {
  const tier = conversation.customerTier;
  if (tier === null || !Object.hasOwn(policy.tierBoostMs, tier)) return 0;
  return policy.tierBoostMs[tier] ?? 0;
}

/** Which wider language rules a conversation's wait has unlocked. Both only ever switch on as time passes. */
export interface OverflowStage {
  lowerProficiency: boolean;
  english: boolean;
}

/**
 * The overflow stage after waiting since `queuedAt`. The real wait counts here, not the tier boost:
 * the boost buys a place in line, while overflow answers how long this customer has actually waited.
 */
export function overflowStage(rule: OverflowRule, queuedAt: number, now: number): OverflowStage {
  const waited = now - queuedAt;
  return {
    lowerProficiency: rule.lowerProficiencyAfterMs !== null && waited >= rule.lowerProficiencyAfterMs,
    english: rule.englishAfterMs !== null && waited >= rule.englishAfterMs,
  };
}

/** The overflow stage of a queued conversation under the policy at `now`. */
export function stageOf(conversation: QueuedConversation, policy: RoutingPolicy, now: number): OverflowStage {
  return overflowStage(policy.overflow(conversation.department, conversation.language), conversation.queuedAt, now);
}
