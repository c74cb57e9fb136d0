import { DomainError } from '../../core/errors.ts';
import type { Language } from '../../core/conversations/types.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

export interface IncidentInput {
  chain: string;
  message: Partial<Record<Language, string>> & { en: string };
}

/**
 * Declare that a network's deposits or withdrawals are delayed: the bot tells every customer
 * asking about a withdrawal on that network, in their language (English when not translated).
 */
export async function declareIncident(deps: Pick<AppDeps, 'botStore' | 'clock' | 'newId'>, agent: AgentPrincipal, input: IncidentInput): Promise<{ id: string }> {
  requirePermission(agent, 'incident.declare');
  const id = deps.newId();
  await deps.botStore.declareIncident({ id, chain: input.chain.toUpperCase(), message: input.message, declaredAt: deps.clock.now() });
  return { id };
}

/** The incident is over: the bot stops mentioning it. */
export async function resolveIncident(deps: Pick<AppDeps, 'botStore' | 'clock'>, agent: AgentPrincipal, id: string): Promise<void> {
  requirePermission(agent, 'incident.declare');
  if (!(await deps.botStore.resolveIncident(id, deps.clock.now()))) throw new DomainError('not_found', 'No such open incident');
}
