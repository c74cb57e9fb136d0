/**
 * The bot in a real conversation, through the API, with the simulated exchange: it finds the
 * customer's deposit and explains it, freezes a hacked account and hands it to security at once,
 * resolves what it solved and hands over what it did not, with the record the agent reads. The
 * understanding is scripted here (keywords → intent); the trained one has its own tests.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readIntentCatalogue } from '../../../src/adapters/bot/bot-content.ts';
import { seedSimulatedExchange } from '../../../src/adapters/exchange/simulated/demo-data.ts';
import { readKbArticles } from '../../../src/adapters/kb/kb-files.ts';
import { SqlKnowledgeBase } from '../../../src/adapters/kb/sql-knowledge-base.ts';
import { contentDir } from '../../../src/compose.ts';
import { jobHandlers } from '../../../src/app/jobs/handlers.ts';
import { JobWorker, defaultWorkerOptions } from '../../../src/app/jobs/job-worker.ts';
import { build, type TestPlatform } from '../../support/build.ts';
import { databaseKinds } from '../../support/databases.ts';

interface WireMessage {
  seq: number;
  authorKind: string;
  body: string;
  metadata: { buttons?: { id: string; label: string }[] } | null;
}

describe.each(databaseKinds)('the support bot in a conversation on %s', (kind) => {
  let t: TestPlatform;
  let worker: JobWorker;
  let agentCookie: string;

  beforeAll(async () => {
    // No background worker: each test runs the bot's jobs itself, so nothing races it.
    t = await build({ kind, env: { BOT_ENABLED: 'true', ROLES: 'web,realtime' } });
    await seedSimulatedExchange(t.database.db.sql, new Date());
    worker = new JobWorker(t.platform.deps, jobHandlers, pino({ level: 'silent' }), defaultWorkerOptions);
    agentCookie = (await t.agent(['security'])).cookie;
  });
  afterAll(async () => {
    await t.close();
  });

  async function open(sub: string, body: string) {
    const { token } = await t.customerToken({ sub });
    const response = await t.platform.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` }, payload: { clientMsgId: `c-${Date.now()}-${Math.random()}`, body } });
    expect(response.statusCode).toBe(201);
    const id = response.json().conversation.id as string;
    expect(response.json().conversation.state).toBe('bot');
    return { id, token };
  }
  async function say(c: { id: string; token: string }, body: string, quickReply?: string) {
    const response = await t.platform.app.inject({
      method: 'POST', url: `/api/v1/conversations/${c.id}/messages`, headers: { authorization: `Bearer ${c.token}` },
      payload: { clientMsgId: `m-${Date.now()}-${Math.random()}`, body, ...(quickReply ? { quickReply } : {}) },
    });
    expect(response.statusCode).toBe(201);
  }
  async function messages(c: { id: string; token: string }): Promise<WireMessage[]> {
    const response = await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/messages`, headers: { authorization: `Bearer ${c.token}` } });
    return response.json().messages as WireMessage[];
  }
  async function conversation(c: { id: string; token: string }) {
    return (await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}`, headers: { authorization: `Bearer ${c.token}` } })).json().conversation;
  }
  async function handoff(c: { id: string }) {
    return (await t.platform.app.inject({ method: 'GET', url: `/api/v1/conversations/${c.id}/handoff`, headers: { cookie: agentCookie } })).json().handoff;
  }
  const lastBot = (all: WireMessage[]) => all.filter((m) => m.authorKind === 'bot');
  const buttons = (m: WireMessage | undefined) => m?.metadata?.buttons ?? [];

  it('finds the deposit, explains its confirmations, and hands over with the facts when the customer says it did not help', async () => {
    const c = await open('demo-001', 'my USDT deposit has not arrived');
    expect(await worker.runOnce()).toBe(1);
    const offer = lastBot(await messages(c)).at(-1);
    const deposit = buttons(offer).find((b) => b.id.startsWith('deposit:'));
    expect(deposit?.label).toMatch(/^250 USDT \(TRC20\)/);

    await say(c, deposit?.label ?? '', deposit?.id);
    await worker.runOnce();
    const explained = lastBot(await messages(c)).at(-1);
    expect(explained?.body).toContain('7 of');
    expect(buttons(explained).map((b) => b.id)).toEqual(['solved:yes', 'solved:no']);

    await say(c, 'No, I still need help', 'solved:no');
    await worker.runOnce();
    expect(await conversation(c)).toMatchObject({ state: 'queued', department: 'deposits' });
    const record = await handoff(c);
    expect(record).toMatchObject({ intent: 'deposit_not_credited', reason: 'not_solved', department: 'deposits' });
    expect(record.summary).toContain('looked up deposit 250 USDT');
    // Handed over: the bot stays quiet from now on.
    await say(c, 'hello?');
    expect(await worker.runOnce()).toBe(0);
  });

  it('offers to freeze a hacked account, freezes it, and puts it in the security queue as urgent', async () => {
    const c = await open('demo-006', 'my account was hacked, someone is withdrawing');
    await worker.runOnce();
    const offer = lastBot(await messages(c)).at(-1);
    expect(buttons(offer).map((b) => b.id)).toEqual(['freeze:yes', 'freeze:no']);

    await say(c, 'Freeze my account now', 'freeze:yes');
    await worker.runOnce();
    expect((await t.platform.deps.exchange.getAccount('demo-006'))?.frozen).toBe(true);
    expect(await conversation(c)).toMatchObject({ state: 'queued', department: 'security', priority: 'urgent' });
    const said = lastBot(await messages(c)).map((m) => m.body).join('\n');
    expect(said).toContain('Your account is frozen');
    expect(said).toContain('senior security team');
  });

  it('resolves the conversation when the customer confirms the answer solved it', async () => {
    const c = await open('demo-001', 'my deposit 0xnot-a-hash has not arrived yet');
    await worker.runOnce();
    const deposit = buttons(lastBot(await messages(c)).at(-1)).find((b) => b.id.startsWith('deposit:'));
    await say(c, deposit?.label ?? '', deposit?.id);
    await worker.runOnce();
    await say(c, 'Yes, solved', 'solved:yes');
    await worker.runOnce();
    expect(await conversation(c)).toMatchObject({ state: 'resolved' });
  });

  it('answers a question from the knowledge base for a visitor without an exchange account', async () => {
    const visitor = await t.platform.app.inject({ method: 'POST', url: '/api/v1/visitors' });
    const token = visitor.json().token as string;
    const created = await t.platform.app.inject({ method: 'POST', url: '/api/v1/conversations', headers: { authorization: `Bearer ${token}` }, payload: { clientMsgId: 'v-1', body: 'what are your trading fees?' } });
    const c = { id: created.json().conversation.id as string, token };
    await worker.runOnce();
    const answer = lastBot(await messages(c)).at(-1);
    expect(answer?.body).toContain('/help/');
    expect(buttons(answer).map((b) => b.id)).toEqual(['solved:yes', 'solved:no']);
  });

  it('tells a customer about a declared network incident until a lead resolves it', async () => {
    const lead = await t.agent(['lead']);
    const declare = (cookie: string, payload: unknown) =>
      t.platform.app.inject({ method: 'POST', url: '/api/v1/bot/incidents', headers: { cookie }, payload: payload as object });
    expect((await declare(lead.cookie, { chain: 'TRC20', message: { es: 'sin inglés' } })).statusCode).toBe(400);
    expect((await declare((await t.agent(['agent'])).cookie, { chain: 'TRC20', message: { en: 'x' } })).statusCode).toBe(403);
    const declared = await declare(lead.cookie, { chain: 'trc20', message: { en: 'TRON withdrawals are delayed by about 2 hours.' } });
    expect(declared.statusCode).toBe(201);

    const c = await open('demo-003', 'my withdrawal is still pending');
    await worker.runOnce();
    const told = lastBot(await messages(c)).map((m) => m.body).join('\n');
    expect(told).toContain('TRON withdrawals are delayed by about 2 hours.');

    const resolveUrl = `/api/v1/bot/incidents/${declared.json().id as string}/resolve`;
    expect((await t.platform.app.inject({ method: 'POST', url: resolveUrl, headers: { cookie: lead.cookie } })).statusCode).toBe(204);
    expect((await t.platform.app.inject({ method: 'POST', url: resolveUrl, headers: { cookie: lead.cookie } })).statusCode).toBe(404);
    expect(await t.platform.deps.botStore.openIncidents('en')).toEqual([]);
  });

  it('answers each customer message once, even when the customer resends it', async () => {
    const c = await open('demo-010', 'hello');
    await worker.runOnce();
    const first = await messages(c);
    expect(lastBot(first)).toHaveLength(1);
    expect(await worker.runOnce()).toBe(0);
    expect(await messages(c)).toHaveLength(first.length);
  });
});

describe('knowledge-base pages the bot links to', () => {
  let t: TestPlatform;
  beforeAll(async () => {
    t = await build();
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows an article in the language asked for, as escaped text', async () => {
    const es = await t.platform.app.inject({ method: 'GET', url: '/help/deposit-missing-memo?lang=es' });
    expect(es.statusCode).toBe(200);
    expect(es.headers['content-type']).toContain('text/html');
    expect(es.body).toContain('<html lang="es"');
    expect(es.body).not.toMatch(/<script/i);
    const ar = await t.platform.app.inject({ method: 'GET', url: '/help/deposit-missing-memo?lang=ar' });
    expect(ar.body).toContain('<html lang="ar" dir="rtl"');
    expect((await t.platform.app.inject({ method: 'GET', url: '/help/no-such-article' })).statusCode).toBe(404);
    expect((await t.platform.app.inject({ method: 'GET', url: '/help/..%2Fetc?lang=xx' })).statusCode).toBe(400);
  });

  it('keeps an edited article when the shipped content is seeded again at the next start', async () => {
    const sql = t.database.db.sql;
    await sql.query("UPDATE kb_translations SET title = 'Edited by our team' WHERE slug = 'fee-schedule' AND language = 'en'", []);
    const kb = new SqlKnowledgeBase(t.database.db, (slug) => `/help/${slug}`);
    const catalogue = await readIntentCatalogue(contentDir);
    await kb.seed(await readKbArticles(join(contentDir, 'kb'), new Map(catalogue.intents.map((i) => [i.id, i.department]))), new Date());
    expect((await kb.article('fee-schedule', 'en'))?.title).toBe('Edited by our team');
    const [{ count }] = await sql.query<{ count: string }>('SELECT count(*)::text AS count FROM kb_translations', []) as [{ count: string }];
    expect(Number(count)).toBe(48 * 14);
  });
});
