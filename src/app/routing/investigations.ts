import type { Department } from '../../core/conversations/types.ts';
import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { awaitInvestigation, investigationsDone, type Investigation, type InvestigationState } from '../../core/routing/investigation.ts';
import { actorOf, loadConversationFor, requirePermission, retryOnConflict } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

export interface InvestigationInput {
  department: Department;
  title: string;
  details: string;
  dueInHours: number;
}

/**
 * Ask another department (deposits operations, compliance, …) to look into the case: a linked
 * internal case with its own deadline; the conversation waits on it meanwhile.
 */
export async function openInvestigation(deps: AppDeps, agent: AgentPrincipal, conversationId: string, input: InvestigationInput): Promise<Investigation> {
  requirePermission(agent, 'conversation.work');
  let investigation: Investigation | null = null;
  const { events } = await retryOnConflict(async () => {
    const conversation = await loadConversationFor(deps, agent, conversationId);
    const decision = awaitInvestigation(conversation, input.department);
    const now = deps.clock.now();
    investigation = {
      id: deps.newId(),
      conversationId: conversation.id,
      department: input.department,
      title: input.title,
      details: input.details,
      state: 'open',
      openedBy: agent.agentId,
      ownerId: null,
      dueAt: new Date(now.getTime() + input.dueInHours * 3600_000),
      resolution: null,
      createdAt: now,
      resolvedAt: null,
    };
    return deps.routing.openInvestigation(investigation, conversation.version, decision, actorOf(agent));
  });
  deps.events.publish(events);
  if (!investigation) throw new DomainError('conflict');
  return investigation;
}

/** The department's answer: the agent is told, and the conversation returns when no investigation is left open. */
export async function resolveInvestigation(deps: AppDeps, agent: AgentPrincipal, id: string, resolution: string): Promise<Investigation> {
  requirePermission(agent, 'conversation.work');
  const result = await deps.routing.resolveInvestigation(id, resolution, actorOf(agent), deps.clock.now(), investigationsDone);
  if (!result) throw new DomainError('not_found', 'No such investigation');
  deps.events.publish(result.events);
  return result.investigation;
}

/** Become the owner of an open investigation of one's department. */
export async function takeInvestigation(deps: Pick<AppDeps, 'routing'>, agent: AgentPrincipal, id: string): Promise<Investigation> {
  requirePermission(agent, 'conversation.work');
  const investigation = await deps.routing.takeInvestigation(id, agent.agentId);
  if (!investigation) throw new DomainError('not_found', 'No such open investigation');
  return investigation;
}

/** A department's investigations (its inbox), or one conversation's. */
export async function listInvestigations(
  deps: Pick<AppDeps, 'routing' | 'store'>,
  agent: AgentPrincipal,
  filter: { conversationId?: string; department?: Department; state?: InvestigationState; limit: number },
): Promise<Investigation[]> {
  requirePermission(agent, 'conversation.read');
  if (filter.conversationId !== undefined) await loadConversationFor(deps, agent, filter.conversationId);
  return deps.routing.listInvestigations(filter);
}
