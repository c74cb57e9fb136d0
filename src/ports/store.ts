import type { Decision } from '../core/conversations/lifecycle.ts';
import type { Actor, ConversationEvent } from '../core/conversations/events.ts';
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
} from '../core/conversations/types.ts';
import type { Role } from '../core/identity/roles.ts';
import type { JobDraft, JobLease } from './jobs.ts';

export interface NewConversation {
  id: string;
  customerId: string;
  channel: Channel;
  state: ConversationState;
  department: Department;
  language: Language;
  priority: Priority;
  subject: string;
  firstMessage: { id: string; clientMsgId: string; body: string; metadata?: MessageMetadata | null };
  /** Durable jobs committed with the conversation (e.g. the bot's answer to the first message). */
  jobs?: JobDraft[] | undefined;
  now: Date;
}

export interface NewMessage {
  id: string;
  conversationId: string;
  clientMsgId: string;
  authorKind: AuthorKind;
  authorId: string | null;
  body: string;
  visibility: Visibility;
  metadata: MessageMetadata | null;
  /** Durable jobs committed with the message (e.g. the bot's answer to it). */
  jobs?: JobDraft[] | undefined;
  now: Date;
}

/** The result of a write that a client may repeat: `duplicate` says nothing new was stored. */
export interface CommittedMessage {
  conversation: Conversation;
  message: Message;
  events: ConversationEvent[];
  duplicate: boolean;
}

export interface ConversationFilter {
  customerId?: string | undefined;
  states?: ConversationState[] | undefined;
  department?: Department | undefined;
  language?: Language | undefined;
  /** An agent id, or `null` for unassigned conversations. */
  assigneeId?: string | null | undefined;
  /** Return conversations created before this id (ids are time-ordered UUIDv7). */
  before?: string | undefined;
  limit: number;
}

export interface CustomerProfile {
  id: string;
  name: string | null;
  email: string | null;
  locale: string | null;
  tier: string | null;
  visitor: boolean;
}

export interface Agent {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  passwordHash: string;
  active: boolean;
  createdAt: Date;
}

export interface AgentSession {
  tokenHash: string;
  agentId: string;
  expiresAt: Date;
}

/** Options of a state change: durable jobs committed with it, and the job it completes. */
export interface ApplyOptions {
  jobs?: JobDraft[];
  /** Mark this claimed job done in the same transaction (exactly-once effect). */
  completesJob?: JobLease;
}

/**
 * The source of truth. Every write commits its state and its event rows in one transaction and
 * returns the committed events, which the caller publishes after commit.
 */
export interface Store {
  /** Create a conversation with its first message; idempotent on (customer, first clientMsgId). */
  createConversation(input: NewConversation): Promise<CommittedMessage>;
  /**
   * Append a message, numbering it lastSeq + 1, and apply `decision` (made on `current`), only if
   * the conversation is still at `current.version` (else `conflict`). Idempotent on clientMsgId.
   */
  appendMessage(input: NewMessage, current: Conversation, decision: Decision, actor: Actor): Promise<CommittedMessage>;
  /** Apply a core decision if the conversation is still at `expectedVersion` (else `conflict`). */
  applyDecision(
    conversationId: string,
    expectedVersion: number,
    decision: Decision,
    actor: Actor,
    now: Date,
    options?: ApplyOptions,
  ): Promise<{ conversation: Conversation; events: ConversationEvent[] }>;
  getConversation(id: string): Promise<Conversation | null>;
  listConversations(filter: ConversationFilter): Promise<Conversation[]>;
  /** Messages with seq > afterSeq in seq order; `includeInternal: false` for customers. */
  listMessages(conversationId: string, afterSeq: number, limit: number, includeInternal: boolean): Promise<Message[]>;
  findMessageByClientMsgId(conversationId: string, clientMsgId: string): Promise<Message | null>;
  /** Record how far a reader has read (never moves backwards). */
  markRead(conversationId: string, reader: Actor, seq: number): Promise<number>;

  upsertCustomer(profile: CustomerProfile): Promise<void>;
  getCustomer(id: string): Promise<CustomerProfile | null>;

  createAgent(agent: Omit<Agent, 'createdAt'>): Promise<Agent>;
  findAgentByEmail(email: string): Promise<Agent | null>;
  getAgent(id: string): Promise<Agent | null>;
  listAgents(): Promise<Agent[]>;
  createSession(session: AgentSession): Promise<void>;
  /** The agent behind a live session, or null when the session is unknown or expired. */
  findSession(tokenHash: string, now: Date): Promise<Agent | null>;
  deleteSession(tokenHash: string): Promise<void>;

  /** Committed events not yet marked as published, older than `olderThan` (the outbox sweep). */
  unpublishedEvents(olderThan: Date, limit: number): Promise<ConversationEvent[]>;
  markPublished(eventIds: string[]): Promise<void>;

  /** Rejects when the database is not reachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
