/**
 * Cross-node notifications. A notifier only: PostgreSQL is the source of truth, everything on the
 * bus was committed first, and a subscriber that missed a notification catches up from the store.
 * Delivery is at most once per subscriber and may repeat after a recovery sweep, so handlers must
 * tolerate duplicates (realtime drops a message whose seq it already delivered).
 */
export interface Bus {
  /** Publish a JSON-serialisable payload on a subject; resolves once handed to the transport. */
  publish(subject: string, payload: unknown): Promise<void>;
  /** Receive every payload published on `subject` (from any node, this one included). */
  subscribe(subject: string, handler: (payload: unknown) => void): Unsubscribe;
  /** Rejects when the transport is not reachable (for /readyz). */
  ping(): Promise<void>;
  /** Flush what was published and disconnect. */
  close(): Promise<void>;
}

export type Unsubscribe = () => void;

/** Subjects the platform publishes on. */
export const busSubjects = {
  /** Committed conversation events (payload: a serialised ConversationEvent). */
  conversationEvents: 'relaydesk.conversation.events',
  /** Ephemeral signals that are never stored: typing, presence. */
  signals: 'relaydesk.signals',
  /** "Look at the queues now" for the routing dispatchers on worker nodes (payload: `{type: 'wake'}`). */
  routing: 'relaydesk.routing',
} as const;
