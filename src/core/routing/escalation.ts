/**
 * Escalation: a conversation needs a higher tier (tier 2, or the senior team), possibly in another
 * department (the senior security team). It goes back to the queue with a raised minimum tier, so
 * only agents of that tier may take it, and keeps its whole history.
 */
import { DomainError } from '../errors.ts';
import type { Decision } from '../conversations/lifecycle.ts';
import type { Conversation, ConversationState, Department } from '../conversations/types.ts';
import { tierAtLeast, type Tier } from './organisation.ts';

export interface EscalationRequest {
  to: Exclude<Tier, 'tier1'>;
  /** Another department's team of that tier (e.g. `security` for the senior security team). */
  department?: Department | undefined;
  reason: string;
}

/** The decision and the conversation's new minimum tier. */
export interface EscalationDecision {
  decision: Decision;
  minTier: Tier;
}

const escalatable: readonly ConversationState[] = ['queued', 'assigned', 'waiting_customer'];

/**
 * Escalate a conversation whose minimum tier is `currentMinTier`. Refused when the conversation is
 * not with people (with the bot, resolved, closed, waiting on an investigation) or when it already
 * needs this tier or a higher one: escalations only go up, so no case can loop between tiers.
 */
export function escalate(conversation: Conversation, currentMinTier: Tier, request: EscalationRequest): EscalationDecision {
  if (!escalatable.includes(conversation.state)) {
    throw new DomainError('invalid_transition', `A ${conversation.state} conversation cannot be escalated`);
  }
  if (tierAtLeast(currentMinTier, request.to)) {
    throw new DomainError('invalid_transition', `Already escalated to ${currentMinTier}: escalations only go up`);
  }
  const department = request.department ?? conversation.department;
  const from = { department: conversation.department, language: conversation.language, assigneeId: conversation.assigneeId };
  const to = { department, language: conversation.language, assigneeId: null };
  return {
    minTier: request.to,
    decision: {
      patch: { state: 'queued', assigneeId: null, department, ...(request.to === 'senior' && conversation.priority !== 'urgent' ? { priority: 'high' as const } : {}) },
      events: [
        { type: 'conversation.escalated', fromTier: currentMinTier, toTier: request.to, reason: request.reason },
        ...(department !== conversation.department || conversation.assigneeId !== null
          ? [{ type: 'conversation.transferred' as const, from, to, reason: `escalated_${request.to}` }]
          : []),
        ...(conversation.state === 'queued' ? [] : [{ type: 'conversation.status_changed' as const, from: conversation.state, to: 'queued' as const, reason: 'escalated' }]),
      ],
    },
  };
}
