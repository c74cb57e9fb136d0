/** The secrets store's promises, on every database the platform runs on. */
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqlSecretsStore } from '../../src/adapters/store/sql-secrets-store.ts';
import { SqlStore } from '../../src/adapters/store/sql-store.ts';
import { afterMessage } from '../../src/core/conversations/lifecycle.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../support/databases.ts';
import { newConversation } from '../support/factories.ts';

describe.each(databaseKinds)('secrets store on %s', (kind) => {
  let test: TestDatabase;
  let store: SqlStore;
  let secrets: SqlSecretsStore;

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    store = new SqlStore(test.db);
    secrets = new SqlSecretsStore(test.db);
  });
  afterAll(async () => {
    await test.drop();
  });

  /** A conversation whose customer wrote `first` and then `second`. */
  async function twoMessages(first: string, second: string) {
    const input = newConversation({ firstMessage: { ...newConversation().firstMessage, body: first } });
    const { conversation } = await store.createConversation(input);
    const now = new Date();
    await store.appendMessage(
      { id: uuidv7(), conversationId: conversation.id, clientMsgId: 'two', authorKind: 'customer', authorId: conversation.customerId, body: second, visibility: 'public', metadata: null, now },
      conversation,
      afterMessage(conversation, 'customer', 'public'),
      { kind: 'customer', id: conversation.customerId },
    );
    return conversation;
  }

  it('rewrites the earlier part, records the exposure and its event together, once', async () => {
    const conversation = await twoMessages('abandon ability able about', '[redacted: seed phrase]');
    const input = { conversationId: conversation.id, seq: 2, kinds: ['seed_phrase' as const], earlier: [{ seq: 1, body: '[redacted: seed phrase]' }], now: new Date() };
    const first = await secrets.recordExposure(input);
    expect(first.exposure).toMatchObject({ conversationId: conversation.id, seq: 2, customerId: conversation.customerId, kinds: ['seed_phrase'], redactedSeqs: [1], review: null });
    expect(first.events.map((e) => e.payload)).toEqual([{ type: 'conversation.secret_redacted', seq: 2, kinds: ['seed_phrase'], redactedSeqs: [1] }]);
    expect((await store.listMessages(conversation.id, 0, 10, true))[0]?.body).toBe('[redacted: seed phrase]');

    const again = await secrets.recordExposure(input);
    expect(again.events).toEqual([]);
    expect(again.exposure.id).toBe(first.exposure.id);
    // The event is in the outbox exactly once.
    const outbox = await store.unpublishedEvents(new Date(Date.now() + 60_000), 1000);
    expect(outbox.filter((e) => e.conversationId === conversation.id && e.payload.type === 'conversation.secret_redacted')).toHaveLength(1);
  });

  it('lists open exposures newest first, pages by id, and keeps the first review', async () => {
    const a = await twoMessages('hello', 'my password is [redacted: password]');
    const b = await twoMessages('hi', 'key [redacted: private key]');
    const ea = (await secrets.recordExposure({ conversationId: a.id, seq: 2, kinds: ['password'], earlier: [], now: new Date() })).exposure;
    const eb = (await secrets.recordExposure({ conversationId: b.id, seq: 2, kinds: ['private_key'], earlier: [], now: new Date() })).exposure;
    const open = await secrets.listExposures({ state: 'open', limit: 100 });
    expect(open.map((e) => e.id).indexOf(eb.id)).toBeLessThan(open.map((e) => e.id).indexOf(ea.id));
    expect((await secrets.listExposures({ limit: 100, before: eb.id })).map((e) => e.id)).toContain(ea.id);
    expect((await secrets.listExposures({ limit: 100, before: eb.id })).map((e) => e.id)).not.toContain(eb.id);

    const reviewed = await secrets.reviewExposure(ea.id, 'agent-1', 'moved funds', new Date());
    expect(reviewed?.review).toMatchObject({ by: 'agent-1', note: 'moved funds' });
    const second = await secrets.reviewExposure(ea.id, 'agent-2', 'other', new Date());
    expect(second?.review).toMatchObject({ by: 'agent-1', note: 'moved funds' });
    expect((await secrets.listExposures({ state: 'open', limit: 100 })).map((e) => e.id)).not.toContain(ea.id);
    expect((await secrets.listExposures({ state: 'reviewed', limit: 100 })).map((e) => e.id)).toContain(ea.id);
    expect(await secrets.reviewExposure('123456789', 'agent-1', null, new Date())).toBeNull();
    expect(await secrets.getExposure('nope')).toBeNull();
  });

  it('refuses an exposure for an unknown conversation and changes nothing', async () => {
    await expect(secrets.recordExposure({ conversationId: uuidv7(), seq: 1, kinds: ['password'], earlier: [], now: new Date() })).rejects.toMatchObject({ code: 'not_found' });
    await expect(secrets.recordExposure({ conversationId: 'x', seq: 1, kinds: ['password'], earlier: [], now: new Date() })).rejects.toMatchObject({ code: 'not_found' });
  });
});
