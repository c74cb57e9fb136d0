/**
 * Routing over time on random organisations and arrival sequences, judged by an oracle written
 * here from the product rules (not from src/core/routing), so a shared mistake cannot hide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RoutingBoard,
  routingPolicyOf,
  type LanguageMatch,
  type QueuedConversation,
  type RoutingAgent,
  type RoutingPolicy,
  type RoutingPolicyOptions,
} from '../../../src/core/routing/index.ts';
import { agentsArb, arrivalsArb, policyOptionsArb } from './arbitraries.ts';
import { ReferenceEngine, simulate, type Observed, type RoutingEngine, type Scenario } from './simulation.ts';

const TIERS = ['tier1', 'tier2', 'senior'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const MATCH_RANK: Record<LanguageMatch, number> = { proficient: 0, lower_proficiency: 1, english_fallback: 2 };
const TICK_MS = 2_000;
/** The longest overflow delay the generated policies use (arbitraries.ts): after it, nothing waiting changes. */
const SETTLE_MS = 300_000;

/** The rules as the issue states them: who may take a conversation now, and with which match. */
function oracleMatch(agent: RoutingAgent, conversation: QueuedConversation, policy: RoutingPolicy, now: number): LanguageMatch | null {
  if (agent.presence !== 'online' || agent.load >= agent.capacity) return null;
  if (!agent.departments.includes(conversation.department)) return null;
  if (TIERS.indexOf(agent.tier) < TIERS.indexOf(conversation.minTier)) return null;
  const levels = agent.languages.filter((s) => s.language === conversation.language).map((s) => s.proficiency);
  const rule = policy.overflow(conversation.department, conversation.language);
  const waited = now - conversation.queuedAt;
  if (levels.includes('native') || levels.includes('fluent')) return 'proficient';
  if (levels.includes('basic') && rule.lowerProficiencyAfterMs !== null && waited >= rule.lowerProficiencyAfterMs) return 'lower_proficiency';
  const english = agent.languages.some((s) => s.language === 'en' && s.proficiency !== 'basic');
  if (conversation.language !== 'en' && english && rule.englishAfterMs !== null && waited >= rule.englishAfterMs) return 'english_fallback';
  return null;
}

/** True when `a` is served before `b`: priority, then effective wait (tier boost as credit), then id. */
function oracleBefore(a: QueuedConversation, b: QueuedConversation, options: RoutingPolicyOptions): boolean {
  const boosts = options.tierBoostSeconds ?? {};
  const effective = (c: QueuedConversation) =>
    c.queuedAt - (c.customerTier !== null && Object.hasOwn(boosts, c.customerTier) ? (boosts[c.customerTier] ?? 0) * 1000 : 0);
  const byPriority = PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority);
  if (byPriority !== 0) return byPriority < 0;
  if (effective(a) !== effective(b)) return effective(a) < effective(b);
  return a.id < b.id;
}

const presenceChangesArb = fc.array(
  fc.record({
    at: fc.integer({ min: 0, max: 300_000 }),
    agentId: fc.nat(5).map((i) => `a${i}`),
    presence: fc.constantFrom('online' as const, 'away' as const, 'offline' as const),
  }),
  { maxLength: 6 },
);

const busyScenarioArb = fc.record({
  options: policyOptionsArb,
  agents: agentsArb({ min: 1, max: 6 }),
  arrivals: arrivalsArb({ max: 25, maxQueuedAt: 240_000 }),
  handleMs: fc.array(fc.integer({ min: 1_000, max: 90_000 }), { minLength: 1, maxLength: 8 }),
  presenceChanges: presenceChangesArb,
  pullers: fc.subarray(['a0', 'a1', 'a2']),
});

const engines: [string, (policy: RoutingPolicy) => RoutingEngine][] = [
  ['board', (policy) => new RoutingBoard(policy)],
  ['reference', (policy) => new ReferenceEngine(policy)],
];

