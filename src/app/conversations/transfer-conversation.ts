import { DomainError } from '../../core/errors.ts';
import { transfer, type TransferTarget } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { changeConversation } from './change-conversation.ts';

/** Move a conversation to another department, language or agent, with the reason on record. */
export async function transferConversation(
  deps: AppDeps,
  principal: AgentPrincipal,
  conversationId: string,
  target: TransferTarget,
  reason: string,
): Promise<Conversation> {
  if (target.agentId) {
    const agent = await deps.store.getAgent(target.agentId);
    if (!agent || !agent.active) throw new DomainError('agent_unavailable', 'No active agent with that id');
  }
  return changeConversation(deps, principal, conversationId, (conversation) => transfer(conversation, target, reason));
}
