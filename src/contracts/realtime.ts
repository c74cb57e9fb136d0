/** Websocket frames at /ws, both directions. Every inbound frame is validated against these. */
import { z } from 'zod';
import { presenceStatuses } from '../core/conversations/signals.ts';
import { departments, visibilities } from '../core/conversations/types.ts';
import { clientMsgId, uuid } from './common.ts';
import { messageBody, quickReplyId } from './conversations.ts';

export const clientFrame = z.discriminatedUnion('type', [
  /** First frame of a customer socket (browsers cannot set headers on websockets). */
  z.strictObject({ type: z.literal('auth'), token: z.string().min(1).max(8192) }),
  /** Follow a conversation; with afterSeq, first receive every message after it (resume). */
  z.strictObject({ type: z.literal('subscribe'), conversationId: uuid, afterSeq: z.number().int().min(0).optional() }),
  z.strictObject({ type: z.literal('unsubscribe'), conversationId: uuid }),
  /** Agents: follow a department's queue (new conversations and changes). */
  z.strictObject({ type: z.literal('subscribe_queue'), department: z.enum(departments) }),
  z.strictObject({ type: z.literal('unsubscribe_queue'), department: z.enum(departments) }),
  z.strictObject({
    type: z.literal('message'),
    conversationId: uuid,
    clientMsgId,
    body: messageBody,
    visibility: z.enum(visibilities).default('public'),
    quickReply: quickReplyId.optional(),
  }),
  z.strictObject({ type: z.literal('typing'), conversationId: uuid, isTyping: z.boolean() }),
  z.strictObject({ type: z.literal('read'), conversationId: uuid, seq: z.number().int().min(0) }),
  z.strictObject({ type: z.literal('presence'), status: z.enum(presenceStatuses) }),
  z.strictObject({ type: z.literal('ping'), id: z.string().max(100).optional() }),
]);

export type ClientFrame = z.infer<typeof clientFrame>;

/** Frames the server sends (documented in docs/api.md; built in src/http/realtime). */
export type ServerFrameType =
  | 'ready'
  | 'subscribed'
  | 'unsubscribed'
  | 'message'
  | 'ack'
  | 'conversation'
  | 'typing'
  | 'read'
  | 'presence'
  | 'viewing'
  | 'replay_done'
  | 'pong'
  | 'error';
