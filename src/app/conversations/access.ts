import { DomainError } from '../../core/errors.ts';
import type { Actor } from '../../core/conversations/events.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import { can, ownsConversation, type Permission, type Principal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Load a conversation the principal may see. A customer asking for someone else's conversation
 * gets `not_found`, exactly as for a missing one: existence is not revealed.
 */
export async function loadConversationFor(
  deps: Pick<AppDeps, 'store'>,
  principal: Principal,
  conversationId: string,
): Promise<Conversation> {
  const conversation = await deps.store.getConversation(conversationId);
  if (!conversation) throw new DomainError('not_found', 'Conversation not found');
  if (principal.kind === 'customer') {
    if (!ownsConversation(principal, conversation.customerId)) throw new DomainError('not_found', 'Conversation not found');
    return conversation;
  }
  if (!can(principal, 'conversation.read')) throw new DomainError('forbidden');
  return conversation;
}

export function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal, permission)) throw new DomainError('forbidden');
}

export function actorOf(principal: Principal): Actor {
  return principal.kind === 'customer'
    ? { kind: 'customer', id: principal.customerId }
    : { kind: 'agent', id: principal.agentId };
}

/**
 * Run a read-decide-write step again when another writer changed the conversation in between
 * (optimistic concurrency). Conflicts need two writers at once, but a customer and an agent
 * chatting at the same time flip the state with every turn: retrying at once lets the same
 * writers collide again, so each retry waits a random, growing moment (full jitter).
 */
export async function retryOnConflict<T>(step: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== 'conflict' || attempt >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
    }
  }
}
