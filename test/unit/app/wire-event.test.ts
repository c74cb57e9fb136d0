import { describe, expect, it } from 'vitest';
import { toWireEvent } from '../../../src/app/events/wire-event.ts';
import type { ConversationEvent } from '../../../src/core/conversations/events.ts';
import type { Conversation } from '../../../src/core/conversations/types.ts';

const conversation: Conversation = {
  id: '0190a0b0-0000-7000-8000-000000000001',
  customerId: 'user-1',
  channel: 'webchat',
  state: 'resolved',
  department: 'deposits',
  language: 'es',
  priority: 'high',
  assigneeId: null,
  subject: 'USDT no llegó',
  lastSeq: 3,
  version: 4,
  createdAt: new Date('2026-11-01T10:00:00.000Z'),
  updatedAt: new Date('2026-11-01T10:05:00.000Z'),
  resolvedAt: new Date('2026-11-01T10:05:00.000Z'),
  closedAt: null,
};

/** What another node receives: the event after JSON on the wire. */
const overTheWire = (event: ConversationEvent): unknown => JSON.parse(JSON.stringify({ ...event, message: event.message ?? null }));

describe('events on the wire', () => {
  it('turns a created event into exactly the JSON another node decodes', () => {
    const event: ConversationEvent = {
      id: '10', conversationId: conversation.id, actor: { kind: 'customer', id: 'user-1' },
      payload: { type: 'conversation.created', conversation }, occurredAt: conversation.createdAt, conversation,
    };
    expect(toWireEvent(event)).toStrictEqual(overTheWire(event));
  });

  it('turns a message event, with its message, into exactly the JSON another node decodes', () => {
    const message = {
      id: '0190a0b0-0000-7000-8000-0000000000aa', conversationId: conversation.id, seq: 3, clientMsgId: 'c-3',
      authorKind: 'agent' as const, authorId: 'agent-1', body: 'Hola', visibility: 'public' as const, metadata: { buttons: [{ id: 'solved:yes', label: 'Sí' }] }, createdAt: conversation.updatedAt,
    };
    const event: ConversationEvent = {
      id: '11', conversationId: conversation.id, actor: { kind: 'agent', id: 'agent-1' },
      payload: { type: 'conversation.message_posted', messageId: message.id, seq: 3, authorKind: 'agent', visibility: 'public' },
      occurredAt: conversation.updatedAt, conversation, message,
    };
    expect(toWireEvent(event)).toStrictEqual(overTheWire(event));
  });
});