/** Every rule one assignment must keep, judged on the truth just before it; each broken rule in words. */
function brokenRules(event: Observed, policy: RoutingPolicy, options: RoutingPolicyOptions): string[] {
  const { assignment, agents, queued, now } = event;
  const agent = agents.get(assignment.agentId);
  const conversation = queued.get(assignment.conversationId);
  if (!agent || !conversation) return [`${assignment.conversationId} → ${assignment.agentId}: unknown agent or not queued`];
  const broken: string[] = [];
  const say = (rule: string) => broken.push(`${conversation.id} → ${agent.id} at ${now}: ${rule}`);
  if (agent.presence !== 'online') say(`agent is ${agent.presence}`);
  if (agent.load >= agent.capacity) say(`beyond capacity ${agent.capacity}`);
  if (!agent.departments.includes(conversation.department)) say(`no ${conversation.department} skill`);
  if (TIERS.indexOf(agent.tier) < TIERS.indexOf(conversation.minTier)) say(`${agent.tier} below ${conversation.minTier}`);
  const match = oracleMatch(agent, conversation, policy, now);
  if (assignment.match !== match) say(`match ${assignment.match}, the rules say ${String(match)}`);
  const flagged = assignment.flag?.customerLanguage === conversation.language;
  if ((match === 'english_fallback') !== flagged || (!flagged && assignment.flag)) say('wrong "customer writes in" flag');
  for (const other of queued.values()) {
    if (other.id !== conversation.id && oracleBefore(other, conversation, options) && oracleMatch(agent, other, policy, now)) {
      say(`${other.id} (${other.priority}) is ahead and fits the same agent`);
    }
  }
  if (event.mode === 'push' && match) broken.push(...betterAgents(agent, match, conversation, event, policy));
  return broken;
}

/** Push picks no agent worse than another eligible one: language match first, then relative load. */
function betterAgents(agent: RoutingAgent, match: LanguageMatch, conversation: QueuedConversation, event: Observed, policy: RoutingPolicy): string[] {
  const better: string[] = [];
  for (const other of event.agents.values()) {
    const otherMatch = oracleMatch(other, conversation, policy, event.now);
    if (!otherMatch || other.id === agent.id) continue;
    const sooner = MATCH_RANK[otherMatch] < MATCH_RANK[match] ||
      (otherMatch === match && other.load / other.capacity < agent.load / agent.capacity);
    if (sooner) better.push(`${conversation.id}: ${other.id} fits better than ${agent.id}`);
  }
  return better;
}

/** After a tick's rounds, no queued conversation may have an agent who could take it: push never idles. */
function leftWaiting(now: number, queued: ReadonlyMap<string, QueuedConversation>, agents: ReadonlyMap<string, RoutingAgent>, policy: RoutingPolicy): string[] {
  const waiting: string[] = [];
  for (const conversation of queued.values()) {
    for (const agent of agents.values()) {
      if (oracleMatch(agent, conversation, policy, now)) waiting.push(`${conversation.id} left waiting for ${agent.id} at ${now}`);
    }
  }
  return waiting;
}

