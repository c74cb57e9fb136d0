import type { ConversationEvent, ConversationEventPayload } from '../../core/conversations/events.ts';
import type { Conversation, Message } from '../../core/conversations/types.ts';

type Jsonify<T> = T extends Date ? string : T extends object ? { [K in keyof T]: Jsonify<T[K]> } : T;

export type WireConversation = Jsonify<Conversation>;
export type WireMessage = Jsonify<Message>;

/** A committed event as it travels on the bus between nodes: plain JSON, dates as ISO strings. */
export interface WireEvent {
  id: string;
  conversationId: string;
  actor: ConversationEvent['actor'];
  payload: Jsonify<ConversationEventPayload>;
  occurredAt: string;
  conversation: WireConversation;
  message: WireMessage | null;
}

/** Field by field rather than a JSON round trip: this runs for every committed event. */
export function toWireEvent(event: ConversationEvent): WireEvent {
  return {
    id: event.id,
    conversationId: event.conversationId,
    actor: event.actor,
    payload: toWirePayload(event.payload),
    occurredAt: event.occurredAt.toISOString(),
    conversation: toWireConversation(event.conversation),
    message: event.message ? toWireMessage(event.message) : null,
  };
}

/** Only `conversation.created` carries dates (its conversation); the other payloads are plain JSON. */
function toWirePayload(payload: ConversationEventPayload): WireEvent['payload'] {
  return payload.type === 'conversation.created'
    ? { type: payload.type, conversation: toWireConversation(payload.conversation) }
    : payload;
}

export function toWireConversation(c: Conversation): WireConversation {
  return {
    ...c,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    resolvedAt: c.resolvedAt?.toISOString() ?? null,
    closedAt: c.closedAt?.toISOString() ?? null,
  };
}

export function toWireMessage(m: Message): WireMessage {
  return { ...m, createdAt: m.createdAt.toISOString() };
}

/** A loose check for payloads arriving from the bus: other nodes run our code, but maybe an older one. */
export function isWireEvent(value: unknown): value is WireEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<WireEvent>;
  return typeof v.id === 'string' && typeof v.conversationId === 'string' && typeof v.payload === 'object'
    && typeof v.conversation === 'object' && v.conversation !== null;
}
