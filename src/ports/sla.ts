/**
 * Where SLA policies and each conversation's SLA clocks live. Clocks advance by reading the
 * conversation's event log from where they stopped; one transaction commits the new clocks, the
 * SLA events and the timers (durable jobs) that look at them again.
 */
import type { ConversationEvent } from '../core/conversations/events.ts';
import type { Conversation } from '../core/conversations/types.ts';
import type { SlaClocks } from '../core/sla/conversation-clocks.ts';
import type { SlaEventPayload } from '../core/sla/events.ts';
import type { SlaPolicy } from '../core/sla/policy.ts';
import type { JobDraft, JobLease } from './jobs.ts';

/** What an SLA step sees: the conversation now, its clocks, and its events not yet read. */
export interface SlaState {
  conversation: Conversation;
  clocks: SlaClocks;
  unread: ConversationEvent[];
}

/** What an SLA step decided, to commit together. */
export interface SlaStep {
  clocks: SlaClocks;
  events: SlaEventPayload[];
  jobs: JobDraft[];
}

/** A conversation for the tough-case board, with what makes it tough. */
export interface ToughCaseRow {
  conversation: Conversation;
  minTier: string;
  breached: boolean;
}

export interface SlaStore {
  listPolicies(): Promise<SlaPolicy[]>;
  /** `conflict` when the name is taken. */
  createPolicy(policy: SlaPolicy, now: Date): Promise<SlaPolicy>;
  /** Null when there is no such policy. */
  updatePolicy(policy: SlaPolicy, now: Date): Promise<SlaPolicy | null>;
  deletePolicy(id: string): Promise<boolean>;

  /**
   * Lock the conversation's clocks, let `step` decide from them and the unread events, and commit
   * the new clocks, the events and the jobs — and complete `lease`'s job — in one transaction.
   * Returns the committed SLA events (to publish); none when the conversation does not exist.
   */
  advance(conversationId: string, step: (state: SlaState) => SlaStep, now: Date, lease?: JobLease): Promise<ConversationEvent[]>;
  clocksOf(conversationId: string): Promise<SlaClocks | null>;
  /** Open conversations that breached an SLA, were escalated, or wait on another department. */
  toughCases(limit: number): Promise<ToughCaseRow[]>;
  /** Open conversations with events their clocks have not read (a missed notification), oldest first. */
  behind(updatedSince: Date, limit: number): Promise<string[]>;
}
