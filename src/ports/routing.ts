/**
 * Where routing keeps its truth: teams, agents' skills and presence, and the queues (queued
 * conversations, read in queue order). Assignments commit here under the agent's row lock, so
 * capacity holds across nodes (docs/decisions/007-routing-from-the-database.md).
 */
import type { Actor, ConversationEvent } from '../core/conversations/events.ts';
import type { Decision } from '../core/conversations/lifecycle.ts';
import type { PresenceStatus } from '../core/conversations/signals.ts';
import type { Conversation, Department, Language } from '../core/conversations/types.ts';
import type { AgentProfile, AgentSkills, Team, Tier } from '../core/routing/organisation.ts';
import type { Investigation, InvestigationState } from '../core/routing/investigation.ts';
import type { JobDraft } from './jobs.ts';

/** An agent as routing sees them: skills, presence, and how many open conversations they hold. */
export interface AgentWorkload extends AgentProfile {
  name: string;
  /** Lead or admin: told when an urgent security case finds nobody. */
  isLead: boolean;
  /** Open conversations assigned to the agent (assigned, waiting on the customer or internally). */
  load: number;
}

/** A queued conversation with what its place in the queue depends on. */
export interface QueuedConversation {
  conversation: Conversation;
  queuedAt: Date;
  minTier: Tier;
  /** The customer's tier at the exchange (e.g. `vip`), a boost in the queue. */
  customerTier: string | null;
}

export type TeamInput = Omit<Team, 'id' | 'createdAt' | 'updatedAt'>;

export interface AssignmentCommit {
  conversationId: string;
  /** The conversation's version the decision was made on: a newer one means someone else acted. */
  expectedVersion: number;
  agentId: string;
  decision: Decision;
  /** The dispatcher (`system`), or the agent who took the conversation themselves. */
  actor: Actor;
  now: Date;
  /** Jobs that commit with the assignment (e.g. SLA timers). */
  jobs?: JobDraft[];
}

export interface RoutingStore {
  createTeam(id: string, input: TeamInput, now: Date): Promise<Team>;
  /** Null when there is no such team. */
  updateTeam(id: string, input: TeamInput, now: Date): Promise<Team | null>;
  listTeams(): Promise<Team[]>;
  getTeam(id: string): Promise<Team | null>;

  /** Set an agent's skills (creating their routing profile, offline, on first use). */
  putAgentSkills(agentId: string, skills: AgentSkills, now: Date): Promise<AgentProfile>;
  getAgentWorkload(agentId: string): Promise<AgentWorkload | null>;
  listAgentWorkloads(filter?: { department?: Department; language?: Language }): Promise<AgentWorkload[]>;
  /** Agents online with a free slot: the candidates of a dispatch round. */
  availableAgents(): Promise<AgentWorkload[]>;
  /** Record presence; null when the agent has no routing profile. */
  setPresence(agentId: string, presence: PresenceStatus, now: Date): Promise<AgentProfile | null>;

  /** The first `perQueue` conversations of every queue (department × language), in queue order. */
  queueHeads(perQueue: number): Promise<QueuedConversation[]>;
  /** How many wait ahead of the conversation in its queue, and how many wait in all; null when not queued. */
  queuePosition(conversationId: string): Promise<{ ahead: number; waiting: number } | null>;
  /** Conversations of a queue assigned since `since` (the queue's recent service rate). */
  assignedSince(department: Department, language: Language, since: Date): Promise<number>;

  /**
   * Commit an assignment from the queue, only if the agent is online with a free slot (counted
   * under a lock on the agent's row) and the conversation is still queued at `expectedVersion`.
   * Null, changing nothing, when either no longer holds.
   */
  assignFromQueue(commit: AssignmentCommit): Promise<{ conversation: Conversation; events: ConversationEvent[] } | null>;
  /** The lowest tier that may take the conversation (tier1 until escalated); null when unknown. */
  minTierOf(conversationId: string): Promise<Tier | null>;
  /** Commit an escalation (new minimum tier with its decision) if the conversation is still at `expectedVersion`, else `conflict`. */
  escalate(commit: Omit<AssignmentCommit, 'agentId' | 'jobs'> & { minTier: Tier }): Promise<{ conversation: Conversation; events: ConversationEvent[] }>;
  /** Open an investigation and apply `decision` (the conversation waits on it), if still at `expectedVersion`. */
  openInvestigation(investigation: Investigation, expectedVersion: number, decision: Decision, actor: Actor): Promise<{ conversation: Conversation; events: ConversationEvent[] }>;
  /**
   * Resolve an open investigation; when it was the conversation's last open one, apply the decision
   * `whenLast` takes on the conversation. Null when unknown; a resolved one is returned unchanged.
   */
  resolveInvestigation(
    id: string,
    resolution: string,
    actor: Actor,
    now: Date,
    whenLast: (conversation: Conversation) => Decision,
  ): Promise<{ investigation: Investigation; events: ConversationEvent[] } | null>;
  /** Become the owner of an open investigation; null when unknown or resolved. */
  takeInvestigation(id: string, agentId: string): Promise<Investigation | null>;
  listInvestigations(filter: { conversationId?: string; department?: Department; state?: InvestigationState; limit: number }): Promise<Investigation[]>;
  /** Open conversations assigned to the agent (for re-queueing when they go offline). */
  openConversationsOf(agentId: string): Promise<Conversation[]>;
}
