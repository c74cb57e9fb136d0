import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { skillProblems, type AgentSkills } from '../../core/routing/organisation.ts';
import type { AgentWorkload } from '../../ports/routing.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

/** Set what an agent can take: departments, languages with proficiency, tier, team and capacity. */
export async function setAgentSkills(
  deps: Pick<AppDeps, 'routing' | 'clock' | 'dispatcher'>,
  lead: AgentPrincipal,
  agentId: string,
  skills: AgentSkills,
): Promise<AgentWorkload> {
  requirePermission(lead, 'routing.manage');
  const problems = skillProblems(skills);
  if (problems.length > 0) throw new DomainError('validation_failed', problems.join('; '), { problems });
  await deps.routing.putAgentSkills(agentId, skills, deps.clock.now());
  // New skills or a larger capacity may fit someone who is waiting.
  deps.dispatcher.wake();
  return requireWorkload(deps, agentId);
}

/** Agents with their skills, presence and load (optionally those serving one queue). */
export async function listAgentWorkloads(
  deps: Pick<AppDeps, 'routing'>,
  agent: AgentPrincipal,
  filter: Parameters<AppDeps['routing']['listAgentWorkloads']>[0],
): Promise<AgentWorkload[]> {
  requirePermission(agent, 'conversation.read');
  return deps.routing.listAgentWorkloads(filter);
}

/** The agent's profile and load as stored now; `not_found` when they have no routing profile. */
export async function requireWorkload(deps: Pick<AppDeps, 'routing'>, agentId: string): Promise<AgentWorkload> {
  const workload = await deps.routing.getAgentWorkload(agentId);
  if (!workload) throw new DomainError('not_found', 'No such agent');
  return workload;
}
