/**
 * Drizzle's view of the tables that db/migrations creates (the SQL files are the source of truth;
 * keep this in step when adding a migration). Used for the ordinary typed queries.
 */
import {
  bigserial,
  boolean,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const customers = pgTable('customers', {
  id: text('id').primaryKey(),
  name: text('name'),
  email: text('email'),
  locale: text('locale'),
  tier: text('tier'),
  visitor: boolean('visitor').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const agents = pgTable('agents', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name').notNull(),
  roles: text('roles').array().notNull(),
  passwordHash: text('password_hash').notNull(),
  active: boolean('active').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const agentSessions = pgTable('agent_sessions', {
  tokenHash: text('token_hash').primaryKey(),
  agentId: uuid('agent_id').notNull(),
  expiresAt: ts('expires_at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const conversations = pgTable('conversations', {
  id: uuid('id').primaryKey(),
  customerId: text('customer_id').notNull(),
  channel: text('channel').notNull(),
  state: text('state').notNull(),
  department: text('department').notNull(),
  language: text('language').notNull(),
  priority: text('priority').notNull(),
  assigneeId: uuid('assignee_id'),
  subject: text('subject').notNull(),
  lastSeq: integer('last_seq').notNull(),
  version: integer('version').notNull(),
  originClientMsgId: text('origin_client_msg_id').notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  resolvedAt: ts('resolved_at'),
  closedAt: ts('closed_at'),
});

export const messages = pgTable('messages', {
  id: uuid('id').primaryKey(),
  conversationId: uuid('conversation_id').notNull(),
  seq: integer('seq').notNull(),
  clientMsgId: text('client_msg_id').notNull(),
  authorKind: text('author_kind').notNull(),
  authorId: text('author_id'),
  body: text('body').notNull(),
  visibility: text('visibility').notNull(),
  createdAt: ts('created_at').notNull(),
});

export const events = pgTable('events', {
  id: bigserial('id', { mode: 'bigint' }).primaryKey(),
  conversationId: uuid('conversation_id').notNull(),
  type: text('type').notNull(),
  actorKind: text('actor_kind').notNull(),
  actorId: text('actor_id'),
  payload: jsonb('payload').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  publishedAt: ts('published_at'),
});

export const readReceipts = pgTable(
  'read_receipts',
  {
    conversationId: uuid('conversation_id').notNull(),
    readerKind: text('reader_kind').notNull(),
    readerId: text('reader_id').notNull(),
    seq: integer('seq').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.conversationId, table.readerKind, table.readerId] })],
);

export const jobs = pgTable('jobs', {
  id: bigserial('id', { mode: 'bigint' }).primaryKey(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull(),
  key: text('key'),
  runAt: ts('run_at').notNull(),
  attempts: integer('attempts').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  leaseToken: uuid('lease_token'),
  lockedUntil: ts('locked_until'),
  lastError: text('last_error'),
  doneAt: ts('done_at'),
  deadAt: ts('dead_at'),
  createdAt: ts('created_at').notNull().defaultNow(),
});
