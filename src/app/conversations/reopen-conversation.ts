import { reopen } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { changeConversation } from './change-conversation.ts';

/** Reopen a resolved or closed conversation within the reopen window. */
export async function reopenConversation(
  deps: AppDeps,
  principal: AgentPrincipal,
  conversationId: string,
  reason: string | null,
): Promise<Conversation> {
  return changeConversation(deps, principal, conversationId, (conversation, now) =>
    reopen(conversation, now, deps.settings.reopenWindowMs, reason),
  );
}
