import { z } from 'zod';
import {
  channels,
  conversationStates,
  departments,
  languages,
  MAX_MESSAGE_LENGTH,
  priorities,
  visibilities,
  authorKinds,
} from '../core/conversations/types.ts';
import { clientMsgId, isoDate, storableText, storableTextMessage, uuid } from './common.ts';

export const messageBody = z
  .string()
  .max(MAX_MESSAGE_LENGTH, `message_too_long: at most ${MAX_MESSAGE_LENGTH} characters`)
  .refine((s) => s.trim().length > 0, 'must not be blank')
  .refine(storableText, storableTextMessage);

export const conversationDto = z
  .object({
    id: uuid,
    customerId: z.string(),
    channel: z.enum(channels),
    state: z.enum(conversationStates),
    department: z.enum(departments),
    language: z.enum(languages),
    priority: z.enum(priorities),
    assigneeId: uuid.nullable(),
    subject: z.string(),
    lastSeq: z.number().int(),
    version: z.number().int(),
    createdAt: isoDate,
    updatedAt: isoDate,
    resolvedAt: isoDate.nullable(),
    closedAt: isoDate.nullable(),
  })
  .meta({ id: 'Conversation' });

/** A quick-reply id as the bot offered it (`solved:yes`, `deposit:<id>`). */
export const quickReplyId = z.string().min(1).max(120).regex(/^[\w:.-]+$/, 'letters, digits and . _ : - only');

export const messageMetadata = z
  .object({
    buttons: z.array(z.object({ id: z.string(), label: z.string() })).optional(),
    quickReply: z.string().optional(),
    redactions: z.array(z.string()).optional(),
  })
  .meta({ id: 'MessageMetadata' });

export const messageDto = z
  .object({
    id: uuid,
    conversationId: uuid,
    seq: z.number().int().min(1),
    clientMsgId: z.string(),
    authorKind: z.enum(authorKinds),
    authorId: z.string().nullable(),
    body: z.string(),
    visibility: z.enum(visibilities),
    metadata: messageMetadata.nullable(),
    createdAt: isoDate,
  })
  .meta({ id: 'Message' });

export const startConversationBody = z.strictObject({
  clientMsgId,
  body: messageBody,
  channel: z.enum(channels).optional(),
  department: z.enum(departments).optional(),
  language: z.enum(languages).optional(),
  subject: z.string().trim().min(1).max(200).refine(storableText, storableTextMessage).optional(),
});

export const conversationWithMessage = z.object({
  conversation: conversationDto,
  message: messageDto,
  duplicate: z.boolean(),
});

export const conversationParams = z.strictObject({ id: z.string().max(100) });

const csvList = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .string()
    .max(200)
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

export const listConversationsQuery = z.strictObject({
  state: csvList(conversationStates).optional(),
  department: z.enum(departments).optional(),
  language: z.enum(languages).optional(),
  assignee: z.union([z.literal('me'), z.literal('none'), uuid]).optional(),
  cursor: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const conversationPage = z.object({
  conversations: z.array(conversationDto),
  nextCursor: uuid.nullable(),
});

export const postMessageBody = z.strictObject({
  clientMsgId,
  body: messageBody,
  visibility: z.enum(visibilities).default('public'),
  /** Customers: the id of the quick-reply button pressed; `body` carries its label. */
  quickReply: quickReplyId.optional(),
});

export const messageAck = z.object({
  message: messageDto,
  conversation: conversationDto,
  duplicate: z.boolean(),
});

export const listMessagesQuery = z.strictObject({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const messagePage = z.object({ messages: z.array(messageDto), lastSeq: z.number().int() });

export const assignBody = z.strictObject({ agentId: uuid });
export const transferBody = z
  .strictObject({
    department: z.enum(departments).optional(),
    language: z.enum(languages).optional(),
    agentId: uuid.optional(),
    reason: z.string().trim().min(1).max(500).refine(storableText, storableTextMessage),
  })
  .refine((b) => b.department || b.language || b.agentId, 'name a department, a language or an agent');
export const reasonBody = z.strictObject({ reason: z.string().trim().min(1).max(500).refine(storableText, storableTextMessage).optional() }).default({});
export const readBody = z.strictObject({ seq: z.number().int().min(0) });
export const conversationReply = z.object({ conversation: conversationDto });
