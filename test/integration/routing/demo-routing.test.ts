/**
 * A new install's demo: the demo agents come with skills and the platform with SLA policies, so
 * signing in as the demo agent and going online is enough to be given the waiting requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../../src/app/demo/seed-demo.ts';
import { dispatchRound } from '../../../src/app/routing/dispatcher.ts';
import { build, type TestPlatform } from '../../support/build.ts';

describe('the demo install routes from the first start', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await build({ env: { SEED_DEMO_DATA: 'true', ROLES: 'web,realtime' } });
  });
  afterAll(async () => {
    await t.close();
  });

  async function signIn(email: string): Promise<string> {
    const response = await t.platform.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: DEMO_PASSWORD } });
    expect(response.statusCode).toBe(200);
    return String(response.headers['set-cookie']).split(';')[0] ?? '';
  }

  it('gives the waiting English and Spanish deposit requests to the demo agent once he is online', async () => {
    const lead = await signIn('lead@relaydesk.local');
    const agents = (await t.platform.app.inject({ method: 'GET', url: '/api/v1/routing/agents', headers: { cookie: lead } })).json().agents as { name: string; presence: string }[];
    expect(agents.map((a) => a.name).sort()).toEqual(['Lena Lead', 'Omar Agent', 'Sam Security', 'Sofía Specialist']);
    expect(agents.every((a) => a.presence === 'offline')).toBe(true);
    const policies = (await t.platform.app.inject({ method: 'GET', url: '/api/v1/sla/policies', headers: { cookie: lead } })).json().policies as { name: string }[];
    expect(policies.map((p) => p.name)).toEqual(['Urgent', 'High', 'Standard']);

    const omar = await signIn('agent@relaydesk.local');
    expect((await t.platform.app.inject({ method: 'PUT', url: '/api/v1/routing/presence', headers: { cookie: omar }, payload: { status: 'online' } })).statusCode).toBe(200);
    await dispatchRound(t.platform.deps);
    const mine = (await t.platform.app.inject({ method: 'GET', url: '/api/v1/conversations?assignee=me', headers: { cookie: omar } })).json().conversations as { department: string; language: string }[];
    // The Russian withdrawal waits: Omar speaks no Russian (English overflow comes after 3 minutes).
    expect(mine.map((c) => `${c.department}:${c.language}`).sort()).toEqual(['deposits:en', 'deposits:es']);
  });
});
