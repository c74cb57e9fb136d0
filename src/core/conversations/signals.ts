import type { Actor } from './events.ts';

export const presenceStatuses = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];

/** Ephemeral signals: never stored as events, fanned out to whoever is connected right now. */
export type Signal =
  | { type: 'read'; conversationId: string; customerId: string; reader: Actor; seq: number }
  | { type: 'typing'; conversationId: string; customerId: string; author: Actor; isTyping: boolean }
  | { type: 'presence'; agentId: string; name: string; status: PresenceStatus }
  /** An agent opened (or left) a conversation: colleagues see who else is on it (collision control). */
  | { type: 'viewing'; conversationId: string; agentId: string; name: string; viewing: boolean };

/** Who hears a signal: the conversation's customer unless they sent it, and the agents. */
export function signalAudience(signal: Signal): { customerId: string | null; conversationId: string | null; allAgents: boolean } {
  switch (signal.type) {
    case 'read':
    case 'typing': {
      const sender = signal.type === 'read' ? signal.reader : signal.author;
      return {
        customerId: sender.kind === 'customer' ? null : signal.customerId,
        conversationId: signal.conversationId,
        allAgents: false,
      };
    }
    case 'presence':
      return { customerId: null, conversationId: null, allAgents: true };
    case 'viewing':
      return { customerId: null, conversationId: signal.conversationId, allAgents: false };
  }
}
