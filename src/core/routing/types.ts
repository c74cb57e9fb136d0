/**
 * What a routing decision looks at: agents as the router sees them (skills, presence, load), queued
 * conversations, and the policy (overflow per queue, customer-tier boosts). Plain data, no I/O.
 */
import type { PresenceStatus } from '../conversations/signals.ts';
import type { Department, Language, Priority } from '../conversations/types.ts';
import type { LanguageSkill, Tier } from './organisation.ts';

export type { LanguageSkill, Proficiency, Tier } from './organisation.ts';

/** Only `online` agents receive conversations; `away` keeps their chats but gets no new ones. */
export type Presence = PresenceStatus;

/** An agent at the moment of a decision. */
export interface RoutingAgent {
  id: string;
  departments: readonly Department[];
  languages: readonly LanguageSkill[];
  tier: Tier;
  /** Most chats the agent holds at once. */
  capacity: number;
  presence: Presence;
  /** Open conversations assigned to the agent now. */
  load: number;
  /** Epoch ms of the agent's last assignment; null when never assigned (first in round robin). */
  lastAssignedAt: number | null;
  /** Leads are told when an urgent security conversation finds nobody. */
  isLead: boolean;
}

/** A conversation waiting in its queue (department × language). */
export interface QueuedConversation {
  id: string;
  department: Department;
  language: Language;
  priority: Priority;
  /** The customer's tier at the exchange (e.g. `vip`); a boost in queue order. */
  customerTier: string | null;
  /** Epoch ms the conversation entered the queue; a move between queues keeps it. */
  queuedAt: number;
  /** The lowest agent tier that may take it: raised by an escalation to tier 2 or senior. */
  minTier: Tier;
}

/**
 * When a queue widens its language rule for a customer still waiting: after
 * `lowerProficiencyAfterMs` agents with basic proficiency qualify, after `englishAfterMs` agents
 * of the department fluent in English do (with a "customer writes in X" flag). Null: never.
 */
export interface OverflowRule {
  lowerProficiencyAfterMs: number | null;
  englishAfterMs: number | null;
}

/** One logical queue per department and language, e.g. `withdrawals:ru`. */
export type QueueKey = `${Department}:${Language}`;

/** The rules a decision follows; the app builds one from config with `routingPolicyOf`. */
export interface RoutingPolicy {
  overflow(department: Department, language: Language): OverflowRule;
  /** Customer tier → ms of waiting credit in queue order (e.g. `vip` → 120,000). */
  tierBoostMs: Readonly<Record<string, number>>;
}

/**
 * How well an agent's languages fit the customer's, best first: `proficient` (native or fluent in
 * the customer's language), `lower_proficiency` (basic), `english_fallback` (fluent in English).
 */
export type LanguageMatch = 'proficient' | 'lower_proficiency' | 'english_fallback';

/** Shown to an agent answering in English a customer who writes in another language. */
export interface LanguageFlag {
  customerLanguage: Language;
}

/** The agent chosen for a conversation, and how their languages fit it. */
export interface AgentChoice {
  agentId: string;
  match: LanguageMatch;
  flag?: LanguageFlag;
}

/** One push assignment: the conversation first in queue order that some agent may take, and that agent. */
export interface Assignment extends AgentChoice {
  conversationId: string;
}
