import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type TestPlatform } from '../../support/build.ts';

describe('conversations over REST', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await build();
  });
  afterAll(async () => {
    await t.close();
  });

  const inject = (options: { method: 'GET' | 'POST'; url: string; token?: string; cookie?: string; payload?: unknown }) =>
    t.platform.app.inject({
      method: options.method,
      url: options.url,
      headers: {
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
    });

  it('lets a customer open a conversation and see it in their list, once, however often they retry', async () => {
    const { token } = await t.customerToken({ locale: 'es-ES' });
    const payload = { clientMsgId: 'first-1', body: 'Mi depósito de USDT no llegó', department: 'deposits' };
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token, payload });
    expect(created.statusCode).toBe(201);
    expect(created.json().conversation).toMatchObject({ state: 'queued', department: 'deposits', language: 'es', lastSeq: 1 });
    const again = await inject({ method: 'POST', url: '/api/v1/conversations', token, payload });
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);
    const list = await inject({ method: 'GET', url: '/api/v1/conversations', token });
    expect(list.json().conversations).toHaveLength(1);
  });

  it("answers 404 for another customer's conversation, exactly as for a missing one", async () => {
    const alice = await t.customerToken();
    const bob = await t.customerToken();
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token: alice.token, payload: { clientMsgId: 'a', body: 'hello' } });
    const id = created.json().conversation.id as string;
    const foreign = await inject({ method: 'GET', url: `/api/v1/conversations/${id}`, token: bob.token });
    const missing = await inject({ method: 'GET', url: `/api/v1/conversations/${randomUUID()}`, token: bob.token });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('not_found');
    expect(missing.json().error.code).toBe('not_found');
    const post = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, token: bob.token, payload: { clientMsgId: 'x', body: 'hi' } });
    expect(post.statusCode).toBe(404);
  });

  it('walks a conversation through assign, reply, note, transfer, resolve and reopen', async () => {
    const customer = await t.customerToken();
    const agent = await t.agent(['agent']);
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token: customer.token, payload: { clientMsgId: 'c1', body: 'withdrawal stuck' } });
    const id = created.json().conversation.id as string;

    const assigned = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/assign`, cookie: agent.cookie, payload: { agentId: agent.id } });
    expect(assigned.json().conversation).toMatchObject({ state: 'assigned', assigneeId: agent.id });

    const note = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, cookie: agent.cookie, payload: { clientMsgId: 'n1', body: 'checking the explorer', visibility: 'internal' } });
    expect(note.statusCode).toBe(201);
    const replyMsg = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, cookie: agent.cookie, payload: { clientMsgId: 'r1', body: 'Looking into it now' } });
    expect(replyMsg.json().conversation.state).toBe('waiting_customer');

    const seen = await inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, token: customer.token });
    expect(seen.json().messages.map((m: { body: string }) => m.body)).toEqual(['withdrawal stuck', 'Looking into it now']);
    const agentView = await inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages?afterSeq=1`, cookie: agent.cookie });
    expect(agentView.json().messages.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);

    const transferred = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/transfer`, cookie: agent.cookie, payload: { department: 'withdrawals', reason: 'withdrawal case' } });
    expect(transferred.json().conversation).toMatchObject({ state: 'queued', department: 'withdrawals', assigneeId: null });

    const resolved = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/resolve`, cookie: agent.cookie, payload: {} });
    expect(resolved.json().conversation.state).toBe('resolved');
    const reopened = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/reopen`, cookie: agent.cookie, payload: { reason: 'customer wrote back' } });
    expect(reopened.json().conversation.state).toBe('queued');
  });

  it('lets only the assigned agent reply to the customer; colleagues add notes, a lead takes over', async () => {
    const customer = await t.customerToken();
    const owner = await t.agent(['agent']);
    const colleague = await t.agent(['agent']);
    const lead = await t.agent(['lead']);
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token: customer.token, payload: { clientMsgId: 'col-1', body: 'where is my BTC' } });
    const id = created.json().conversation.id as string;
    const say = (cookie: string, clientMsgId: string, visibility: 'public' | 'internal' = 'public') =>
      inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, cookie, payload: { clientMsgId, body: `reply ${clientMsgId}`, visibility } });
    expect((await say(owner.cookie, 'early')).json().error.code).toBe('not_assignee');
    await inject({ method: 'POST', url: `/api/v1/conversations/${id}/assign`, cookie: owner.cookie, payload: { agentId: owner.id } });
    expect((await say(owner.cookie, 'o1')).statusCode).toBe(201);
    const blocked = await say(colleague.cookie, 'c1');
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('not_assignee');
    expect((await say(colleague.cookie, 'c-note', 'internal')).statusCode).toBe(201);
    await inject({ method: 'POST', url: `/api/v1/conversations/${id}/assign`, cookie: lead.cookie, payload: { agentId: lead.id } });
    expect((await say(lead.cookie, 'l1')).statusCode).toBe(201);
    expect((await say(owner.cookie, 'o2')).json().error.code).toBe('not_assignee');
    const seen = await inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, token: customer.token });
    expect(seen.json().messages.map((m: { body: string }) => m.body)).toEqual(['where is my BTC', 'reply o1', 'reply l1']);
  });

  it('lets agents filter the inbox and page through it', async () => {
    const agent = await t.agent(['lead']);
    const customer = await t.customerToken();
    for (let i = 0; i < 3; i += 1) {
      await inject({ method: 'POST', url: '/api/v1/conversations', token: customer.token, payload: { clientMsgId: `k${i}`, body: 'kyc question', department: 'kyc', language: 'ko' } });
    }
    const page1 = await inject({ method: 'GET', url: '/api/v1/conversations?department=kyc&language=ko&state=queued&limit=2', cookie: agent.cookie });
    expect(page1.json().conversations).toHaveLength(2);
    const cursor = page1.json().nextCursor as string;
    const page2 = await inject({ method: 'GET', url: `/api/v1/conversations?department=kyc&language=ko&state=queued&limit=2&cursor=${cursor}`, cookie: agent.cookie });
    expect(page2.json().conversations).toHaveLength(1);
    expect(page2.json().nextCursor).toBeNull();
  });

  it('keeps QA read-only and customers out of agent actions', async () => {
    const customer = await t.customerToken();
    const qa = await t.agent(['qa']);
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token: customer.token, payload: { clientMsgId: 'q', body: 'hello' } });
    const id = created.json().conversation.id as string;
    expect((await inject({ method: 'GET', url: `/api/v1/conversations/${id}`, cookie: qa.cookie })).statusCode).toBe(200);
    expect((await inject({ method: 'POST', url: `/api/v1/conversations/${id}/resolve`, cookie: qa.cookie, payload: {} })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url: `/api/v1/conversations/${id}/resolve`, token: customer.token, payload: {} })).statusCode).toBe(403);
    expect((await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, token: customer.token, payload: { clientMsgId: 'i', body: 'x', visibility: 'internal' } })).statusCode).toBe(403);
  });

  it('rejects bad input with a clear 4xx and stores nothing', async () => {
    const customer = await t.customerToken();
    const cases = [
      { payload: '{"clientMsgId": "x", "body":', code: 'invalid_json' },
      { payload: { clientMsgId: 'x', body: 'hi', extra: 1 }, code: 'validation_failed' },
      { payload: { clientMsgId: 'x', body: 'a'.repeat(10_001) }, code: 'message_too_long' },
      { payload: { clientMsgId: 'x', body: '   ' }, code: 'validation_failed' },
      { payload: { clientMsgId: 'bad id with spaces', body: 'hi' }, code: 'validation_failed' },
    ];
    for (const c of cases) {
      const response = await t.platform.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        headers: { authorization: `Bearer ${customer.token}`, 'content-type': 'application/json' },
        payload: typeof c.payload === 'string' ? c.payload : JSON.stringify(c.payload),
      });
      expect(response.statusCode, JSON.stringify(c.payload).slice(0, 60)).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
      expect(response.json().error.code).toBe(c.code);
    }
    const list = await inject({ method: 'GET', url: '/api/v1/conversations', token: customer.token });
    expect(list.json().conversations).toHaveLength(0);
  });

  it('refuses expired, forged and malformed tokens', async () => {
    const forged = (await t.customerToken()).token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    for (const token of [forged, 'not-a-jwt', 'a.b.c']) {
      const response = await inject({ method: 'GET', url: '/api/v1/conversations', token });
      expect(response.statusCode).toBe(401);
      expect(response.json().error.code).toBe('token_invalid');
    }
    expect((await inject({ method: 'GET', url: '/api/v1/conversations' })).statusCode).toBe(401);
  });

  it('answers a resent clientMsgId with the original, and a reused one with 409', async () => {
    const customer = await t.customerToken();
    const created = await inject({ method: 'POST', url: '/api/v1/conversations', token: customer.token, payload: { clientMsgId: 'o', body: 'hi' } });
    const id = created.json().conversation.id as string;
    const first = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, token: customer.token, payload: { clientMsgId: 'm1', body: 'one' } });
    const resend = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, token: customer.token, payload: { clientMsgId: 'm1', body: 'one' } });
    expect(resend.statusCode).toBe(200);
    expect(resend.json().message.id).toBe(first.json().message.id);
    const reused = await inject({ method: 'POST', url: `/api/v1/conversations/${id}/messages`, token: customer.token, payload: { clientMsgId: 'm1', body: 'two' } });
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.code).toBe('client_msg_id_reused');
    const messages = await inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, token: customer.token });
    expect(messages.json().messages).toHaveLength(2);
  });

  it('signs agents in with an httpOnly SameSite cookie and refuses a wrong password', async () => {
    const agent = await t.agent();
    const wrong = await t.platform.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: agent.email, password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    const me = await inject({ method: 'GET', url: '/api/v1/auth/me', cookie: agent.cookie });
    expect(me.json()).toMatchObject({ kind: 'agent', agent: { id: agent.id } });
    await inject({ method: 'POST', url: '/api/v1/auth/sign-out', cookie: agent.cookie });
    expect((await inject({ method: 'GET', url: '/api/v1/auth/me', cookie: agent.cookie })).statusCode).toBe(401);
  });

  it('slows down password guessing: at most 10 sign-in attempts a minute from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1) {
      const attempt = await inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'nobody@example.test', password: `guess-${i}` } });
      statuses.push(attempt.statusCode);
    }
    expect(statuses[0]).toBe(401);
    expect(statuses.at(-1)).toBe(429);
  });

  it('serves the OpenAPI document, health, readiness and metrics', async () => {
    const doc = await t.platform.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/v1/conversations', '/api/v1/conversations/{id}/messages']));
    expect((await t.platform.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await t.platform.app.inject({ method: 'GET', url: '/readyz' })).json()).toMatchObject({ status: 'ok' });
    const metrics = await t.platform.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('relaydesk_http_request_duration_seconds');
    expect(metrics.body).toContain('relaydesk_job_queue_depth');
  });
});
