import type { Conversation, Message } from '../core/conversations/types.ts';
import type { AgentPrincipal, CustomerPrincipal } from '../core/identity/roles.ts';
import type { Investigation } from '../core/routing/investigation.ts';
import type { Team } from '../core/routing/organisation.ts';
import type { AgentWorkload } from '../ports/routing.ts';
import type { SecretExposure } from '../ports/secrets.ts';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The JSON shape of a conversation (contracts/conversations.ts `conversationDto`). */
export function presentConversation(c: Conversation) {
  return {
    ...c,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
  };
}

export function presentMessage(m: Message) {
  return { ...m, createdAt: m.createdAt.toISOString() };
}

export function presentAgent(a: AgentPrincipal) {
  return { id: a.agentId, name: a.name, email: a.email, roles: a.roles };
}

export function presentCustomer(c: CustomerPrincipal) {
  return { id: c.customerId, visitor: c.visitor, name: c.name, email: c.email, locale: c.locale, tier: c.tier };
}

/** The JSON shape of a secret exposure (contracts/secrets.ts `secretExposureDto`). */
export function presentSecretExposure(e: SecretExposure) {
  return { ...e, createdAt: e.createdAt.toISOString(), review: e.review ? { ...e.review, at: e.review.at.toISOString() } : null };
}

/** The JSON shape of a team (contracts/routing.ts `teamDto`). */
export function presentTeam(t: Team) {
  return { ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() };
}

/** The JSON shape of an agent's routing profile and load (contracts/routing.ts `agentWorkloadDto`). */
export function presentAgentWorkload(a: AgentWorkload) {
  return { ...a, presenceChangedAt: a.presenceChangedAt.toISOString(), lastAssignedAt: iso(a.lastAssignedAt) };
}

/** The JSON shape of an investigation (contracts/routing.ts `investigationDto`). */
export function presentInvestigation(i: Investigation) {
  return { ...i, dueAt: i.dueAt.toISOString(), createdAt: i.createdAt.toISOString(), resolvedAt: iso(i.resolvedAt) };
}
