/**
 * Routing through the API, on the real database: leads give agents skills, agents go online, and
 * each queued conversation reaches the right specialist — by department, language and priority —
 * never beyond an agent's capacity, and back to the queue when its agent leaves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchRound } from '../../../src/app/routing/dispatcher.ts';
import { assign } from '../../../src/core/conversations/lifecycle.ts';
import { build, type TestPlatform } from '../../support/build.ts';
import { databaseKinds } from '../../support/databases.ts';

describe.each(databaseKinds)('routing on %s', (kind) => {
  let t: TestPlatform;
  let lead: { id: string; cookie: string };

  beforeAll(async () => {
    // No background worker: each test runs dispatch rounds itself, so nothing races it.
    t = await build({ kind, env: { ROLES: 'web,realtime' } });
    lead = await t.agent(['lead']);
  });
  afterAll(async () => {
    await t.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    t.platform.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });

  /** An agent with skills, signed in and online. */
  async function specialist(skills: { departments: string[]; languages: [string, string][]; capacity?: number; tier?: string }, roles: ('agent' | 'security')[] = ['agent']) {
    const agent = await t.agent(roles);
    const body = {
      departments: skills.departments,
      languages: skills.languages.map(([language, proficiency]) => ({ language, proficiency })),
      tier: skills.tier ?? 'tier1',
      capacity: skills.capacity ?? 3,
    };
    const set = await api('PUT', `/routing/agents/${agent.id}/skills`, lead.cookie, body);
    expect(set.statusCode, set.body).toBe(200);
    expect((await api('PUT', '/routing/presence', agent.cookie, { status: 'online' })).statusCode).toBe(200);
    return agent;
  }

  async function customerWrites(department: string, language: string, body: string, locale = language) {
    const { token } = await t.customerToken({ locale });
    const response = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: `c-${Math.random()}`, department, language, body },
    });
    expect(response.statusCode, response.body).toBe(201);
    return { id: response.json().conversation.id as string, token };
  }

  const conversation = async (id: string) => (await api('GET', `/conversations/${id}`, lead.cookie)).json().conversation as { state: string; assigneeId: string | null };

  it('gives a Russian withdrawal case to the Russian-speaking withdrawals agent', async () => {
    const english = await specialist({ departments: ['withdrawals'], languages: [['en', 'native']] });
    const russianDeposits = await specialist({ departments: ['deposits'], languages: [['ru', 'native']] });
    const russianWithdrawals = await specialist({ departments: ['withdrawals'], languages: [['ru', 'native'], ['en', 'fluent']] });
    const request = await customerWrites('withdrawals', 'ru', 'вывод USDT завис уже 3 часа');
    await dispatchRound(t.platform.deps);
    const after = await conversation(request.id);
    expect(after).toMatchObject({ state: 'assigned', assigneeId: russianWithdrawals.id });
    expect([english.id, russianDeposits.id]).not.toContain(after.assigneeId);
    for (const agent of [english, russianDeposits, russianWithdrawals]) await api('PUT', '/routing/presence', agent.cookie, { status: 'offline' });
  });

  it('serves the urgent security case before a normal one that waited longer, within capacity', async () => {
    const guard = await specialist({ departments: ['security'], languages: [['en', 'native']], capacity: 1, tier: 'senior' }, ['security']);
    const normal = await customerWrites('security', 'en', 'question about my 2FA settings');
    // The bot hands compromised accounts over as urgent (test/integration/bot); here the row says so directly.
    const urgent = await customerWrites('security', 'en', 'someone logged into my account and is withdrawing');
    await t.database.db.sql.query("UPDATE conversations SET priority = 'urgent' WHERE id = $1", [urgent.id]);
    await dispatchRound(t.platform.deps);
    expect(await conversation(urgent.id)).toMatchObject({ state: 'assigned', assigneeId: guard.id });
    // At capacity: the normal case waits, and its customer sees where they stand.
    expect(await conversation(normal.id)).toMatchObject({ state: 'queued', assigneeId: null });
    const place = await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${normal.id}/queue`, headers: { authorization: `Bearer ${normal.token}` } });
    expect(place.statusCode).toBe(200);
    expect(place.json()).toMatchObject({ state: 'queued', position: 1, waiting: 1 });
    expect(place.json().estimatedWaitSeconds).toBeGreaterThan(0);

    // The agent leaves: the urgent case goes back to the queue, not stranded; a colleague takes it.
    expect((await api('PUT', '/routing/presence', guard.cookie, { status: 'offline' })).statusCode).toBe(200);
    expect(await conversation(urgent.id)).toMatchObject({ state: 'queued', assigneeId: null });
    const colleague = await specialist({ departments: ['security'], languages: [['en', 'native']], capacity: 1, tier: 'senior' }, ['security']);
    await dispatchRound(t.platform.deps);
    expect(await conversation(urgent.id)).toMatchObject({ state: 'assigned', assigneeId: colleague.id });
    await api('PUT', '/routing/presence', colleague.cookie, { status: 'offline' });
  });

  it('lets an agent take the next conversation they may serve (pull mode), and says when none waits', async () => {
    const request = await customerWrites('earn', 'es', '¿cuándo pagan el staking?');
    const spanish = await t.agent(['agent']);
    await api('PUT', `/routing/agents/${spanish.id}/skills`, lead.cookie, { departments: ['earn'], languages: [{ language: 'es', proficiency: 'native' }], tier: 'tier1', capacity: 2 });
    expect((await api('POST', '/routing/take-next', spanish.cookie)).statusCode).toBe(422); // offline
    await api('PUT', '/routing/presence', spanish.cookie, { status: 'online' });
    const taken = await api('POST', '/routing/take-next', spanish.cookie);
    expect(taken.statusCode).toBe(200);
    expect(taken.json().conversation).toMatchObject({ id: request.id, state: 'assigned', assigneeId: spanish.id });
    expect((await api('POST', '/routing/take-next', spanish.cookie)).statusCode).toBe(204);
    await api('PUT', '/routing/presence', spanish.cookie, { status: 'offline' });
  });

  it('never assigns beyond capacity when two dispatchers race', async () => {
    const solo = await specialist({ departments: ['p2p'], languages: [['en', 'native']], capacity: 2 });
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => customerWrites('p2p', 'en', `p2p dispute ${i}`).then((c) => c.id)));
    await Promise.all([dispatchRound(t.platform.deps), dispatchRound(t.platform.deps), dispatchRound(t.platform.deps)]);
    const states = await Promise.all(ids.map(conversation));
    expect(states.filter((c) => c.assigneeId === solo.id)).toHaveLength(2);
    expect(states.filter((c) => c.state === 'queued')).toHaveLength(4);
    const agents = (await api('GET', '/routing/agents?department=p2p', lead.cookie)).json().agents as { agentId: string; load: number }[];
    expect(agents.find((a) => a.agentId === solo.id)?.load).toBe(2);
    await api('PUT', '/routing/presence', solo.cookie, { status: 'offline' });
  });

  it('holds capacity in the database when commits for different conversations race for one agent', async () => {
    const solo = await specialist({ departments: ['fiat'], languages: [['en', 'native']], capacity: 2 });
    const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => customerWrites('fiat', 'en', `card deposit ${i}`).then((c) => c.id)));
    const { deps } = t.platform;
    const commits = await Promise.all(ids.map(async (id) => {
      const current = await deps.store.getConversation(id);
      if (!current) throw new Error('missing');
      return deps.routing.assignFromQueue({
        conversationId: id, expectedVersion: current.version, agentId: solo.id,
        decision: assign(current, solo.id), actor: { kind: 'system', id: null }, now: new Date(),
      });
    }));
    expect(commits.filter(Boolean)).toHaveLength(2);
    expect((await Promise.all(ids.map(conversation))).filter((c) => c.assigneeId === solo.id)).toHaveLength(2);
    await api('PUT', '/routing/presence', solo.cookie, { status: 'offline' });
  });

  it('escalates to the senior security team: only a senior agent takes it, and escalations only go up', async () => {
    const first = await specialist({ departments: ['account'], languages: [['en', 'native']] });
    const request = await customerWrites('account', 'en', 'strange logins on my account');
    await dispatchRound(t.platform.deps);
    expect(await conversation(request.id)).toMatchObject({ state: 'assigned', assigneeId: first.id });
    const escalated = await api('POST', `/conversations/${request.id}/escalate`, first.cookie, { to: 'senior', department: 'security', reason: 'looks like account takeover' });
    expect(escalated.statusCode, escalated.body).toBe(200);
    expect(escalated.json().conversation).toMatchObject({ state: 'queued', department: 'security', assigneeId: null, priority: 'high' });

    const junior = await specialist({ departments: ['security'], languages: [['en', 'native']], tier: 'tier1' }, ['security']);
    await dispatchRound(t.platform.deps);
    expect(await conversation(request.id)).toMatchObject({ state: 'queued', assigneeId: null });
    const board = (await api('GET', '/sla/tough-cases', lead.cookie)).json().cases as { conversationId: string; reasons: string[]; nextStep: string }[];
    expect(board.find((c) => c.conversationId === request.id)).toMatchObject({ reasons: ['escalated'], nextStep: 'a senior agent has to take it' });
    const senior = await specialist({ departments: ['security'], languages: [['en', 'fluent']], tier: 'senior' }, ['security']);
    await dispatchRound(t.platform.deps);
    expect(await conversation(request.id)).toMatchObject({ state: 'assigned', assigneeId: senior.id });

    const down = await api('POST', `/conversations/${request.id}/escalate`, senior.cookie, { to: 'tier2', reason: 'loop' });
    expect(down.statusCode).toBe(409);
    expect(down.json().error.code).toBe('invalid_transition');
    expect((await api('POST', `/conversations/${request.id}/escalate`, senior.cookie, { to: 'tier3', reason: 'x' })).statusCode).toBe(400);
    expect((await api('POST', `/conversations/${request.id}/escalate`, senior.cookie, { to: 'senior', department: 'moon', reason: 'x' })).statusCode).toBe(400);
    expect(await conversation(request.id)).toMatchObject({ state: 'assigned', assigneeId: senior.id });
    for (const agent of [first, junior, senior]) await api('PUT', '/routing/presence', agent.cookie, { status: 'offline' });
  });

  it('opens an investigation with deposits operations; its answer brings the conversation back to its agent', async () => {
    const agent = await specialist({ departments: ['deposits'], languages: [['en', 'native']] });
    const ops = await t.agent(['specialist']);
    const request = await customerWrites('deposits', 'en', 'sent BTC to an old deposit address');
    await dispatchRound(t.platform.deps);
    expect(await conversation(request.id)).toMatchObject({ state: 'assigned', assigneeId: agent.id });

    expect((await api('POST', `/conversations/${request.id}/investigations`, agent.cookie, { department: 'deposits', title: 'x' })).statusCode).toBe(400);
    expect((await api('POST', `/conversations/${request.id}/investigations`, agent.cookie, { department: 'compliance', title: '' })).statusCode).toBe(400);
    expect((await api('POST', `/conversations/${request.id}/investigations`, agent.cookie, { department: 'compliance', title: 'x', dueInHours: -1 })).statusCode).toBe(400);
    const opened = await api('POST', `/conversations/${request.id}/investigations`, agent.cookie, {
      department: 'compliance', title: 'Recover deposit to a retired address', details: 'txid 9f0c…, 0.2 BTC', dueInHours: 8,
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const investigation = opened.json().investigation as { id: string; state: string; ownerId: string | null };
    expect(investigation).toMatchObject({ state: 'open', ownerId: null });
    expect(await conversation(request.id)).toMatchObject({ state: 'waiting_internal', assigneeId: agent.id });

    const inbox = (await api('GET', '/investigations?department=compliance&state=open', ops.cookie)).json().investigations as { id: string }[];
    expect(inbox.map((i) => i.id)).toContain(investigation.id);
    expect((await api('POST', `/investigations/${investigation.id}/take`, ops.cookie)).json().investigation.ownerId).toBe(ops.id);
    const board = (await api('GET', '/sla/tough-cases', lead.cookie)).json().cases as { conversationId: string; reasons: string[] }[];
    expect(board.find((c) => c.conversationId === request.id)?.reasons).toContain('waiting_internal');

    const resolved = await api('POST', `/investigations/${investigation.id}/resolve`, ops.cookie, { resolution: 'Recovered and credited, fee 0.0005 BTC' });
    expect(resolved.json().investigation).toMatchObject({ state: 'resolved', resolution: 'Recovered and credited, fee 0.0005 BTC' });
    expect(await conversation(request.id)).toMatchObject({ state: 'assigned', assigneeId: agent.id });
    const again = await api('POST', `/investigations/${investigation.id}/resolve`, ops.cookie, { resolution: 'twice' });
    expect(again.json().investigation.resolution).toBe('Recovered and credited, fee 0.0005 BTC');
    expect((await api('POST', '/investigations/00000000-0000-7000-8000-000000000000/resolve', ops.cookie, { resolution: 'x' })).statusCode).toBe(404);
    const listed = (await api('GET', `/conversations/${request.id}/investigations`, agent.cookie)).json().investigations as { state: string }[];
    expect(listed.map((i) => i.state)).toEqual(['resolved']);
    // The customer never sees the internal case.
    const seen = await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${request.id}/investigations`, headers: { authorization: `Bearer ${request.token}` } });
    expect(seen.statusCode).toBe(403);
    await api('PUT', '/routing/presence', agent.cookie, { status: 'offline' });
  });

  it('manages teams with business hours and holidays, and refuses bad input with clear errors', async () => {
    const created = await api('POST', '/routing/teams', lead.cookie, {
      name: 'Withdrawals EU', department: 'withdrawals',
      calendar: { timeZone: 'Europe/Berlin', weekly: { mon: [{ start: '08:00', end: '20:00' }], tue: [{ start: '08:00', end: '20:00' }] }, holidays: ['2026-12-25'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().team).toMatchObject({ name: 'Withdrawals EU', assignment: 'push', calendar: { timeZone: 'Europe/Berlin' } });
    const id = created.json().team.id as string;
    expect((await api('POST', '/routing/teams', lead.cookie, { name: 'Withdrawals EU', department: 'withdrawals' })).statusCode).toBe(409);
    expect((await api('POST', '/routing/teams', lead.cookie, { name: 'X', department: 'moon' })).statusCode).toBe(400);
    expect((await api('POST', '/routing/teams', lead.cookie, { name: 'X', department: 'kyc', calendar: { timeZone: 'Mars/Olympus', weekly: 'always', holidays: [] } })).statusCode).toBe(400);
    expect((await api('POST', '/routing/teams', lead.cookie, { name: 'X', department: 'kyc', calendar: { timeZone: 'UTC', weekly: { mon: [{ start: '18:00', end: '09:00' }] }, holidays: [] } })).statusCode).toBe(400);
    expect((await api('PUT', '/routing/teams/00000000-0000-7000-8000-000000000000', lead.cookie, { name: 'Y', department: 'kyc' })).statusCode).toBe(404);
    const updated = await api('PUT', `/routing/teams/${id}`, lead.cookie, { name: 'Withdrawals EU', department: 'withdrawals', assignment: 'pull' });
    expect(updated.json().team).toMatchObject({ assignment: 'pull', calendar: { weekly: 'always' } });

    const plain = await t.agent(['agent']);
    const skills = { departments: ['kyc'], languages: [{ language: 'en', proficiency: 'native' }], tier: 'tier1', capacity: 2 };
    expect((await api('PUT', `/routing/agents/${plain.id}/skills`, plain.cookie, skills)).statusCode).toBe(403);
    expect((await api('PUT', '/routing/agents/00000000-0000-7000-8000-000000000000/skills', lead.cookie, skills)).statusCode).toBe(404);
    expect((await api('PUT', `/routing/agents/${plain.id}/skills`, lead.cookie, { ...skills, capacity: -1 })).statusCode).toBe(400);
    expect((await api('PUT', `/routing/agents/${plain.id}/skills`, lead.cookie, { ...skills, departments: [] })).statusCode).toBe(400);
    expect((await api('PUT', `/routing/agents/${plain.id}/skills`, lead.cookie, { ...skills, languages: [{ language: 'en', proficiency: 'native' }, { language: 'en', proficiency: 'basic' }] })).statusCode).toBe(400);
    expect((await api('PUT', `/routing/agents/${plain.id}/skills`, lead.cookie, { ...skills, teamId: '00000000-0000-7000-8000-000000000000' })).statusCode).toBe(400);
    expect((await api('PUT', '/routing/presence', plain.cookie, { status: 'online' })).statusCode).toBe(422);
    expect((await api('PUT', '/routing/presence', plain.cookie, { status: 'sleeping' })).statusCode).toBe(400);
    // Nothing was stored by the refused calls.
    expect(((await api('GET', '/routing/agents', lead.cookie)).json().agents as { agentId: string }[]).map((a) => a.agentId)).not.toContain(plain.id);
  });
});
