/**
 * The real bot (trained intent model, eld language identification, entity extraction) in real
 * conversations with the simulated exchange, in several languages: what a customer writing in
 * their own words gets back.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMessageUnderstander } from '../../../src/adapters/bot/message-understander.ts';
import { seedSimulatedExchange } from '../../../src/adapters/exchange/simulated/demo-data.ts';
import { jobHandlers } from '../../../src/app/jobs/handlers.ts';
import { JobWorker, defaultWorkerOptions } from '../../../src/app/jobs/job-worker.ts';
import { contentDir } from '../../../src/compose.ts';
import { build, type TestPlatform } from '../../support/build.ts';

interface WireMessage {
  authorKind: string;
  body: string;
  metadata: { buttons?: { id: string; label: string }[] } | null;
}

describe('the trained bot, in the customer\'s language', () => {
  let t: TestPlatform;
  let worker: JobWorker;

  beforeAll(async () => {
    const logger = pino({ level: 'silent' });
    // Trained once per content version and machine, then read from the cache (0.2 s).
    const understander = await loadMessageUnderstander(contentDir, { modelCacheDir: join(tmpdir(), 'relaydesk-test-models'), logger });
    t = await build({ env: { BOT_ENABLED: 'true', ROLES: 'web,realtime' }, understander });
    await seedSimulatedExchange(t.database.db.sql, new Date());
    worker = new JobWorker(t.platform.deps, jobHandlers, logger, defaultWorkerOptions);
    // Training takes about a minute alone on 2 cores; several on a machine busy with other tests.
  }, 600_000);
  afterAll(async () => {
    await t.close();
  });

  async function ask(sub: string, locale: string, body: string) {
    const { token } = await t.customerToken({ sub, locale });
    const created = await t.platform.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` }, payload: { clientMsgId: `c-${sub}-${body.length}`, body } });
    const id = created.json().conversation.id as string;
    await worker.runOnce();
    const messages = (await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}/messages`, headers: { authorization: `Bearer ${token}` } })).json().messages as WireMessage[];
    const conversation = (await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${id}`, headers: { authorization: `Bearer ${token}` } })).json().conversation;
    return { reply: messages.filter((m) => m.authorKind === 'bot').at(-1), conversation };
  }
  const buttonIds = (m: WireMessage | undefined) => (m?.metadata?.buttons ?? []).map((b) => b.id);

  it('answers a Spanish customer about their USDT deposit, in Spanish, offering the deposit', async () => {
    const { reply, conversation } = await ask('demo-002', 'es', 'hola, mi depósito de USDT no me llega');
    expect(conversation.language).toBe('es');
    expect(reply?.body).toMatch(/depósito/i);
    expect(buttonIds(reply).some((id) => id.startsWith('deposit:'))).toBe(true);
  });

  it('offers a Russian customer whose account was hacked the freeze at once, in Russian', async () => {
    const { reply } = await ask('demo-011', 'ru', 'мой аккаунт взломали, кто-то выводит деньги');
    expect(buttonIds(reply)).toEqual(['freeze:yes', 'freeze:no']);
    expect(reply?.body).toMatch(/[а-я]/i);
  });

  it('explains a pending withdrawal to an English customer from the exchange\'s data', async () => {
    const { reply } = await ask('demo-003', 'en', 'my withdrawal is still pending since this morning, what is going on?');
    expect(reply?.body).toMatch(/withdrawal/i);
    expect(reply?.body).toMatch(/review|processed|processing|requested/i);
  });

  it('hands a Chinese customer who wants a person to an agent straight away', async () => {
    const { conversation } = await ask('demo-012', 'zh', '我要人工客服');
    expect(conversation.state).toBe('queued');
  });

  it('answers a fees question from the knowledge base in the customer\'s language when translated', async () => {
    const { reply } = await ask('demo-015', 'pt-BR', 'quais são as taxas de saque de bitcoin?');
    expect(reply?.body).toContain('/help/');
    expect(buttonIds(reply)).toEqual(['solved:yes', 'solved:no']);
  });

  it('answers noise, emoji, markup, mixed scripts and right-to-left text sensibly, and never fails a job', async () => {
    const noise = Array.from({ length: 10_000 }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 0x2fff))).join('');
    const inputs = [
      '🔥🔥🔥😡',
      '<script>alert(1)</script><img src=x onerror=alert(2)> where is my deposit',
      '\u202bأين إيداعي USDT؟ أرسلته من ساعتين\u202c',
      'депозит 没有到账 deposit pls',
      noise,
      '?',
    ];
    for (const [i, body] of inputs.entries()) {
      const { reply, conversation } = await ask(`demo-00${(i % 5) + 1}`, 'en', body);
      // Either the bot answers in words (a question, an answer, a handover notice) or a person takes it.
      expect(conversation.state === 'queued' || (reply?.body.trim().length ?? 0) > 0, `input ${i}`).toBe(true);
      if (reply) expect(reply.body, `input ${i}`).not.toMatch(/<script|onerror=/);
    }
    const failed = await t.database.db.sql.query<{ n: number }>("SELECT count(*)::int AS n FROM jobs WHERE last_error IS NOT NULL OR dead_at IS NOT NULL");
    expect(failed[0]?.n).toBe(0);
    // Empty text is refused at the edge and stores nothing.
    const { token } = await t.customerToken({ sub: 'demo-001' });
    const empty = await t.platform.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` }, payload: { clientMsgId: 'empty-1', body: '   ' } });
    expect(empty.statusCode).toBe(400);
  });
});
