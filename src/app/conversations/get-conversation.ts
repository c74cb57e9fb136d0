import type { Conversation } from '../../core/conversations/types.ts';
import type { Principal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { loadConversationFor } from './access.ts';

/** One conversation, if the principal may see it (a customer's foreign id is `not_found`). */
export function getConversation(deps: AppDeps, principal: Principal, conversationId: string): Promise<Conversation> {
  return loadConversationFor(deps, principal, conversationId);
}
