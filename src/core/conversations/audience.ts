import type { SlaEventType } from '../sla/events.ts';
import type { ConversationEventType } from './events.ts';
import type { Visibility } from './types.ts';

/** The part of an event the audience depends on (works for events in memory and off the bus). */
export interface AudienceInput {
  payload: { type: ConversationEventType | SlaEventType; visibility?: Visibility };
}

/**
 * Who hears an event. One pure function decides it for every node and every frame, so the rule
 * "an internal note never reaches a customer" lives in exactly one place.
 */
export interface Audience {
  /** The customer who owns the conversation, when they may see this event. */
  customer: boolean;
  /** Agents who subscribed to the conversation. */
  conversationAgents: boolean;
  /** Agents watching the queue of the conversation's department. */
  queueAgents: boolean;
}

export function audienceOf(event: AudienceInput): Audience {
  const { payload } = event;
  switch (payload.type) {
    case 'conversation.message_posted':
      return {
        // Anything but an explicitly public message stays with the agents.
        customer: payload.visibility === 'public',
        conversationAgents: true,
        queueAgents: true,
      };
    // `secret_redacted`: the customer's own earlier messages were rewritten; their client re-reads them.
    case 'conversation.created':
    case 'conversation.status_changed':
    case 'conversation.assigned':
    case 'conversation.transferred':
    case 'conversation.secret_redacted':
    case 'conversation.escalated':
      return { customer: true, conversationAgents: true, queueAgents: true };
    // SLA clocks and internal cases are the team's business: the customer sees answers, not deadlines.
    case 'conversation.investigation_opened':
    case 'conversation.investigation_resolved':
    case 'sla.warning_reached':
    case 'sla.breached':
    case 'sla.met':
      return { customer: false, conversationAgents: true, queueAgents: true };
  }
}
