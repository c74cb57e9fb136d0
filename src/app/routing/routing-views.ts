/** The store's view of agents and queued conversations, as the routing core takes them. */
import type { QueuedConversation as CoreQueued, RoutingAgent } from '../../core/routing/index.ts';
import type { AgentWorkload, QueuedConversation } from '../../ports/routing.ts';

export function toRoutingAgent(agent: AgentWorkload): RoutingAgent {
  return {
    id: agent.agentId,
    departments: agent.departments,
    languages: agent.languages,
    tier: agent.tier,
    capacity: agent.capacity,
    presence: agent.presence,
    load: agent.load,
    lastAssignedAt: agent.lastAssignedAt?.getTime() ?? null,
    isLead: agent.isLead,
  };
}

export function toCoreQueued(q: QueuedConversation): CoreQueued {
  return {
    id: q.conversation.id,
    department: q.conversation.department,
    language: q.conversation.language,
    priority: q.conversation.priority,
    customerTier: q.customerTier,
    queuedAt: q.queuedAt.getTime(),
    minTier: q.minTier,
  };
}

