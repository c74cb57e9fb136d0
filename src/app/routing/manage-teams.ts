import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { Team } from '../../core/routing/organisation.ts';
import { validateCalendar } from '../../core/sla/business-hours.ts';
import type { TeamInput } from '../../ports/routing.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

type Deps = Pick<AppDeps, 'routing' | 'clock' | 'newId'>;

function requireValidCalendar(input: TeamInput): void {
  const problems = validateCalendar(input.calendar);
  if (problems.length > 0) throw new DomainError('validation_failed', `Business hours: ${problems.join('; ')}`, { problems });
}

/** Create a team serving one department on its business hours (24/7 unless told). */
export async function createTeam(deps: Deps, agent: AgentPrincipal, input: TeamInput): Promise<Team> {
  requirePermission(agent, 'routing.manage');
  requireValidCalendar(input);
  return deps.routing.createTeam(deps.newId(), input, deps.clock.now());
}

/** Replace a team's name, department, business hours, holidays or assignment mode. */
export async function updateTeam(deps: Deps, agent: AgentPrincipal, id: string, input: TeamInput): Promise<Team> {
  requirePermission(agent, 'routing.manage');
  requireValidCalendar(input);
  const team = await deps.routing.updateTeam(id, input, deps.clock.now());
  if (!team) throw new DomainError('not_found', 'No such team');
  return team;
}

/** Every team, by department. */
export async function listTeams(deps: Pick<AppDeps, 'routing'>, agent: AgentPrincipal): Promise<Team[]> {
  requirePermission(agent, 'conversation.read');
  return deps.routing.listTeams();
}
