import { resolve } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { changeConversation } from './change-conversation.ts';
import { closeResolvedJob } from './close-resolved-conversation.ts';

/** Mark a request solved; the auto-close job is committed with it, so it can never be lost. */
export async function resolveConversation(
  deps: AppDeps,
  principal: AgentPrincipal,
  conversationId: string,
  reason: string | null,
): Promise<Conversation> {
  return changeConversation(
    deps,
    principal,
    conversationId,
    (conversation, now) => resolve(conversation, now, reason),
    (conversation, now) => [closeResolvedJob(conversation.id, now, deps.settings.autoCloseAfterMs)],
  );
}
