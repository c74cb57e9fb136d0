/** Row shapes of raw SQL results and their mapping to domain values. */
import type { Actor, ConversationEvent, ConversationEventPayload } from '../../core/conversations/events.ts';
import type {
  AuthorKind,
  Channel,
  Conversation,
  ConversationState,
  Department,
  Language,
  Message,
  MessageMetadata,
  Priority,
  Visibility,
} from '../../core/conversations/types.ts';
import type { Role } from '../../core/identity/roles.ts';
import type { Agent } from '../../ports/store.ts';

/** The columns of a conversation, in the order every query selects them. */
export const conversationColumns = `id, customer_id, channel, state, department, language, priority,
  assignee_id, subject, last_seq, version, created_at, updated_at, resolved_at, closed_at`;

export const messageColumns = `id, conversation_id, seq, client_msg_id, author_kind, author_id, body,
  visibility, metadata, created_at`;

export interface ConversationRow {
  id: string;
  customer_id: string;
  channel: string;
  state: string;
  department: string;
  language: string;
  priority: string;
  assignee_id: string | null;
  subject: string;
  last_seq: number;
  version: number;
  created_at: Date;
  updated_at: Date;
  resolved_at: Date | null;
  closed_at: Date | null;
}

export interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  client_msg_id: string;
  author_kind: string;
  author_id: string | null;
  body: string;
  visibility: string;
  metadata: unknown;
  created_at: Date;
}

export interface AgentRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  password_hash: string;
  active: boolean;
  created_at: Date;
}

export interface EventRow {
  id: string;
  conversation_id: string;
  actor_kind: string;
  actor_id: string | null;
  payload: ConversationEventPayload;
  occurred_at: Date;
}

export const date = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));
const maybeDate = (value: Date | string | null): Date | null => (value === null ? null : date(value));

export function toConversation(row: ConversationRow): Conversation {
  return {
    id: row.id,
    customerId: row.customer_id,
    channel: row.channel as Channel,
    state: row.state as ConversationState,
    department: row.department as Department,
    language: row.language as Language,
    priority: row.priority as Priority,
    assigneeId: row.assignee_id,
    subject: row.subject,
    lastSeq: Number(row.last_seq),
    version: Number(row.version),
    createdAt: date(row.created_at),
    updatedAt: date(row.updated_at),
    resolvedAt: maybeDate(row.resolved_at),
    closedAt: maybeDate(row.closed_at),
  };
}

export function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    seq: Number(row.seq),
    clientMsgId: row.client_msg_id,
    authorKind: row.author_kind as AuthorKind,
    authorId: row.author_id,
    body: row.body,
    visibility: row.visibility as Visibility,
    metadata: (row.metadata ?? null) as MessageMetadata | null,
    createdAt: date(row.created_at),
  };
}

export function toAgent(row: AgentRow): Agent {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    roles: row.roles as Role[],
    passwordHash: row.password_hash,
    active: row.active,
    createdAt: date(row.created_at),
  };
}

export function toEvent(row: EventRow, conversation: Conversation, message?: Message): ConversationEvent {
  const actor: Actor = { kind: row.actor_kind as AuthorKind, id: row.actor_id };
  return {
    id: String(row.id),
    conversationId: row.conversation_id,
    actor,
    payload: row.payload,
    occurredAt: date(row.occurred_at),
    conversation,
    message,
  };
}
