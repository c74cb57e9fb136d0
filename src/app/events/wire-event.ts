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

export function toWireEvent(event: ConversationEvent): WireEvent {
  return JSON.parse(JSON.stringify({ ...event, message: event.message ?? null })) as WireEvent;
}

/** A loose check for payloads arriving from the bus: other nodes run our code, but maybe an older one. */
export function isWireEvent(value: unknown): value is WireEvent {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<WireEvent>;
  return typeof v.id === 'string' && typeof v.conversationId === 'string' && typeof v.payload === 'object'
    && typeof v.conversation === 'object' && v.conversation !== null;
}
