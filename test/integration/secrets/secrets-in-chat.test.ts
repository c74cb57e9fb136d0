/**
 * A customer pastes a secret into the chat: what is stored, shown to the agent and sent back is
 * redacted, the customer is warned in their language, and a phrase split over two messages is
 * removed from both.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../src/app/jobs/handlers.ts';
import { JobWorker, defaultWorkerOptions } from '../../../src/app/jobs/job-worker.ts';
import { warnCustomerJob } from '../../../src/app/secrets/warn-customer.ts';
import { build, type TestPlatform } from '../../support/build.ts';
import { TestSocket, frameOf } from '../../support/ws-client.ts';

describe('secrets pasted into a chat', () => {
  let t: TestPlatform;
  let worker: JobWorker;
  let cookie: string;

  beforeAll(async () => {
    t = await build({ env: { ROLES: 'web,realtime' }, listen: true });
    worker = new JobWorker(t.platform.deps, jobHandlers, pino({ level: 'silent' }), defaultWorkerOptions);
    cookie = (await t.agent()).cookie;
  });
  afterAll(async () => {
    await t.close();
  });

  const everything = async (id: string) =>
    (await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, headers: { cookie } })).json().messages as
      { seq: number; authorKind: string; body: string; metadata: { redactions?: string[] } | null }[];

  it('stores a seed phrase as a marker, never in clear, and warns the customer in Spanish', async () => {
    // Valid BIP-39 phrases generated once for this test (random, never used for any wallet).
    const phrase = 'dragon prize police icon stone body eight weekend surprise chalk industry laptop';
    const { token } = await t.customerToken({ locale: 'es' });
    const created = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'c-1', department: 'security', body: `mi frase es ${phrase} ayuda por favor` },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().message.body).toMatch(/^mi frase es \[redacted: seed phrase\]/);
    const id = created.json().conversation.id as string;
    await worker.runOnce();
    const messages = await everything(id);
    for (const word of ['dragon', 'police', 'weekend', 'laptop']) expect(JSON.stringify(messages)).not.toContain(word);
    expect(messages[0]?.metadata).toEqual({ redactions: ['seed_phrase'] });
    expect(messages[1]).toMatchObject({ authorKind: 'system' });
    expect(messages[1]?.body).toMatch(/nunca/i);
    // Resending the same message is the same message, not a reused clientMsgId.
    const again = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'c-1', department: 'security', body: `mi frase es ${phrase} ayuda por favor` },
    });
    expect(again.statusCode).toBe(200);
  });

  it('removes a phrase split over two messages from both, tells the open chat, and flags it for the security team', async () => {
    const words = 'hub tube boost lens veteran valley business vicious observe toast truly orchard wear purchase bind sibling limb dice legend lunar close clap crucial oil'.split(' ');
    const { token } = await t.customerToken();
    const created = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'split-1', department: 'security', body: words.slice(0, 10).join(' ') },
    });
    const id = created.json().conversation.id as string;
    const socket = await TestSocket.connect(t.url ?? '');
    try {
      await socket.request({ type: 'auth', token }, frameOf('ready'));
      await socket.request({ type: 'subscribe', conversationId: id }, frameOf('subscribed'));
      const second = await t.platform.app.inject({
        method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${token}` },
        payload: { clientMsgId: 'split-2', body: words.slice(10).join(' ') },
      });
      expect(second.statusCode).toBe(201);
      expect(second.json().message.metadata).toEqual({ redactions: ['seed_phrase'] });
      await worker.runOnce();
      // The customer's open chat learns that message 1 was rewritten, and re-reads it.
      const frame = await socket.next((f) => f.type === 'conversation' && (f.event as { type?: string }).type === 'conversation.secret_redacted');
      expect(frame.event).toEqual({ type: 'conversation.secret_redacted', seq: 2, redactedSeqs: [1] });
    } finally {
      await socket.close();
    }
    const stored = (await everything(id)).filter((m) => m.authorKind === 'customer').map((m) => m.body).join(' ');
    for (const word of new Set(words)) expect(stored.split(/\s+/)).not.toContain(word);

    const security = await t.agent(['security']);
    const open = await t.platform.app.inject({ method: 'GET', url: '/api/v1/secrets/exposures?state=open', headers: { cookie: security.cookie } });
    expect(open.statusCode).toBe(200);
    const exposure = (open.json().exposures as { id: string; conversationId: string; seq: number; kinds: string[]; redactedSeqs: number[] }[])
      .find((e) => e.conversationId === id);
    expect(exposure).toMatchObject({ seq: 2, kinds: ['seed_phrase'], redactedSeqs: [1], review: null });

    // A job that runs twice (a worker killed after the commit) flags once and warns once.
    await t.platform.deps.jobs.enqueue(warnCustomerJob(id, 2, ['seed_phrase'], [], t.platform.deps.clock.now()));
    await worker.runOnce();
    const again = (await t.platform.app.inject({ method: 'GET', url: '/api/v1/secrets/exposures', headers: { cookie: security.cookie } })).json();
    expect((again.exposures as { conversationId: string }[]).filter((e) => e.conversationId === id)).toHaveLength(1);
    expect((await everything(id)).filter((m) => m.authorKind === 'system')).toHaveLength(1);

    const reviewed = await t.platform.app.inject({
      method: 'POST', url: `/api/v1/secrets/exposures/${exposure?.id}/review`, headers: { cookie: security.cookie },
      payload: { note: 'Called the customer: scam site, funds moved to a new wallet' },
    });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json().exposure.review).toMatchObject({ by: security.id, note: 'Called the customer: scam site, funds moved to a new wallet' });
    const stillOpen = (await t.platform.app.inject({ method: 'GET', url: '/api/v1/secrets/exposures?state=open', headers: { cookie: security.cookie } })).json();
    expect((stillOpen.exposures as { id: string }[]).map((e) => e.id)).not.toContain(exposure?.id);
  });

  it('shows the flags to the security team only, and refuses bad input', async () => {
    const plain = await t.agent(['agent']);
    const security = await t.agent(['security']);
    const get = (url: string, cookie: string) => t.platform.app.inject({ method: 'GET', url, headers: { cookie } });
    expect((await get('/api/v1/secrets/exposures', plain.cookie)).statusCode).toBe(403);
    expect((await get('/api/v1/secrets/exposures?state=everything', security.cookie)).statusCode).toBe(400);
    expect((await get('/api/v1/secrets/exposures?limit=0', security.cookie)).statusCode).toBe(400);
    expect((await get('/api/v1/secrets/exposures?before=abc', security.cookie)).statusCode).toBe(400);
    const review = (id: string, payload: unknown) =>
      t.platform.app.inject({ method: 'POST', url: `/api/v1/secrets/exposures/${id}/review`, headers: { cookie: security.cookie }, payload: payload as object });
    expect((await review('999999', {})).statusCode).toBe(404);
    expect((await review('not-an-id', {})).statusCode).toBe(404);
    expect((await review('1', { note: 'x'.repeat(2001) })).statusCode).toBe(400);
    expect((await review('1', { note: 'ok', extra: true })).statusCode).toBe(400);
  });

  it('leaves a transaction hash the customer mentions as it is', async () => {
    const hash = 'a3f1'.repeat(16);
    const { token } = await t.customerToken();
    const created = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'tx-1', department: 'deposits', body: `deposit missing, txid ${hash}` },
    });
    expect(created.json().message.body).toBe(`deposit missing, txid ${hash}`);
    expect(created.json().message.metadata).toBeNull();
  });
});
