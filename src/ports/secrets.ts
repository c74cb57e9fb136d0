/**
 * Where the security team's flags for secrets removed from customers' messages live. The guard
 * itself is pure (src/core/secrets); this port records what it found, once per message.
 */
import type { ConversationEvent } from '../core/conversations/events.ts';
import type { SecretKind } from '../core/secrets/types.ts';

/** A message the secrets guard rewrote, as the security team sees it. */
export interface SecretExposure {
  id: string;
  conversationId: string;
  /** The message that held (or completed) the secret. */
  seq: number;
  customerId: string;
  kinds: SecretKind[];
  /** Earlier messages rewritten because this one completed a phrase split across them. */
  redactedSeqs: number[];
  createdAt: Date;
  review: { by: string; at: Date; note: string | null } | null;
}

export interface NewSecretExposure {
  conversationId: string;
  seq: number;
  kinds: SecretKind[];
  /** Earlier messages that held part of the secret and the text to store instead. */
  earlier: { seq: number; body: string }[];
  now: Date;
}

export interface SecretExposureFilter {
  /** `open`: not yet reviewed; `reviewed`; or both when absent. */
  state?: 'open' | 'reviewed' | undefined;
  /** Newest first; a page continues below this id. */
  before?: string | undefined;
  limit: number;
}

export interface SecretsStore {
  /**
   * Rewrite the earlier messages, record the exposure and commit a `conversation.secret_redacted`
   * event, all in one transaction. Idempotent per (conversation, seq): a second call changes
   * nothing and returns no events.
   */
  recordExposure(input: NewSecretExposure): Promise<{ exposure: SecretExposure; events: ConversationEvent[] }>;
  listExposures(filter: SecretExposureFilter): Promise<SecretExposure[]>;
  getExposure(id: string): Promise<SecretExposure | null>;
  /** Mark as handled by `agentId`; a second review keeps the first. Null when unknown. */
  reviewExposure(id: string, agentId: string, note: string | null, now: Date): Promise<SecretExposure | null>;
}
