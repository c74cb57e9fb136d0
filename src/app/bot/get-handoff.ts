import type { HandoffRecord } from '../../core/bot/events.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { loadConversationFor } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

/** What the bot handed over with a conversation (null if the bot never had it), for agents. */
export async function getHandoff(deps: AppDeps, agent: AgentPrincipal, conversationId: string): Promise<HandoffRecord | null> {
  const conversation = await loadConversationFor(deps, agent, conversationId);
  return deps.botStore.latestHandoff(conversation.id);
}
