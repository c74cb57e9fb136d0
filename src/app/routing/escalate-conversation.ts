import type { Conversation } from '../../core/conversations/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { escalate, type EscalationRequest } from '../../core/routing/index.ts';
import { actorOf, loadConversationFor, requirePermission, retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

/**
 * Escalate to tier 2 or the senior team (optionally another department's, e.g. senior security):
 * the conversation goes back to the queue, and only agents of that tier may take it.
 */
export async function escalateConversation(deps: AppDeps, agent: AgentPrincipal, conversationId: string, request: EscalationRequest): Promise<Conversation> {
  requirePermission(agent, 'conversation.work');
  const { conversation, events } = await retryOnConflict(async () => {
    const current = await loadConversationFor(deps, agent, conversationId);
    const minTier = await deps.routing.minTierOf(current.id);
    if (!minTier) throw new DomainError('not_found', 'Conversation not found');
    const decided = escalate(current, minTier, request);
    return deps.routing.escalate({
      conversationId: current.id,
      expectedVersion: current.version,
      minTier: decided.minTier,
      decision: decided.decision,
      actor: actorOf(agent),
      now: deps.clock.now(),
    });
  });
  deps.events.publish(events);
  deps.dispatcher.wake();
  return conversation;
}
