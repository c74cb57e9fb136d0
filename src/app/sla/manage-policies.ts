import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import { assertValidPolicy, type SlaPolicy } from '../../core/sla/policy.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

type Deps = Pick<AppDeps, 'sla' | 'clock' | 'newId'>;
export type SlaPolicyInput = Omit<SlaPolicy, 'id'>;

/** Every SLA policy, in the order ties between equally specific policies are broken. */
export async function listSlaPolicies(deps: Pick<AppDeps, 'sla'>, agent: AgentPrincipal): Promise<SlaPolicy[]> {
  requirePermission(agent, 'conversation.read');
  return deps.sla.listPolicies();
}

/** Add a policy; negative, missing or contradictory targets are refused with every problem named. */
export async function createSlaPolicy(deps: Deps, agent: AgentPrincipal, input: SlaPolicyInput): Promise<SlaPolicy> {
  requirePermission(agent, 'routing.manage');
  const policy = { ...input, id: deps.newId() };
  assertValidPolicy(policy);
  return deps.sla.createPolicy(policy, deps.clock.now());
}

/** Replace a policy. Clocks already running keep the terms they started with. */
export async function updateSlaPolicy(deps: Deps, agent: AgentPrincipal, id: string, input: SlaPolicyInput): Promise<SlaPolicy> {
  requirePermission(agent, 'routing.manage');
  const policy = { ...input, id };
  assertValidPolicy(policy);
  const updated = await deps.sla.updatePolicy(policy, deps.clock.now());
  if (!updated) throw new DomainError('not_found', 'No such SLA policy');
  return updated;
}

export async function deleteSlaPolicy(deps: Deps, agent: AgentPrincipal, id: string): Promise<void> {
  requirePermission(agent, 'routing.manage');
  if (!(await deps.sla.deletePolicy(id))) throw new DomainError('not_found', 'No such SLA policy');
}
