/**
 * Investigations: a case another department has to look into (deposits operations, compliance,
 * engineering) before the agent can answer. It is a linked internal case with its own owner and
 * deadline; the conversation waits on it and comes back to its agent when it is resolved.
 */
import { DomainError } from '../errors.ts';
import type { Decision } from '../conversations/lifecycle.ts';
import type { Conversation, ConversationState, Department } from '../conversations/types.ts';

export const investigationStates = ['open', 'resolved'] as const;
export type InvestigationState = (typeof investigationStates)[number];

/** The longest an investigation may be given (its own deadline), and the default. */
export const MAX_INVESTIGATION_HOURS = 24 * 30;
export const DEFAULT_INVESTIGATION_HOURS = 24;

export interface Investigation {
  id: string;
  conversationId: string;
  department: Department;
  title: string;
  details: string;
  state: InvestigationState;
  openedBy: string;
  ownerId: string | null;
  dueAt: Date;
  resolution: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}

const investigable: readonly ConversationState[] = ['assigned', 'waiting_customer', 'waiting_internal'];

/** The conversation waits on another department: it leaves the agent's "to answer" list, not their hands. */
export function awaitInvestigation(conversation: Conversation, department: Department): Decision {
  if (!investigable.includes(conversation.state)) {
    throw new DomainError('invalid_transition', `Take the conversation before opening an investigation (it is ${conversation.state})`);
  }
  if (department === conversation.department) {
    throw new DomainError('validation_failed', 'An investigation goes to another department; transfer the conversation instead');
  }
  if (conversation.state === 'waiting_internal') return { patch: {}, events: [] };
  return {
    patch: { state: 'waiting_internal' },
    events: [{ type: 'conversation.status_changed', from: conversation.state, to: 'waiting_internal', reason: `investigation_${department}` }],
  };
}

/** The last open investigation was resolved: back to its agent (or the queue when nobody has it). */
export function investigationsDone(conversation: Conversation): Decision {
  if (conversation.state !== 'waiting_internal') return { patch: {}, events: [] };
  const to: ConversationState = conversation.assigneeId ? 'assigned' : 'queued';
  return {
    patch: { state: to },
    events: [{ type: 'conversation.status_changed', from: 'waiting_internal', to, reason: 'investigation_resolved' }],
  };
}
