import { DomainError } from '../../core/errors.ts';
import { assign } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import { can, type AgentPrincipal } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';
import { changeConversation } from './change-conversation.ts';

/** Give a conversation to an agent: agents take conversations themselves; leads assign anyone. */
export async function assignConversation(
  deps: AppDeps,
  principal: AgentPrincipal,
  conversationId: string,
  agentId: string,
): Promise<Conversation> {
  if (agentId !== principal.agentId && !can(principal, 'conversation.assign_others')) {
    throw new DomainError('forbidden', 'Only leads and admins assign conversations to others');
  }
  const agent = await deps.store.getAgent(agentId);
  if (!agent || !agent.active) throw new DomainError('agent_unavailable', 'No active agent with that id');
  if (agent.roles.every((role) => role === 'qa')) {
    throw new DomainError('agent_unavailable', 'QA analysts do not take conversations');
  }
  return changeConversation(deps, principal, conversationId, (conversation) => assign(conversation, agentId));
}
