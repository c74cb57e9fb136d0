/**
 * A customer pastes a secret into the chat: what is stored, shown to the agent and sent back is
 * redacted, the customer is warned in their language, and a phrase split over two messages is
 * removed from both.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobHandlers } from '../../../src/app/jobs/handlers.ts';
import { JobWorker, defaultWorkerOptions } from '../../../src/app/jobs/job-worker.ts';
import { build, type TestPlatform } from '../../support/build.ts';

describe('secrets pasted into a chat', () => {
  let t: TestPlatform;
  let worker: JobWorker;
  let cookie: string;

  beforeAll(async () => {
    t = await build({ env: { ROLES: 'web,realtime' } });
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

  it('removes a phrase split over two messages from both', async () => {
    const words = 'hub tube boost lens veteran valley business vicious observe toast truly orchard wear purchase bind sibling limb dice legend lunar close clap crucial oil'.split(' ');
    const { token } = await t.customerToken();
    const created = await t.platform.app.inject({
      method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'split-1', department: 'security', body: words.slice(0, 10).join(' ') },
    });
    const id = created.json().conversation.id as string;
    const second = await t.platform.app.inject({
      method: 'POST', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${token}` },
      payload: { clientMsgId: 'split-2', body: words.slice(10).join(' ') },
    });
    expect(second.statusCode).toBe(201);
    const stored = (await everything(id)).filter((m) => m.authorKind === 'customer').map((m) => m.body).join(' ');
    for (const word of new Set(words)) expect(stored.split(/\s+/)).not.toContain(word);
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
