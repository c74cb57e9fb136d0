/** The conversation model: one customer request on one channel thread (see docs/architecture.md). */

export const conversationStates = [
  'bot',
  'queued',
  'assigned',
  'waiting_customer',
  'waiting_internal',
  'resolved',
  'closed',
] as const;
export type ConversationState = (typeof conversationStates)[number];

export const openStates: readonly ConversationState[] = [
  'bot',
  'queued',
  'assigned',
  'waiting_customer',
  'waiting_internal',
];

export const channels = ['webchat', 'in_app', 'email', 'telegram', 'api'] as const;
export type Channel = (typeof channels)[number];

export const priorities = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** Departments of ../shared/spec/intents.json: the same names in every layer. */
export const departments = [
  'general',
  'account',
  'security',
  'kyc',
  'deposits',
  'withdrawals',
  'fiat',
  'trading',
  'derivatives',
  'p2p',
  'earn',
  'compliance',
] as const;
export type Department = (typeof departments)[number];

/** The languages the platform serves (ISO 639-1). */
export const languages = [
  'en', 'zh', 'es', 'pt', 'ru', 'tr', 'fr', 'vi', 'id', 'ar', 'uk', 'ko', 'ja', 'de',
] as const;
export type Language = (typeof languages)[number];

export const authorKinds = ['customer', 'agent', 'bot', 'system'] as const;
export type AuthorKind = (typeof authorKinds)[number];

export const visibilities = ['public', 'internal'] as const;
/** `internal` messages are notes between agents; customers never receive them. */
export type Visibility = (typeof visibilities)[number];

export const MAX_MESSAGE_LENGTH = 10_000;

export interface Conversation {
  id: string;
  customerId: string;
  channel: Channel;
  state: ConversationState;
  department: Department;
  language: Language;
  priority: Priority;
  assigneeId: string | null;
  subject: string;
  /** Highest message seq in the conversation; messages are numbered 1..lastSeq without gaps. */
  lastSeq: number;
  /** Optimistic-concurrency counter, bumped by every state change. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** Extra, structured parts of a message beside its text. */
export interface MessageMetadata {
  /** Quick-reply buttons the bot offered with this message. */
  buttons?: { id: string; label: string }[];
  /** The button a customer pressed (its id), sent with the button's label as the body. */
  quickReply?: string;
  /** Kinds of secrets removed from the text before it was stored (e.g. `seed_phrase`). */
  redactions?: string[];
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  clientMsgId: string;
  authorKind: AuthorKind;
  authorId: string | null;
  body: string;
  visibility: Visibility;
  metadata: MessageMetadata | null;
  createdAt: Date;
}
