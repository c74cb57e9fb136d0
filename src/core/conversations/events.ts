import type { SlaEventPayload } from '../sla/events.ts';
import type {
  AuthorKind,
  Conversation,
  ConversationState,
  Department,
  Language,
  Message,
  Visibility,
} from './types.ts';

/** Event names of the conversations area: `<area>.<past_tense>`, one constant each. */
export const conversationEvents = {
  created: 'conversation.created',
  messagePosted: 'conversation.message_posted',
  statusChanged: 'conversation.status_changed',
  assigned: 'conversation.assigned',
  transferred: 'conversation.transferred',
  secretRedacted: 'conversation.secret_redacted',
  escalated: 'conversation.escalated',
  investigationOpened: 'conversation.investigation_opened',
  investigationResolved: 'conversation.investigation_resolved',
} as const;

export type ConversationEventType = (typeof conversationEvents)[keyof typeof conversationEvents];

/** Who caused an event. `system` covers jobs and timers. */
export interface Actor {
  kind: AuthorKind;
  id: string | null;
}

export interface Placement {
  department: Department;
  language: Language;
  assigneeId: string | null;
}

export type ConversationEventPayload =
  | {
      type: 'conversation.created';
      conversation: Conversation;
    }
  | {
      type: 'conversation.message_posted';
      messageId: string;
      seq: number;
      authorKind: AuthorKind;
      visibility: Visibility;
    }
  | {
      type: 'conversation.status_changed';
      from: ConversationState;
      to: ConversationState;
      reason: string | null;
    }
  | { type: 'conversation.assigned'; agentId: string; previousAgentId: string | null }
  | { type: 'conversation.transferred'; from: Placement; to: Placement; reason: string }
  | {
      /** The secrets guard removed a secret from message `seq` and, where it completed a phrase, from `redactedSeqs`. */
      type: 'conversation.secret_redacted';
      seq: number;
      kinds: string[];
      redactedSeqs: number[];
    }
  /** Raised to a higher tier (tier 2, senior): only agents of that tier may take it now. */
  | { type: 'conversation.escalated'; fromTier: string; toTier: string; reason: string }
  /** Another department was asked to look into the case (an internal, linked case). */
  | { type: 'conversation.investigation_opened'; investigationId: string; department: Department; title: string }
  /** That department answered: the agent is told, and the conversation comes back when none is left open. */
  | { type: 'conversation.investigation_resolved'; investigationId: string; department: Department; resolution: string }
  /** An SLA clock of the conversation warned, breached or was met (src/core/sla/events.ts). */
  | SlaEventPayload;

/** An event as decided by the core, before the store gives it an id. */
export interface ConversationEventDraft {
  conversationId: string;
  actor: Actor;
  payload: ConversationEventPayload;
}

/** An event as committed: the source of every metric and every realtime frame. */
export interface ConversationEvent extends ConversationEventDraft {
  id: string;
  occurredAt: Date;
  /** The conversation as it was right after the event committed (audience and fan-out use it). */
  conversation: Conversation;
  /** For `conversation.message_posted`: the message itself (the event row stores only its id). */
  message?: Message | undefined;
}
