/**
 * What customers and agents notice over the websocket at /ws: messages both ways in seq order,
 * acknowledged only once stored; internal notes that stay with agents; resends that never
 * duplicate; resume after a reconnect without gaps or repeats; typing and read receipts; queue
 * updates; clear error frames for bad input; slow consumers cut off; sockets closed on shutdown.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type TestPlatform } from '../../support/build.ts';
import { databaseKinds } from '../../support/databases.ts';
import { frameOf, messageFrame, TestSocket, type Frame } from '../../support/ws-client.ts';

interface Rest {
  method: 'GET' | 'POST';
  url: string;
  token?: string;
  cookie?: string;
  payload?: unknown;
}

function rest(t: TestPlatform, options: Rest) {
  return t.platform.app.inject({
    method: options.method,
    url: options.url,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    ...(options.payload !== undefined ? { payload: options.payload as object } : {}),
  });
}

async function openConversation(t: TestPlatform, token: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await rest(t, {
    method: 'POST',
    url: '/api/v1/conversations',
    token,
    payload: { clientMsgId: `open-${randomUUID()}`, body: 'My USDT deposit has not arrived', ...extra },
  });
  expect(created.statusCode).toBe(201);
  return created.json().conversation.id as string;
}

async function storedMessages(t: TestPlatform, id: string, cookie: string): Promise<{ seq: number; body: string; clientMsgId: string; visibility: string }[]> {
  const response = await rest(t, { method: 'GET', url: `/api/v1/conversations/${id}/messages?limit=500`, cookie });
  expect(response.statusCode).toBe(200);
  return response.json().messages;
}

async function customerSocket(t: TestPlatform, token: string): Promise<TestSocket> {
  const socket = await TestSocket.connect(t.url ?? '');
  await socket.request({ type: 'auth', token }, frameOf('ready'));
  return socket;
}

/** The agent takes the conversation: only the assignee replies to the customer. */
async function take(t: TestPlatform, conversationId: string, agent: { id: string; cookie: string }): Promise<void> {
  const response = await rest(t, { method: 'POST', url: `/api/v1/conversations/${conversationId}/assign`, cookie: agent.cookie, payload: { agentId: agent.id } });
  expect(response.statusCode).toBe(200);
}

async function agentSocket(t: TestPlatform, cookie: string): Promise<TestSocket> {
  const socket = await TestSocket.connect(t.url ?? '', { cookie });
  await socket.next(frameOf('ready'));
  return socket;
}

function subscribe(socket: TestSocket, conversationId: string, afterSeq?: number): Promise<Frame> {
  return socket.request(
    { type: 'subscribe', conversationId, ...(afterSeq === undefined ? {} : { afterSeq }) },
    (f) => f.type === 'subscribed' && (f.conversation as { id?: string } | undefined)?.id === conversationId,
  );
}

const seqOf = (frame: Frame) => (frame.message as { seq: number }).seq;
const bodyOf = (frame: Frame) => (frame.message as { body: string }).body;
const messagesOf = (socket: TestSocket, conversationId: string) => socket.received(messageFrame(conversationId));

