/**
 * SLA clocks on real conversations: a lead sets a policy, the clock follows the conversation's
 * events, warns at the configured share, breaches when the target runs out, pauses while the team
 * waits on the customer, and puts the breached case on the tough-case board. Time is moved by
 * hand; timers are the durable jobs the worker runs.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../src/app/jobs/handlers.ts';
import { JobWorker, defaultWorkerOptions } from '../../../src/app/jobs/job-worker.ts';
import { slaTimerJobKind } from '../../../src/app/sla/advance-sla.ts';
import { SlaTracker } from '../../../src/app/sla/sla-tracker.ts';
import type { Clock } from '../../../src/ports/clock.ts';
import { build, type TestPlatform } from '../../support/build.ts';
import { databaseKinds } from '../../support/databases.ts';

class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-11-23T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

describe.each(databaseKinds)('SLA clocks on %s', (kind) => {
  let t: TestPlatform;
  let clock: ManualClock;
  let worker: JobWorker;
  let tracker: SlaTracker;
  let lead: { id: string; cookie: string };

  beforeAll(async () => {
    clock = new ManualClock();
    t = await build({ kind, clock, env: { ROLES: 'web,realtime' } });
    worker = new JobWorker(t.platform.deps, jobHandlers, pino({ level: 'silent' }), defaultWorkerOptions);
    tracker = new SlaTracker(t.platform.deps, pino({ level: 'silent' }));
    lead = await t.agent(['lead']);
  });
  afterAll(async () => {
    await t.close();
  });

  const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, cookie: string, payload?: object) =>
    t.platform.app.inject({ method, url: `/api/v1${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
  /** What the worker nodes do after each change: catch the clocks up, run due jobs. */
  const settle = async () => {
    await tracker.sweep();
    while ((await worker.runOnce()) > 0) { /* until no job is due */ }
  };
  const clocks = async (id: string) =>
    (await api('GET', `/conversations/${id}/sla`, lead.cookie)).json().clocks as { metric: string; state: string; warning: boolean; remainingMs: number; elapsedMs: number }[];
  const clockOf = async (id: string, metric: string) => (await clocks(id)).find((c) => c.metric === metric);

  it('refuses negative, missing and contradictory targets, and agents without the right role', async () => {
    const valid = { name: 'Deposits', match: { departments: ['deposits'] }, targets: { firstResponseMs: 60_000, nextResponseMs: 300_000, resolutionMs: 3_600_000 } };
    const bad = async (body: object) => (await api('POST', '/sla/policies', lead.cookie, body)).json().error?.code as string | undefined;
    expect(await bad({ ...valid, targets: { firstResponseMs: -5, nextResponseMs: null, resolutionMs: null } })).toBe('validation_failed');
    expect(await bad({ ...valid, targets: { firstResponseMs: null, nextResponseMs: null, resolutionMs: null } })).toBe('validation_failed');
    expect(await bad({ ...valid, targets: { firstResponseMs: 7_200_000, nextResponseMs: null, resolutionMs: 3_600_000 } })).toBe('validation_failed');
    expect(await bad({ ...valid, warnAtFraction: 1.5 })).toBe('validation_failed');
    expect(await bad({ ...valid, match: { departments: [] } })).toBe('validation_failed');
    expect(await bad({ ...valid, match: { departments: ['moon'] } })).toBe('validation_failed');
    const plain = await t.agent(['agent']);
    expect((await api('POST', '/sla/policies', plain.cookie, valid)).statusCode).toBe(403);
    expect(((await api('GET', '/sla/policies', lead.cookie)).json().policies as unknown[])).toHaveLength(0);

    const created = await api('POST', '/sla/policies', lead.cookie, valid);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().policy).toMatchObject({ name: 'Deposits', warnAtFraction: 0.75, escalateOnBreach: false });
    expect((await api('POST', '/sla/policies', lead.cookie, valid)).statusCode).toBe(409);
    expect((await api('PUT', '/sla/policies/00000000-0000-7000-8000-000000000000', lead.cookie, valid)).statusCode).toBe(404);
  });

  it('warns at three quarters, breaches at the target, and puts the case on the tough-case board', async () => {
    const { token } = await t.customerToken();
    const opened = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'sla-1', department: 'deposits', body: 'my USDT deposit is missing' },
    });
    const id = opened.json().conversation.id as string;
    await settle();
    expect(await clockOf(id, 'first_response')).toMatchObject({ state: 'running', warning: false, remainingMs: 60_000 });

    clock.advance(46_000);
    await settle();
    expect(await clockOf(id, 'first_response')).toMatchObject({ state: 'running', warning: true });
    clock.advance(15_000);
    await settle();
    expect(await clockOf(id, 'first_response')).toMatchObject({ state: 'breached' });

    const board = (await api('GET', '/sla/tough-cases', lead.cookie)).json().cases as { conversationId: string; reasons: string[]; nextStep: string; ageSeconds: number }[];
    expect(board.find((c) => c.conversationId === id)).toMatchObject({ reasons: ['sla_breached'], nextStep: expect.stringMatching(/assign/), ageSeconds: 61 });

    // A timer that runs again (a worker killed after the commit) tells the breach once.
    const rows = await t.database.db.sql.query<{ type: string }>('SELECT type FROM events WHERE conversation_id = $1 AND type LIKE $2', [id, 'sla.%']);
    expect(rows.map((r) => r.type).sort()).toEqual(['sla.breached', 'sla.warning_reached']);
    await t.platform.deps.jobs.enqueue({ kind: slaTimerJobKind, payload: { conversationId: id, metric: 'first_response', kind: 'breach' }, runAt: clock.now(), key: `again:${id}` });
    await settle();
    const again = await t.database.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE conversation_id = $1 AND type = 'sla.breached'", [id]);
    expect(again[0]?.n).toBe(1);
  });

  it('tells a breach once when two worker nodes run the timers at the same time', async () => {
    const { token } = await t.customerToken();
    const opened = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'sla-two-nodes', department: 'deposits', body: 'deposit missing again' },
    });
    const id = opened.json().conversation.id as string;
    await settle();
    clock.advance(61_000);
    // A second node: its own worker over the same database, racing the first for the due timers.
    const other = new JobWorker(t.platform.deps, jobHandlers, pino({ level: 'silent' }), defaultWorkerOptions);
    await Promise.all([worker.runOnce(), other.runOnce(), worker.runOnce(), other.runOnce()]);
    await settle();
    const told = await t.database.db.sql.query<{ type: string }>("SELECT type FROM events WHERE conversation_id = $1 AND type LIKE 'sla.%' ORDER BY id", [id]);
    // Past its due time at once, the clock tells the breach and skips the late warning.
    expect(told.map((r) => r.type)).toEqual(['sla.breached']);
  });

  it('stops first response at the agent\'s reply and pauses resolution while waiting on the customer', async () => {
    const { token } = await t.customerToken();
    const opened = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'sla-2', department: 'deposits', body: 'deposit not credited' },
    });
    const id = opened.json().conversation.id as string;
    await settle();
    const agent = await t.agent(['agent']);
    await api('POST', `/conversations/${id}/assign`, agent.cookie, { agentId: agent.id });
    clock.advance(20_000);
    const reply = await api('POST', `/conversations/${id}/messages`, agent.cookie, { clientMsgId: 'a-1', body: 'Checking the chain now' });
    expect(reply.json().conversation.state).toBe('waiting_customer');
    await settle();
    expect(await clockOf(id, 'first_response')).toMatchObject({ state: 'met', elapsedMs: 20_000 });
    const before = await clockOf(id, 'resolution');
    expect(before).toMatchObject({ state: 'paused', elapsedMs: 20_000 });

    clock.advance(2 * 3_600_000);
    await settle();
    // Two hours of waiting on the customer did not count against the one-hour resolution target.
    expect(await clockOf(id, 'resolution')).toMatchObject({ state: 'paused', elapsedMs: 20_000 });
    const customerReply = await t.platform.app.inject({
      method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'c-2', body: 'here is the txid' },
    });
    expect(customerReply.statusCode).toBe(201);
    await settle();
    expect(await clockOf(id, 'resolution')).toMatchObject({ state: 'running' });
    expect(await clockOf(id, 'next_response')).toMatchObject({ state: 'running', remainingMs: 300_000 });
  });
});
