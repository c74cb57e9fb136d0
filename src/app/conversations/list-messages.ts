import type { Conversation, Message } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { loadConversationFor } from './access.ts';

/**
 * Messages after `afterSeq`, in order: the replay a reconnecting client asks for. Customers never
 * receive internal notes.
 */
export async function listMessages(
  deps: AppDeps,
  principal: Principal,
  conversationId: string,
  afterSeq: number,
  limit: number,
): Promise<{ conversation: Conversation; messages: Message[] }> {
  const conversation = await loadConversationFor(deps, principal, conversationId);
  const messages = await deps.store.listMessages(conversation.id, afterSeq, limit, principal.kind === 'agent');
  return { conversation, messages };
}
