import { languageOfLocale } from '../../core/conversations/opening.ts';
import type { Role } from '../../core/identity/roles.ts';
import type { AppDeps } from '../deps.ts';

/** The demo password of every demo agent, printed by `npm start` in embedded mode. */
export const DEMO_PASSWORD = 'relaydesk-demo';

export interface DemoAgent {
  email: string;
  name: string;
  roles: Role[];
}

/** One agent per role, named for what they do, so a visitor can try every view. */
export const demoAgents: DemoAgent[] = [
  { email: 'admin@relaydesk.local', name: 'Ada Admin', roles: ['admin'] },
  { email: 'lead@relaydesk.local', name: 'Lena Lead', roles: ['lead'] },
  { email: 'agent@relaydesk.local', name: 'Omar Agent', roles: ['agent'] },
  { email: 'specialist@relaydesk.local', name: 'Sofía Specialist', roles: ['specialist'] },
  { email: 'security@relaydesk.local', name: 'Sam Security', roles: ['security'] },
  { email: 'qa@relaydesk.local', name: 'Quinn QA', roles: ['qa'] },
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
  for (const agent of demoAgents) {
    await deps.store.createAgent({ id: deps.newId(), ...agent, passwordHash, active: true });
  }
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
