import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { SecretExposure, SecretExposureFilter } from '../../ports/secrets.ts';
import { requirePermission } from '../conversations/access.ts';
import type { AppDeps } from '../deps.ts';

/**
 * The security team's list of customers who pasted a secret into a chat, newest first. A seed
 * phrase sent to "support" is often the sign of a scam in progress: each is worth a look.
 */
export async function listSecretExposures(deps: Pick<AppDeps, 'secrets'>, agent: AgentPrincipal, filter: SecretExposureFilter): Promise<SecretExposure[]> {
  requirePermission(agent, 'secrets.review');
  return deps.secrets.listExposures(filter);
}

/** Mark an exposure as handled, with an optional note; reviewing it again keeps the first review. */
export async function reviewSecretExposure(
  deps: Pick<AppDeps, 'secrets' | 'clock'>,
  agent: AgentPrincipal,
  id: string,
  note: string | null,
): Promise<SecretExposure> {
  requirePermission(agent, 'secrets.review');
  const exposure = await deps.secrets.reviewExposure(id, agent.agentId, note, deps.clock.now());
  if (!exposure) throw new DomainError('not_found', 'No such secret exposure');
  return exposure;
}
