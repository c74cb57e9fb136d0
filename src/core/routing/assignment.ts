/**
 * Assignment by plain scans: which agent takes a conversation (push), which conversation an agent
 * takes (pull, or an agent who just freed a slot), and whom to alert when an urgent security case
 * finds nobody. These functions are the reference: `RoutingBoard` answers the same, faster.
 */
import type { Language } from '../conversations/types.ts';
import { tierAtLeast } from './organisation.ts';
import { stageOf, type OverflowStage } from './policy.ts';
import { compareIds, queueOrder } from './queue-order.ts';
import type {
  AgentChoice,
  Assignment,
  LanguageMatch,
  Proficiency,
  QueuedConversation,
  RoutingAgent,
  RoutingPolicy,
} from './types.ts';

/** Best first: the rank of a language match among an agent's candidates. */
export const languageMatchRank: Readonly<Record<LanguageMatch, number>> = {
  proficient: 0,
  lower_proficiency: 1,
  english_fallback: 2,
};

const proficiencyRank: Readonly<Record<Proficiency, number>> = { basic: 1, fluent: 2, native: 3 };

/** The agent's best listed proficiency in a language, or null when they do not speak it. */
export function proficiencyIn(agent: Pick<RoutingAgent, 'languages'>, language: Language): Proficiency | null {
  let best: Proficiency | null = null;
  for (const skill of agent.languages) {
    if (skill.language !== language) continue;
    if (best === null || proficiencyRank[skill.proficiency] > proficiencyRank[best]) best = skill.proficiency;
  }
  return best;
}

/** Native and fluent speakers serve a customer fully; ranking them apart would idle fluent speakers. */
const isProficient = (proficiency: Proficiency | null): boolean => proficiency === 'native' || proficiency === 'fluent';

/** How the agent's languages fit the customer's at this overflow stage; null when they do not yet. */
export function languageMatchOf(
  agent: Pick<RoutingAgent, 'languages'>,
  language: Language,
  stage: OverflowStage,
): LanguageMatch | null {
  const proficiency = proficiencyIn(agent, language);
  if (isProficient(proficiency)) return 'proficient';
  if (proficiency === 'basic' && stage.lowerProficiency) return 'lower_proficiency';
  if (language !== 'en' && stage.english && isProficient(proficiencyIn(agent, 'en'))) return 'english_fallback';
  return null;
}

/** Online with a free slot: the only agents who may receive a conversation. */
export const isAvailable = (agent: RoutingAgent): boolean => agent.presence === 'online' && agent.load < agent.capacity;

/** Department skill and tier: what an agent needs whatever the language. */
export const hasSkillFor = (agent: RoutingAgent, conversation: QueuedConversation): boolean =>
  agent.departments.includes(conversation.department) && tierAtLeast(agent.tier, conversation.minTier);

/** The match if the agent may take the conversation at this stage (available, skilled, language); else null. */
export function eligibleMatch(agent: RoutingAgent, conversation: QueuedConversation, stage: OverflowStage): LanguageMatch | null {
  if (!isAvailable(agent) || !hasSkillFor(agent, conversation)) return null;
  return languageMatchOf(agent, conversation.language, stage);
}

/** The match if the agent may take the conversation now under the policy; else null. */
export function matchFor(agent: RoutingAgent, conversation: QueuedConversation, policy: RoutingPolicy, now: number): LanguageMatch | null {
  return eligibleMatch(agent, conversation, stageOf(conversation, policy, now));
}

/** Never assigned comes first, then the longest since the last assignment: round robin among equals. */
function compareLastAssigned(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a - b;
}

/**
 * Among agents with the same language match: lowest load relative to capacity (compared as
 * cross-products, so no rounding), then round robin, then id. Both agents must have a free slot.
 */
export function compareCandidates(a: RoutingAgent, b: RoutingAgent): number {
  return a.load * b.capacity - b.load * a.capacity || compareLastAssigned(a.lastAssignedAt, b.lastAssignedAt) || compareIds(a.id, b.id);
}

/** Best language match first; among equal matches, `compareCandidates`. */
function isBetter(a: { agent: RoutingAgent; match: LanguageMatch }, b: { agent: RoutingAgent; match: LanguageMatch }): boolean {
  const byMatch = languageMatchRank[a.match] - languageMatchRank[b.match];
  return byMatch < 0 || (byMatch === 0 && compareCandidates(a.agent, b.agent) < 0);
}

/** The choice for an agent with this match: English fallback carries the customer's language as a flag. */
export function choiceOf(agentId: string, match: LanguageMatch, conversation: QueuedConversation): AgentChoice {
  return match === 'english_fallback' ? { agentId, match, flag: { customerLanguage: conversation.language } } : { agentId, match };
}

/**
 * Push: the best agent for a conversation now: eligible (online, free slot, department, tier,
 * language at its overflow stage), then best language match, least relative load, round robin, id.
 */
export function chooseAgent(
  conversation: QueuedConversation,
  agents: readonly RoutingAgent[],
  policy: RoutingPolicy,
  now: number,
): AgentChoice | null {
  const stage = stageOf(conversation, policy, now);
  let best: { agent: RoutingAgent; match: LanguageMatch } | null = null;
  for (const agent of agents) {
    const match = eligibleMatch(agent, conversation, stage);
    if (match !== null && (best === null || isBetter({ agent, match }, best))) best = { agent, match };
  }
  return best === null ? null : choiceOf(best.agent.id, best.match, conversation);
}

/**
 * Pull ("take next"), or an agent who just freed a slot: the first conversation in queue order the
 * agent may take now; null when none, or when the agent is not online with a free slot.
 */
export function nextForAgent<T extends QueuedConversation>(
  agent: RoutingAgent,
  queued: readonly T[],
  policy: RoutingPolicy,
  now: number,
): T | null {
  if (!isAvailable(agent)) return null;
  const order = queueOrder(policy);
  let first: T | null = null;
  for (const conversation of queued) {
    if (first !== null && order(conversation, first) >= 0) continue;
    if (matchFor(agent, conversation, policy, now) !== null) first = conversation;
  }
  return first;
}

/**
 * The next push assignment: the first conversation in queue order that some agent may take, with
 * its best agent. Conversations ahead of it have nobody eligible, so an urgent case is never passed
 * over for a normal one the same agent could take.
 */
export function firstAssignment(
  queued: readonly QueuedConversation[],
  agents: readonly RoutingAgent[],
  policy: RoutingPolicy,
  now: number,
): Assignment | null {
  for (const conversation of [...queued].sort(queueOrder(policy))) {
    const choice = chooseAgent(conversation, agents, policy, now);
    if (choice) return { conversationId: conversation.id, ...choice };
  }
  return null;
}

/**
 * An urgent security conversation that no agent may take now: the ids of every online lead to
 * alert (sorted). Empty for any other conversation, or when someone can take it. The caller
 * alerts once per conversation; this function only says whom.
 */
export function urgentNobodyAvailable(
  conversation: QueuedConversation,
  agents: readonly RoutingAgent[],
  policy: RoutingPolicy,
  now: number,
): string[] {
  if (conversation.priority !== 'urgent' || conversation.department !== 'security') return [];
  if (chooseAgent(conversation, agents, policy, now) !== null) return [];
  return agents
    .filter((agent) => agent.isLead && agent.presence === 'online')
    .map((agent) => agent.id)
    .sort(compareIds);
}
