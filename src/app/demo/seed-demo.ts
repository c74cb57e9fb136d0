import { languageOfLocale } from '../../core/conversations/opening.ts';
import type { Role } from '../../core/identity/roles.ts';
import { departments } from '../../core/conversations/types.ts';
import type { AgentSkills, Proficiency } from '../../core/routing/organisation.ts';
import type { SlaPolicy } from '../../core/sla/policy.ts';
import type { AppDeps } from '../deps.ts';

/** The demo password of every demo agent, printed by `npm start` in embedded mode. */
export const DEMO_PASSWORD = 'relaydesk-demo';

export interface DemoAgent {
  email: string;
  name: string;
  roles: Role[];
  /** What routing may give them once they are online (none for admin and QA). */
  skills?: AgentSkills;
}

const en = (proficiency: Proficiency) => ({ language: 'en' as const, proficiency });

/** One agent per role, named for what they do, so a visitor can try every view. */
export const demoAgents: DemoAgent[] = [
  { email: 'admin@relaydesk.local', name: 'Ada Admin', roles: ['admin'] },
  {
    email: 'lead@relaydesk.local', name: 'Lena Lead', roles: ['lead'],
    skills: { teamId: null, departments: [...departments], languages: [en('native'), { language: 'ru', proficiency: 'basic' }], tier: 'senior', capacity: 2 },
  },
  {
    email: 'agent@relaydesk.local', name: 'Omar Agent', roles: ['agent'],
    skills: { teamId: null, departments: ['general', 'deposits', 'withdrawals', 'fiat'], languages: [en('native'), { language: 'es', proficiency: 'fluent' }], tier: 'tier1', capacity: 5 },
  },
  {
    email: 'specialist@relaydesk.local', name: 'Sofía Specialist', roles: ['specialist'],
    skills: {
      teamId: null, departments: ['kyc', 'account', 'deposits'], tier: 'tier2', capacity: 4,
      languages: [{ language: 'es', proficiency: 'native' }, { language: 'pt', proficiency: 'fluent' }, en('fluent')],
    },
  },
  {
    email: 'security@relaydesk.local', name: 'Sam Security', roles: ['security'],
    skills: { teamId: null, departments: ['security', 'account'], languages: [en('native'), { language: 'ru', proficiency: 'fluent' }], tier: 'senior', capacity: 3 },
  },
  { email: 'qa@relaydesk.local', name: 'Quinn QA', roles: ['qa'] },
];

const minutes = (n: number) => n * 60_000;

/** SLA policies a new install starts with; leads change them at /api/v1/sla/policies. */
export const demoSlaPolicies: Omit<SlaPolicy, 'id'>[] = [
  { name: 'Urgent', match: { priorities: ['urgent'] }, targets: { firstResponseMs: minutes(2), nextResponseMs: minutes(5), resolutionMs: minutes(240) }, warnAtFraction: 0.75, escalateOnBreach: true },
  { name: 'High', match: { priorities: ['high'] }, targets: { firstResponseMs: minutes(5), nextResponseMs: minutes(10), resolutionMs: minutes(8 * 60) }, warnAtFraction: 0.75, escalateOnBreach: false },
  { name: 'Standard', match: {}, targets: { firstResponseMs: minutes(15), nextResponseMs: minutes(30), resolutionMs: minutes(24 * 60) }, warnAtFraction: 0.75, escalateOnBreach: false },
];

export interface DemoConversation {
  customerId: string;
  locale: string;
  body: string;
  department: 'deposits' | 'withdrawals' | 'kyc' | 'security' | 'general';
}

/** A few open requests so the inbox is not empty on first start. */
export const demoConversations: DemoConversation[] = [
  { customerId: 'demo-001', locale: 'en', department: 'deposits', body: 'I sent 250 USDT on TRC20 an hour ago and it is still not in my account' },
  { customerId: 'demo-002', locale: 'es', department: 'deposits', body: 'Mi depósito de USDT no ha llegado todavía' },
  { customerId: 'demo-003', locale: 'ru', department: 'withdrawals', body: 'Мой вывод уже 3 часа в статусе обработки' },
  { customerId: 'demo-004', locale: 'pt', department: 'kyc', body: 'Minha verificação foi rejeitada, por quê?' },
];

/**
 * Seed demo agents and a few conversations, once: on a database that already has agents it does
 * nothing, so restarts never duplicate or overwrite anything.
 */
export async function seedDemo(deps: AppDeps): Promise<{ seeded: boolean }> {
  const existing = await deps.store.listAgents();
  if (existing.length > 0) return { seeded: false };
  const passwordHash = await deps.passwords.hash(DEMO_PASSWORD);
  for (const { skills, ...agent } of demoAgents) {
    const id = deps.newId();
    await deps.store.createAgent({ id, ...agent, passwordHash, active: true });
    // Offline until they sign in and go online.
    if (skills) await deps.routing.putAgentSkills(id, skills, deps.clock.now());
  }
  for (const policy of demoSlaPolicies) await deps.sla.createPolicy({ ...policy, id: deps.newId() }, deps.clock.now());
  for (const [index, demo] of demoConversations.entries()) {
    const account = await deps.exchange.getAccount(demo.customerId);
    await deps.store.upsertCustomer({
      id: demo.customerId,
      name: account?.name ?? null,
      email: account?.email ?? null,
      locale: demo.locale,
      tier: account?.tier ?? null,
      visitor: false,
    });
    const result = await deps.store.createConversation({
      id: deps.newId(),
      customerId: demo.customerId,
      channel: 'webchat',
      state: 'queued',
      department: demo.department,
      language: languageOfLocale(demo.locale),
      priority: 'normal',
      subject: demo.body.slice(0, 120),
      firstMessage: { id: deps.newId(), clientMsgId: `demo-seed-${index}`, body: demo.body },
      now: deps.clock.now(),
    });
    deps.events.publish(result.events);
  }
  return { seeded: true };
}
