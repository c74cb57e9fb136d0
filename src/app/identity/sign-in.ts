import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '../../core/errors.ts';
import type { AgentPrincipal } from '../../core/identity/roles.ts';
import type { Agent } from '../../ports/store.ts';
import type { AppDeps } from '../deps.ts';

/** Session tokens are stored hashed: a leaked sessions table signs nobody in. */
export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function agentPrincipal(agent: Agent): AgentPrincipal {
  return { kind: 'agent', agentId: agent.id, name: agent.name, email: agent.email, roles: agent.roles };
}

// Verifying against a real hash when the email is unknown keeps the answer time the same.
let timingDecoy: Promise<string> | null = null;

/** An agent signs in with email and password and gets a new session token (for the cookie). */
export async function signIn(
  deps: AppDeps,
  email: string,
  password: string,
): Promise<{ token: string; expiresAt: Date; agent: AgentPrincipal }> {
  const agent = await deps.store.findAgentByEmail(email);
  timingDecoy ??= deps.passwords.hash('relaydesk-timing-decoy');
  const valid = await deps.passwords.verify(agent?.passwordHash ?? (await timingDecoy), password);
  if (!agent || !agent.active || !valid) throw new DomainError('invalid_credentials');
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + deps.settings.sessionTtlMs);
  await deps.store.createSession({ tokenHash: hashSessionToken(token), agentId: agent.id, expiresAt });
  return { token, expiresAt, agent: agentPrincipal(agent) };
}

/** End a session; unknown tokens are fine (signing out twice is not an error). */
export async function signOut(deps: AppDeps, token: string): Promise<void> {
  await deps.store.deleteSession(hashSessionToken(token));
}

/** The agent behind a session cookie, or null when it is unknown, expired or the agent is inactive. */
export async function authenticateSession(deps: AppDeps, token: string): Promise<AgentPrincipal | null> {
  const agent = await deps.store.findSession(hashSessionToken(token), deps.clock.now());
  return agent ? agentPrincipal(agent) : null;
}
