/**
 * Factories: each test makes its own customers, agents and conversations, so tests never depend
 * on each other or on seed data.
 */
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../src/core/identity/roles.ts';
import type { Agent, NewConversation, Store } from '../../src/ports/store.ts';

let counter = 0;
const next = () => `${Date.now().toString(36)}-${(counter++).toString(36)}-${randomUUID().slice(0, 6)}`;

export function customerId(): string {
  return `cust-${next()}`;
}

export function newConversation(overrides: Partial<NewConversation> = {}): NewConversation {
  const id = uuidv7();
  return {
    id,
    customerId: overrides.customerId ?? customerId(),
    channel: 'webchat',
    state: 'queued',
    department: 'deposits',
    language: 'en',
    priority: 'normal',
    subject: 'My USDT deposit has not arrived',
    firstMessage: { id: uuidv7(), clientMsgId: `c-${next()}`, body: 'My USDT deposit has not arrived' },
    now: new Date(),
    ...overrides,
  };
}

export async function createAgent(store: Store, roles: Role[] = ['agent'], overrides: Partial<Agent> = {}): Promise<Agent> {
  const id = randomUUID();
  return store.createAgent({
    id,
    email: `agent-${next()}@example.test`,
    name: 'Test Agent',
    roles,
    // A syntactically valid argon2id hash of nothing usable: factories never sign in by password.
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    active: true,
    ...overrides,
  });
}