describe.each(databaseKinds)('realtime gateway on %s', (kind) => {
  let t: TestPlatform;
  const sockets: TestSocket[] = [];
  const track = (socket: TestSocket) => {
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await build({ kind, listen: true });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((s) => s.close()));
    await t.close();
  });

  it('carries customer messages to the agent and replies back, in seq order, acknowledged once stored', async () => {
    const customer = await t.customerToken();
    const agent = await t.agent(['agent']);
    const id = await openConversation(t, customer.token);
    await take(t, id, agent);
    const me = track(await customerSocket(t, customer.token));
    const them = track(await agentSocket(t, agent.cookie));
    expect((await subscribe(me, id)).lastSeq).toBe(1);
    await subscribe(them, id);

    const ack = await me.request({ type: 'message', conversationId: id, clientMsgId: 'c-2', body: 'It has been two hours' }, frameOf('ack', { clientMsgId: 'c-2' }));
    expect(ack).toMatchObject({ conversationId: id, seq: 2, duplicate: false });
    // Acknowledged means committed: the message is there for anyone who asks.
    expect((await storedMessages(t, id, agent.cookie)).find((m) => m.seq === 2)).toMatchObject({ body: 'It has been two hours', clientMsgId: 'c-2' });
    expect(bodyOf(await them.next(messageFrame(id, 2)))).toBe('It has been two hours');

    // The agent answers three times without waiting: the replies keep the order they were typed in.
    const replies = ['Checking now', 'I see the transaction', 'It needs 12 confirmations'];
    const acks = replies.map((_, i) => them.next(frameOf('ack', { clientMsgId: `r-${i}` })));
    replies.forEach((body, i) => them.send({ type: 'message', conversationId: id, clientMsgId: `r-${i}`, body }));
    const ackSeqs = (await Promise.all(acks)).map((a) => a.seq as number);
    expect(ackSeqs).toEqual([3, 4, 5]);
    const seen = await me.take(messageFrame(id), 4);
    expect(seen.map(seqOf)).toEqual([2, 3, 4, 5]);
    expect(seen.slice(1).map(bodyOf)).toEqual(replies);
    const stored = await storedMessages(t, id, agent.cookie);
    expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
    for (const a of await Promise.all(acks)) {
      expect(stored.find((m) => m.seq === a.seq)?.clientMsgId).toBe(a.clientMsgId);
    }
  });

  it('shows internal notes to agents only, live and on replay', async () => {
    const customer = await t.customerToken();
    const author = await t.agent(['agent']);
    const colleague = await t.agent(['specialist']);
    const id = await openConversation(t, customer.token);
    await take(t, id, author);
    const me = track(await customerSocket(t, customer.token));
    const writer = track(await agentSocket(t, author.cookie));
    const reader = track(await agentSocket(t, colleague.cookie));
    await Promise.all([subscribe(me, id), subscribe(writer, id), subscribe(reader, id)]);

    const secret = 'Note: account flagged by compliance, do not tell the customer';
    const noteAck = await writer.request({ type: 'message', conversationId: id, clientMsgId: 'note-1', body: secret, visibility: 'internal' }, frameOf('ack'));
    expect(noteAck.seq).toBe(2);
    expect(await reader.next(messageFrame(id, 2))).toMatchObject({ message: { body: secret, visibility: 'internal' } });
    await writer.request({ type: 'message', conversationId: id, clientMsgId: 'reply-1', body: 'We are on it' }, frameOf('ack', { seq: 3 }));

    // Frames of a conversation arrive in seq order: once seq 3 is here, seq 2 would have been too.
    expect(bodyOf(await me.next(messageFrame(id, 3)))).toBe('We are on it');
    expect(JSON.stringify(me.frames)).not.toContain(secret);

    const again = track(await customerSocket(t, customer.token));
    await subscribe(again, id, 0);
    await again.next(frameOf('replay_done', { conversationId: id }));
    expect(messagesOf(again, id).map(seqOf)).toEqual([1, 3]);
    expect(JSON.stringify(again.frames)).not.toContain(secret);
    expect(await customerReadable(t, id, customer.token)).not.toContain(secret);
  });

  it('answers a resent clientMsgId with the original seq and stores it once', async () => {
    const customer = await t.customerToken();
    const agent = await t.agent();
    const id = await openConversation(t, customer.token);
    const me = track(await customerSocket(t, customer.token));
    const them = track(await agentSocket(t, agent.cookie));
    await Promise.all([subscribe(me, id), subscribe(them, id)]);

    const frame = { type: 'message', conversationId: id, clientMsgId: 'retry-1', body: 'Did you get this?' };
    const first = await me.request(frame, frameOf('ack', { clientMsgId: 'retry-1' }));
    const second = await me.request(frame, frameOf('ack', { clientMsgId: 'retry-1' }));
    expect(first).toMatchObject({ seq: 2, duplicate: false });
    expect(second).toMatchObject({ seq: 2, duplicate: true, messageId: first.messageId });

    await them.next(messageFrame(id, 2));
    await them.sync();
    expect(messagesOf(them, id)).toHaveLength(1);
    expect((await storedMessages(t, id, agent.cookie)).filter((m) => m.clientMsgId === 'retry-1')).toHaveLength(1);
  });

  it('replays exactly what a reconnecting customer missed, then carries on live', async () => {
    const customer = await t.customerToken();
    const agent = await t.agent();
    const id = await openConversation(t, customer.token);
    await take(t, id, agent);
    const post = (clientMsgId: string, body: string, visibility: 'public' | 'internal' = 'public') =>
      rest(t, { method: 'POST', url: `/api/v1/conversations/${id}/messages`, cookie: agent.cookie, payload: { clientMsgId, body, visibility } });

    const first = track(await customerSocket(t, customer.token));
    await subscribe(first, id);
    expect((await post('live-1', 'Hello, I am Ana from support')).statusCode).toBe(201);
    const lastSeen = seqOf(await first.next(messageFrame(id, 2)));
    await first.close();

    // While the customer is away: replies and a note.
    for (const [key, body, visibility] of [['away-1', 'Your deposit is confirmed'], ['away-2', 'internal: checked chain', 'internal'], ['away-3', 'It is credited now']] as const) {
      expect((await post(key, body, visibility)).statusCode).toBe(201);
    }

    const second = track(await customerSocket(t, customer.token));
    // One more reply races with the resume; it must arrive once, in its place.
    const racing = post('race-1', 'Anything else?');
    await subscribe(second, id, lastSeen);
    const done = await second.next(frameOf('replay_done', { conversationId: id }));
    expect((await racing).statusCode).toBe(201);
    expect((await post('after-1', 'Have a nice day')).statusCode).toBe(201);
    await second.next(messageFrame(id, 7));

    const seqs = messagesOf(second, id).map(seqOf);
    expect(seqs).toEqual([3, 5, 6, 7]);
    const bodies = messagesOf(second, id).map(bodyOf);
    expect(bodies).toEqual(['Your deposit is confirmed', 'It is credited now', 'Anything else?', 'Have a nice day']);
    // Everything replayed came before replay_done; everything after it is live and newer.
    const doneAt = second.frames.indexOf(done);
    const replayed = second.frames.slice(0, doneAt).filter(messageFrame(id)).map(seqOf);
    expect(replayed).toEqual(seqs.filter((s) => s <= (done.lastSeq as number)));
    expect(replayed).toEqual(expect.arrayContaining([3, 5]));
  });

  it('shows typing and read receipts to the other side, not to the sender', async () => {
    const customer = await t.customerToken();
    const agent = await t.agent();
    const id = await openConversation(t, customer.token);
    const me = track(await customerSocket(t, customer.token));
    const them = track(await agentSocket(t, agent.cookie));
    await Promise.all([subscribe(me, id), subscribe(them, id)]);

    me.send({ type: 'typing', conversationId: id, isTyping: true });
    expect(await them.next(frameOf('typing', { conversationId: id }))).toMatchObject({ isTyping: true, author: { kind: 'customer', id: customer.sub } });
    them.send({ type: 'typing', conversationId: id, isTyping: true });
    expect(await me.next(frameOf('typing', { conversationId: id }))).toMatchObject({ author: { kind: 'agent', id: agent.id } });

    me.send({ type: 'read', conversationId: id, seq: 1 });
    expect(await them.next(frameOf('read', { conversationId: id }))).toMatchObject({ seq: 1, reader: { kind: 'customer' } });
    them.send({ type: 'read', conversationId: id, seq: 1 });
    expect(await me.next(frameOf('read', { conversationId: id }))).toMatchObject({ seq: 1, reader: { kind: 'agent', id: agent.id } });

    await Promise.all([me.sync(), them.sync()]);
    expect(me.received(frameOf('typing')).map((f) => (f.author as { kind: string }).kind)).toEqual(['agent']);
    expect(me.received(frameOf('read')).map((f) => (f.reader as { kind: string }).kind)).toEqual(['agent']);
    expect(them.received(frameOf('typing')).map((f) => (f.author as { kind: string }).kind)).toEqual(['customer']);
    expect(them.received(frameOf('read')).map((f) => (f.reader as { kind: string }).kind)).toEqual(['customer']);
  });

  it('shows agents which colleagues have the conversation open, never the customer', async () => {
    const customer = await t.customerToken();
    const first = await t.agent();
    const second = await t.agent();
    const id = await openConversation(t, customer.token);
    const me = track(await customerSocket(t, customer.token));
    const one = track(await agentSocket(t, first.cookie));
    const two = track(await agentSocket(t, second.cookie));
    await subscribe(me, id);
    await subscribe(one, id);
    const joined = await subscribe(two, id);
    expect(joined.viewers).toEqual([{ agentId: first.id, name: 'Agent Smith' }]);
    expect(await one.next(frameOf('viewing', { conversationId: id }))).toMatchObject({ agentId: second.id, viewing: true });
    await two.request({ type: 'unsubscribe', conversationId: id }, frameOf('unsubscribed'));
    expect(await one.next(frameOf('viewing', { conversationId: id }))).toMatchObject({ agentId: second.id, viewing: false });
    await Promise.all([me.sync(), two.sync()]);
    expect(me.received(frameOf('viewing'))).toEqual([]);
    expect(two.received(frameOf('viewing'))).toEqual([]);
  });

  it("tells an agent watching a department's queue about new conversations there, and only there", async () => {
    const agent = await t.agent(['specialist']);
    const watcher = track(await agentSocket(t, agent.cookie));
    expect(await watcher.request({ type: 'subscribe_queue', department: 'p2p' }, frameOf('subscribed'))).toMatchObject({ queue: 'p2p' });

    const customer = await t.customerToken();
    const elsewhere = await openConversation(t, customer.token, { department: 'earn' });
    const ours = await openConversation(t, customer.token, { department: 'p2p', body: 'My P2P seller has not released the coins' });
    const news = await watcher.next((f) => f.type === 'conversation' && (f.event as { type?: string }).type === 'conversation.created');
    expect(news).toMatchObject({ conversation: { id: ours, department: 'p2p', state: 'queued' } });
    await watcher.sync();
    expect(JSON.stringify(watcher.frames)).not.toContain(elsewhere);

    // A customer cannot watch queues.
    const snoop = track(await customerSocket(t, customer.token));
    expect(await snoop.request({ type: 'subscribe_queue', department: 'p2p' }, frameOf('error'))).toMatchObject({ code: 'forbidden' });
  });

  it('answers bad frames with the right error code and stores nothing', async () => {
    const alice = await t.customerToken();
    const bob = await t.customerToken();
    const agent = await t.agent();
    const id = await openConversation(t, alice.token);
    // Each socket stays within its inbound frame budget (a burst of 20 before authenticating).
    const expectError = async (socket: TestSocket, frame: object | string | Buffer, code: string) => {
      const error = await socket.request(frame, frameOf('error'));
      expect(error.code, JSON.stringify(frame).slice(0, 80)).toBe(code);
      return error;
    };

    // Before authenticating, nothing but auth (and ping) is accepted.
    const early = track(await TestSocket.connect(t.url ?? ''));
    await expectError(early, { type: 'subscribe', conversationId: id }, 'unauthenticated');
    await expectError(early, { type: 'message', conversationId: id, clientMsgId: 'pre-auth', body: 'hi' }, 'unauthenticated');
    await expectError(early, { type: 'typing', conversationId: id, isTyping: true }, 'unauthenticated');
    await expectError(early, '{"type": "auth", "token":', 'invalid_json');
    await expectError(early, { type: 'auth', token: `${bob.token.slice(0, -2)}xx` }, 'token_invalid');
    await expectError(early, { type: 'auth', token: 'not-a-token' }, 'token_invalid');
    await expectError(early, { type: 'auth', token: bob.token, extra: 1 }, 'validation_failed');
    await early.request({ type: 'auth', token: bob.token }, frameOf('ready'));
    await expectError(early, { type: 'auth', token: bob.token }, 'validation_failed');

    // Malformed frames from a signed-in customer.
    const sloppy = track(await customerSocket(t, bob.token));
    await expectError(sloppy, 'not json at all', 'invalid_json');
    await expectError(sloppy, Buffer.from([1, 2, 3]), 'validation_failed');
    await expectError(sloppy, { type: 'subscribe', conversationId: 'not-a-uuid' }, 'validation_failed');
    await expectError(sloppy, { type: 'subscribe' }, 'validation_failed');
    await expectError(sloppy, { type: 'dance', conversationId: id }, 'validation_failed');
    await expectError(sloppy, { type: 'ping', extra: true }, 'validation_failed');
    await expectError(sloppy, [1, 2, 3], 'validation_failed');
    await expectError(sloppy, 'null', 'validation_failed');
    const tooLong = await expectError(sloppy, { type: 'message', conversationId: id, clientMsgId: 'long-1', body: 'a'.repeat(10_001) }, 'message_too_long');
    expect(tooLong.ref).toBe('long-1');
    await expectError(sloppy, { type: 'message', conversationId: id, clientMsgId: 'blank-1', body: '   ' }, 'validation_failed');
    await expectError(sloppy, { type: 'message', conversationId: id, clientMsgId: 'bad id', body: 'hi' }, 'validation_failed');
    await expectError(sloppy, { type: 'message', conversationId: id, clientMsgId: 'nul-1', body: 'hi\u0000there' }, 'validation_failed');

    // Alice's conversation looks missing to Bob, exactly like one that does not exist.
    const nosy = track(await customerSocket(t, bob.token));
    await expectError(nosy, { type: 'subscribe', conversationId: id }, 'not_found');
    await expectError(nosy, { type: 'subscribe', conversationId: randomUUID() }, 'not_found');
    await expectError(nosy, { type: 'message', conversationId: id, clientMsgId: 'bob-1', body: 'let me in' }, 'not_found');
    await expectError(nosy, { type: 'read', conversationId: id, seq: 1 }, 'not_found');
    await expectError(nosy, { type: 'typing', conversationId: id, isTyping: true }, 'validation_failed');
    await expectError(nosy, { type: 'message', conversationId: id, clientMsgId: 'note-1', body: 'sneaky', visibility: 'internal' }, 'forbidden');
    await expectError(nosy, { type: 'presence', status: 'online' }, 'forbidden');

    // The sockets still work after all that, and nothing was stored.
    await Promise.all([early.sync(), sloppy.sync(), nosy.sync()]);
    expect((await storedMessages(t, id, agent.cookie)).map((m) => m.clientMsgId)).toHaveLength(1);
    const bobs = await rest(t, { method: 'GET', url: '/api/v1/conversations', token: bob.token });
    expect(bobs.json().conversations).toHaveLength(0);
  });
});

