import { DomainError } from '../errors.ts';
import type { ConversationEventPayload } from './events.ts';
import type {
  AuthorKind,
  Conversation,
  ConversationState,
  Department,
  Language,
  Priority,
  Visibility,
} from './types.ts';
import { openStates } from './types.ts';

/** The fields a decision may change on a conversation. */
export type ConversationPatch = Partial<
  Pick<
    Conversation,
    'state' | 'assigneeId' | 'department' | 'language' | 'priority' | 'resolvedAt' | 'closedAt'
  >
>;

/** What the core decided: the new field values and the events that explain them. */
export interface Decision {
  patch: ConversationPatch;
  events: ConversationEventPayload[];
}

export const noChange: Decision = { patch: {}, events: [] };

export function isOpen(state: ConversationState): boolean {
  return openStates.includes(state);
}

function statusChange(
  from: ConversationState,
  to: ConversationState,
  reason: string | null,
): ConversationEventPayload[] {
  return from === to ? [] : [{ type: 'conversation.status_changed', from, to, reason }];
}

function requireOpen(conversation: Conversation): void {
  if (conversation.state === 'closed') throw new DomainError('conversation_closed');
  if (!isOpen(conversation.state)) {
    throw new DomainError(
      'invalid_transition',
      `A ${conversation.state} conversation must be reopened first`,
    );
  }
}

/** Give the conversation to an agent. */
export function assign(conversation: Conversation, agentId: string): Decision {
  requireOpen(conversation);
  if (conversation.assigneeId === agentId && conversation.state !== 'queued') return noChange;
  const to: ConversationState = conversation.state === 'bot' || conversation.state === 'queued'
    ? 'assigned'
    : conversation.state;
  return {
    patch: { assigneeId: agentId, state: to },
    events: [
      { type: 'conversation.assigned', agentId, previousAgentId: conversation.assigneeId },
      ...statusChange(conversation.state, to, 'assigned'),
    ],
  };
}

export interface TransferTarget {
  department?: Department | undefined;
  language?: Language | undefined;
  agentId?: string | undefined;
}

/**
 * Move the conversation to another department, language or agent. Without an agent it goes back
 * to the queue of its (new) department and language.
 */
export function transfer(conversation: Conversation, target: TransferTarget, reason: string): Decision {
  requireOpen(conversation);
  const department = target.department ?? conversation.department;
  const language = target.language ?? conversation.language;
  const assigneeId = target.agentId ?? null;
  if (
    department === conversation.department &&
    language === conversation.language &&
    assigneeId === conversation.assigneeId
  ) {
    throw new DomainError('invalid_transition', 'The transfer target is where the conversation already is');
  }
  const to: ConversationState = assigneeId ? 'assigned' : 'queued';
  return {
    patch: { department, language, assigneeId, state: to },
    events: [
      {
        type: 'conversation.transferred',
        from: {
          department: conversation.department,
          language: conversation.language,
          assigneeId: conversation.assigneeId,
        },
        to: { department, language, assigneeId },
        reason,
      },
      ...statusChange(conversation.state, to, 'transferred'),
    ],
  };
}

/** Where the bot sends a conversation it hands to people (from its handoff record). */
export interface HandoverPlacement {
  department: Department;
  language: Language;
  priority: Priority;
}

/** The bot hands the conversation to people: it joins the queue of the department and language. */
export function handOver(conversation: Conversation, placement: HandoverPlacement): Decision {
  if (conversation.state !== 'bot') {
    throw new DomainError('invalid_transition', 'Only a conversation with the bot can be handed over');
  }
  const moved = placement.department !== conversation.department || placement.language !== conversation.language;
  const from = { department: conversation.department, language: conversation.language, assigneeId: null };
  return {
    patch: { state: 'queued', department: placement.department, language: placement.language, priority: placement.priority },
    events: [
      ...(moved ? [{ type: 'conversation.transferred' as const, from, to: { ...placement, assigneeId: null }, reason: 'bot_handover' }] : []),
      ...statusChange('bot', 'queued', 'bot_handover'),
    ],
  };
}

/** Mark the request as solved; it closes by itself later unless reopened. */
export function resolve(conversation: Conversation, now: Date, reason: string | null): Decision {
  requireOpen(conversation);
  return {
    patch: { state: 'resolved', resolvedAt: now },
    events: statusChange(conversation.state, 'resolved', reason),
  };
}

/** The state a reopened conversation returns to: its agent if it still has one, else the queue. */
function reopenedState(conversation: Conversation): ConversationState {
  return conversation.assigneeId ? 'assigned' : 'queued';
}

/** Reopen a resolved or closed conversation, allowed within `windowMs` of its resolution. */
export function reopen(conversation: Conversation, now: Date, windowMs: number, reason: string | null): Decision {
  if (isOpen(conversation.state)) {
    throw new DomainError('invalid_transition', 'The conversation is already open');
  }
  const resolvedAt = conversation.resolvedAt ?? conversation.closedAt ?? conversation.updatedAt;
  if (now.getTime() - resolvedAt.getTime() > windowMs) {
    throw new DomainError('conversation_closed', 'The reopen window has passed; start a new conversation');
  }
  const to = reopenedState(conversation);
  return {
    patch: { state: to, resolvedAt: null, closedAt: null },
    events: statusChange(conversation.state, to, reason ?? 'reopened'),
  };
}

/** Close a resolved conversation whose grace period is over (the auto-close job). */
export function close(conversation: Conversation, now: Date, closeAfterMs: number): Decision {
  if (conversation.state !== 'resolved' || !conversation.resolvedAt) return noChange;
  if (now.getTime() - conversation.resolvedAt.getTime() < closeAfterMs) return noChange;
  return {
    patch: { state: 'closed', closedAt: now },
    events: statusChange('resolved', 'closed', 'auto_close'),
  };
}

/**
 * What posting a message does to the state: an agent's public reply waits on the customer; a
 * customer's message brings a waiting or resolved conversation back to the team.
 */
export function afterMessage(
  conversation: Conversation,
  authorKind: AuthorKind,
  visibility: Visibility,
): Decision {
  const { state } = conversation;
  if (state === 'closed') throw new DomainError('conversation_closed');
  if (visibility === 'internal') {
    if (state === 'resolved') throw new DomainError('invalid_transition', 'Reopen the conversation to add notes');
    return noChange;
  }
  if (authorKind === 'agent' && state === 'assigned') {
    return { patch: { state: 'waiting_customer' }, events: statusChange(state, 'waiting_customer', 'agent_replied') };
  }
  if (authorKind === 'agent' && state === 'resolved') {
    throw new DomainError('invalid_transition', 'Reopen the conversation to reply');
  }
  if (authorKind === 'customer' && (state === 'waiting_customer' || state === 'resolved')) {
    const to = reopenedState(conversation);
    return {
      patch: { state: to, resolvedAt: null },
      events: statusChange(state, to, 'customer_replied'),
    };
  }
  return noChange;
}

/** Apply a decision's patch to a conversation value (what the store commits). */
export function applyPatch(conversation: Conversation, patch: ConversationPatch, now: Date): Conversation {
  return { ...conversation, ...patch, updatedAt: now, version: conversation.version + 1 };
}
