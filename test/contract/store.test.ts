import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlStore } from '../../src/adapters/store/sql-store.ts';
import { SqlJobQueue } from '../../src/adapters/store/sql-job-queue.ts';
import { afterMessage, noChange, resolve } from '../../src/core/conversations/lifecycle.ts';
import type { Actor } from '../../src/core/conversations/events.ts';
import type { Conversation } from '../../src/core/conversations/types.ts';
import type { NewMessage } from '../../src/ports/store.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { createAgent, newConversation } from '../support/factories.ts';

const customerActor = (id: string): Actor => ({ kind: 'customer', id });

function reply(conversation: Conversation, body: string, overrides: Partial<NewMessage> = {}): NewMessage {
  return {
    id: uuidv7(),
    conversationId: conversation.id,
    clientMsgId: `m-${uuidv7()}`,
    authorKind: 'customer',
    authorId: conversation.customerId,
    body,
    visibility: 'public',
    now: new Date(),
    ...overrides,
    metadata: overrides.metadata ?? null,
  };
}

describe.each(databaseKinds)('store on %s', (kind) => {
  let test: TestDatabase;
  let store: SqlStore;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    store = new SqlStore(test.db);
  });
  afterAll(async () => {
    await test.drop();
  });

  it('creates a conversation with its first message at seq 1, and both events', async () => {
    const input = newConversation();
    const created = await store.createConversation(input);
    expect(created.duplicate).toBe(false);
    expect(created.message.seq).toBe(1);
    expect(created.events.map((e) => e.payload.type)).toEqual(['conversation.created', 'conversation.message_posted']);
    expect(created.events.every((e) => /^\d+$/.test(e.id))).toBe(true);
    const stored = await store.getConversation(input.id);
    expect(stored).toMatchObject({ id: input.id, state: 'queued', lastSeq: 1, version: 1 });
    expect(await store.listMessages(input.id, 0, 10, false)).toHaveLength(1);
  });

  it('treats a repeated create with the same clientMsgId as the same conversation', async () => {
    const input = newConversation();
    await store.createConversation(input);
    const again = await store.createConversation({ ...input, id: uuidv7(), firstMessage: { ...input.firstMessage, id: uuidv7() } });
    expect(again.duplicate).toBe(true);
    expect(again.conversation.id).toBe(input.id);
    expect(await store.listConversations({ customerId: input.customerId, limit: 10 })).toHaveLength(1);
  });

  it('commits the jobs of a message with it, once, however often the message is resent', async () => {
    const input = newConversation();
    const job = (key: string) => ({ kind: 'test.with_message', payload: { key }, runAt: new Date(), key });
    const created = await store.createConversation({ ...input, jobs: [job(`open-${input.id}`)] });
    const message = reply(created.conversation, 'and one more thing', { jobs: [job(`reply-${input.id}`)] });
    const decision = { patch: {}, events: [] };
    await store.appendMessage(message, created.conversation, decision, customerActor(input.customerId));
    const resent = await store.appendMessage({ ...message, id: uuidv7() }, created.conversation, decision, customerActor(input.customerId));
    expect(resent.duplicate).toBe(true);
    const rows = await test.db.sql.query<{ key: string }>("SELECT key FROM jobs WHERE kind = 'test.with_message' AND payload->>'key' LIKE $1 ORDER BY key", [`%${input.id}`]);
    expect(rows.map((r) => r.key)).toEqual([`open-${input.id}`, `reply-${input.id}`]);
  });

  it('numbers concurrent messages without gaps or repeats', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const sends = Array.from({ length: 40 }, (_, i) =>
      store.appendMessage(reply(conversation, `message ${i}`), conversation, noChange, customerActor(conversation.customerId)),
    );
    const results = await Promise.all(sends);
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 2));
    const stored = await store.listMessages(conversation.id, 0, 100, true);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
  });

  it('stores a resent clientMsgId once and answers with the original', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const message = reply(conversation, 'hello');
    const first = await store.appendMessage(message, conversation, noChange, customerActor(conversation.customerId));
    const [a, b] = await Promise.all([
      store.appendMessage({ ...message, id: uuidv7() }, conversation, noChange, customerActor(conversation.customerId)),
      store.appendMessage({ ...message, id: uuidv7() }, conversation, noChange, customerActor(conversation.customerId)),
    ]);
    expect(a?.duplicate && b?.duplicate).toBe(true);
    expect(a?.message.id).toBe(first.message.id);
    expect((await store.getConversation(conversation.id))?.lastSeq).toBe(2);
  });

  it('refuses a message decided on a stale version and changes nothing', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const agent = await createAgent(store);
    await store.applyDecision(conversation.id, 1, resolve(conversation, new Date(), null), { kind: 'agent', id: agent.id }, new Date());
    const stale = afterMessage(conversation, 'customer', 'public');
    await expect(
      store.appendMessage(reply(conversation, 'late'), conversation, stale, customerActor(conversation.customerId)),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(await store.listMessages(conversation.id, 0, 10, true)).toHaveLength(1);
  });

  it('keeps internal notes from customers', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const agent = await createAgent(store);
    await store.appendMessage(
      reply(conversation, 'note: check chain explorer', { authorKind: 'agent', authorId: agent.id, visibility: 'internal' }),
      conversation,
      noChange,
      { kind: 'agent', id: agent.id },
    );
    expect(await store.listMessages(conversation.id, 0, 10, false)).toHaveLength(1);
    expect(await store.listMessages(conversation.id, 0, 10, true)).toHaveLength(2);
  });

  it('replays from afterSeq', async () => {
    const { conversation } = await store.createConversation(newConversation());
    let current = conversation;
    for (let i = 0; i < 5; i += 1) {
      current = (await store.appendMessage(reply(current, `m${i}`), current, noChange, customerActor(current.customerId))).conversation;
    }
    const replay = await store.listMessages(conversation.id, 3, 100, false);
    expect(replay.map((m) => m.seq)).toEqual([4, 5, 6]);
  });

  it('filters and pages conversations by cursor', async () => {
    const agent = await createAgent(store);
    const customer = `pager-${uuidv7()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      const created = await store.createConversation(newConversation({ customerId: customer, language: i % 2 ? 'es' : 'en' }));
      ids.push(created.conversation.id);
    }
    const page1 = await store.listConversations({ customerId: customer, limit: 2 });
    const page2 = await store.listConversations({ customerId: customer, limit: 2, before: page1.at(-1)?.id });
    const page3 = await store.listConversations({ customerId: customer, limit: 2, before: page2.at(-1)?.id });
    expect([...page1, ...page2, ...page3].map((c) => c.id)).toEqual([...ids].reverse());
    expect(await store.listConversations({ customerId: customer, language: 'es', limit: 10 })).toHaveLength(2);
    expect(await store.listConversations({ customerId: customer, assigneeId: agent.id, limit: 10 })).toHaveLength(0);
    expect(await store.listConversations({ customerId: customer, assigneeId: null, limit: 10 })).toHaveLength(5);
  });

  it('commits a state change with its events and jobs, or not at all', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const jobs = new SqlJobQueue(test.db);
    const runAt = new Date(Date.now() - 1000);
    const decision = resolve(conversation, new Date(), 'solved');
    const result = await store.applyDecision(conversation.id, 1, decision, { kind: 'system', id: null }, new Date(), {
      jobs: [{ kind: 'test.noop', payload: { conversationId: conversation.id }, runAt, key: `close:${conversation.id}` }],
    });
    expect(result.conversation.state).toBe('resolved');
    expect(result.events.map((e) => e.payload.type)).toEqual(['conversation.status_changed']);
    await expect(
      store.applyDecision(conversation.id, 1, decision, { kind: 'system', id: null }, new Date()),
    ).rejects.toMatchObject({ code: 'conflict' });
    const claimed = await jobs.claim(10, 30_000, new Date());
    expect(claimed.filter((job) => job.payload.conversationId === conversation.id)).toHaveLength(1);
  });

  it('moves read receipts only forward', async () => {
    const { conversation } = await store.createConversation(newConversation());
    const reader = customerActor(conversation.customerId);
    expect(await store.markRead(conversation.id, reader, 1)).toBe(1);
    expect(await store.markRead(conversation.id, reader, 0)).toBe(1);
  });

  it('keeps events in the outbox until marked published', async () => {
    const { events } = await store.createConversation(newConversation());
    const later = new Date(Date.now() + 60_000);
    const pending = await store.unpublishedEvents(later, 10_000);
    expect(pending.map((e) => e.id)).toEqual(expect.arrayContaining(events.map((e) => e.id)));
    const posted = pending.find((e) => e.id === events[1]?.id);
    expect(posted?.message?.body).toBe('My USDT deposit has not arrived');
    await store.markPublished(events.map((e) => e.id));
    const after = await store.unpublishedEvents(later, 10_000);
    expect(after.map((e) => e.id)).not.toEqual(expect.arrayContaining(events.map((e) => e.id)));
  });

  it('answers null for ids that are not uuids instead of failing', async () => {
    expect(await store.getConversation('not-a-uuid')).toBeNull();
    expect(await store.getAgent("'; drop table agents; --")).toBeNull();
  });
});