/** The messages a customer can read over REST, as text (for "never contains" checks). */
async function customerReadable(t: TestPlatform, id: string, token: string): Promise<string> {
  const response = await rest(t, { method: 'GET', url: `/api/v1/conversations/${id}/messages`, token });
  expect(response.statusCode).toBe(200);
  return response.body;
}

describe('realtime gateway under pressure', () => {
  it('disconnects a client that stops reading instead of buffering for it without bound', async () => {
    const t = await build({ listen: true, env: { WS_MAX_BUFFERED_BYTES: '2048' } });
    try {
      const gateway = t.platform.gateway;
      if (!gateway) throw new Error('no realtime gateway');
      const customer = await t.customerToken();
      const agent = await t.agent();
      // Several conversations, so the agent's replies can be posted side by side.
      const ids = await Promise.all([1, 2, 3, 4].map(() => openConversation(t, customer.token)));
      for (const id of ids) await take(t, id, agent);
      const slow = await customerSocket(t, customer.token);
      for (const id of ids) await subscribe(slow, id);
      const connected = gateway.size;

      slow.pause();
      const body = 'x'.repeat(9_000);
      let rounds = 0;
      // Each reply is ~9 kB on the wire; the kernel's buffers fill first (a few MB), then the server's.
      while (gateway.size === connected && rounds < 1_000) {
        const replies = await Promise.all(ids.map((id) =>
          rest(t, { method: 'POST', url: `/api/v1/conversations/${id}/messages`, cookie: agent.cookie, payload: { clientMsgId: `flood-${rounds}`, body } }),
        ));
        expect(replies.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
        rounds += 1;
      }
      // The server forgot the connection (memory released) while the client was still not reading.
      expect(gateway.size).toBe(connected - 1);
      slow.resume();
      expect((await slow.waitClosed(10_000)).code).toBe(4008);
      const metrics = await t.platform.app.inject({ method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/relaydesk_websocket_disconnects_total\{reason="slow_consumer"\} 1/);
      expect(metrics.body).toMatch(/relaydesk_websocket_connections\{kind="customer"\} 0/);

      // It resumes by seq like any reconnecting client; the platform kept every message.
      const back = await customerSocket(t, customer.token);
      const [first] = ids as [string];
      await subscribe(back, first, rounds);
      expect(await back.next(frameOf('replay_done'))).toMatchObject({ conversationId: first, lastSeq: rounds + 1 });
      await back.close();
    } finally {
      await t.close();
    }
    // Filling the kernel's socket buffers takes a few thousand 9 kB replies: ~40 s on a busy 2-core machine.
  }, 150_000);

  it('closes open sockets with 1001 "going away" when the platform shuts down', async () => {
    const t = await build({ listen: true });
    const agent = await t.agent();
    const customer = await t.customerToken();
    const agentSide = await agentSocket(t, agent.cookie);
    const customerSide = await customerSocket(t, customer.token);
    const anonymous = await TestSocket.connect(t.url ?? '');
    await t.close();
    for (const socket of [agentSide, customerSide, anonymous]) {
      expect((await socket.waitClosed()).code).toBe(1001);
    }
  });
});