describe('routing over time (random agents, skills, capacities, presence and arrivals)', () => {
  it('keeps capacity, presence, department, tier, language and queue order at every assignment; leaves nothing assignable', () => {
    fc.assert(
      fc.property(busyScenarioArb, ({ options, ...rest }) => {
        const policy = routingPolicyOf(options);
        const scenario: Scenario = { ...rest, tickMs: TICK_MS, endMs: 600_000, settleMs: SETTLE_MS };
        for (const [name, make] of engines) {
          const broken: string[] = [];
          simulate(scenario, make(policy), {
            assignment: (event) => broken.push(...brokenRules(event, policy, options)),
            tick: (now, queued, agents) => broken.push(...leftWaiting(now, queued, agents, policy)),
          });
          expect(broken, name).toEqual([]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('serves urgent before normal whenever both fit the same agent', () => {
    // One department, half urgent, arriving within 12 s: urgent and normal cases compete for the same agents.
    const contested = busyScenarioArb.map((s) => ({
      ...s,
      agents: s.agents.map((a) => ({ ...a, departments: [...a.departments, 'withdrawals' as const] })),
      arrivals: s.arrivals.map((c, i) => ({ ...c, queuedAt: Math.floor(c.queuedAt / 20), department: 'withdrawals' as const, priority: i % 2 === 0 ? ('urgent' as const) : ('normal' as const) })),
    }));
    let normalsWhileUrgentWaited = 0;
    fc.assert(
      fc.property(contested, ({ options, ...rest }) => {
        const policy = routingPolicyOf(options);
        const passedOver: string[] = [];
        simulate({ ...rest, tickMs: TICK_MS, endMs: 600_000, settleMs: SETTLE_MS }, new RoutingBoard(policy), {
          assignment: ({ assignment, queued, agents, now }) => {
            const conversation = queued.get(assignment.conversationId);
            const agent = agents.get(assignment.agentId);
            if (!conversation || !agent || conversation.priority !== 'normal') return;
            const urgents = [...queued.values()].filter((c) => c.priority === 'urgent');
            if (urgents.length > 0) normalsWhileUrgentWaited += 1;
            for (const urgent of urgents) {
              if (oracleMatch(agent, urgent, policy, now)) passedOver.push(`${urgent.id} for ${conversation.id} → ${agent.id}`);
            }
          },
        });
        expect(passedOver, 'urgent waiting that the same agent could take').toEqual([]);
      }),
      { numRuns: 80 },
    );
    expect(normalsWhileUrgentWaited, 'the scenarios exercised the rule').toBeGreaterThan(20);
  });
});

describe('nobody starves', () => {
  /** The wait after which `agent` may take `conversation` (given a free slot); null when never. */
  function delayFor(agent: RoutingAgent, conversation: QueuedConversation, policy: RoutingPolicy): number | null {
    const free = { ...agent, load: 0 };
    if (free.capacity < 1 || !oracleMatch(free, conversation, policy, Number.MAX_SAFE_INTEGER)) return null;
    for (const wait of [0, policy.overflow(conversation.department, conversation.language).lowerProficiencyAfterMs, policy.overflow(conversation.department, conversation.language).englishAfterMs]) {
      if (wait !== null && oracleMatch(free, conversation, policy, conversation.queuedAt + wait)) return wait;
    }
    return null;
  }

  const calmScenarioArb = fc.record({
    options: policyOptionsArb,
    agents: agentsArb({ min: 1, max: 6 }),
    arrivals: arrivalsArb({ min: 5, max: 25, maxQueuedAt: 120_000 }),
    handleMs: fc.array(fc.integer({ min: 1_000, max: 60_000 }), { minLength: 1, maxLength: 8 }),
  });

  it('a conversation some online agent may take waits at most its overflow delay plus one chat length per conversation ranked ahead of it', () => {
    let bounded = 0;
    fc.assert(
      fc.property(calmScenarioArb, ({ options, agents, arrivals, handleMs }) => {
        const policy = routingPolicyOf(options);
        const longestChat = Math.max(...handleMs);
        const scenario: Scenario = { agents, arrivals, handleMs, presenceChanges: [], pullers: [], tickMs: TICK_MS, endMs: 3_000_000, settleMs: SETTLE_MS };
        const outcome = simulate(scenario, new RoutingBoard(policy));
        for (const conversation of arrivals) {
          const delays = agents.map((a) => delayFor(a, conversation, policy)).filter((d): d is number => d !== null);
          const assigned = outcome.assigned.get(conversation.id);
          if (delays.length === 0) {
            expect(assigned, `${conversation.id} has nobody who may take it`).toBeUndefined();
            continue;
          }
          const ahead = arrivals.filter((other) => other !== conversation && oracleBefore(other, conversation, options)).length;
          const bound = Math.min(...delays) + TICK_MS + (ahead + 1) * (longestChat + TICK_MS);
          expect(assigned, `${conversation.id} was never assigned`).toBeDefined();
          expect((assigned?.at ?? Infinity) - conversation.queuedAt, `${conversation.id} waited too long`).toBeLessThanOrEqual(bound);
          bounded += 1;
        }
      }),
      { numRuns: 100 },
    );
    expect(bounded, 'the scenarios exercised the bound').toBeGreaterThan(200);
  });
});
