import { assign } from '../../core/conversations/lifecycle.ts';
import type { Conversation } from '../../core/conversations/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { nextForAgent } from '../../core/routing/index.ts';
import { requirePermission, retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';
import { toCoreQueued, toRoutingAgent } from './routing-views.ts';

/** Conversations read from the head of each queue when an agent pulls: the best one is among them. */
const HEADS_PER_QUEUE = 20;

/**
 * Pull mode: the agent takes the first conversation in queue order they may serve (skills,
 * language, tier), within their capacity. Null when nothing waits that they can take.
 */
export async function takeNextConversation(deps: AppDeps, agent: AgentPrincipal): Promise<Conversation | null> {
  requirePermission(agent, 'conversation.work');
  const committed = await retryOnConflict(async () => {
    const workload = await deps.routing.getAgentWorkload(agent.agentId);
    if (!workload) throw new DomainError('agent_unavailable', 'No routing profile: a lead sets your skills first');
    if (workload.presence !== 'online') throw new DomainError('agent_unavailable', 'Go online to take conversations');
    if (workload.load >= workload.capacity) throw new DomainError('agent_unavailable', `You are at your capacity of ${workload.capacity}`);
    const now = deps.clock.now();
    const heads = await deps.routing.queueHeads(HEADS_PER_QUEUE);
    const next = nextForAgent(toRoutingAgent(workload), heads.map(toCoreQueued), deps.routingPolicy, now.getTime());
    const head = next ? heads.find((h) => h.conversation.id === next.id) : undefined;
    if (!head) return null;
    const result = await deps.routing.assignFromQueue({
      conversationId: head.conversation.id,
      expectedVersion: head.conversation.version,
      agentId: agent.agentId,
      decision: assign(head.conversation, agent.agentId),
      actor: { kind: 'agent', id: agent.agentId },
      now,
    });
    // Someone else took it (or the agent's slot) in between: look again.
    if (!result) throw new DomainError('conflict');
    return result;
  });
  if (!committed) return null;
  deps.events.publish(committed.events);
  return committed.conversation;
}
