/**
 * Cluster mode for real: two `relaydesk serve` processes on one PostgreSQL database and one NATS
 * server. A customer on node A and an agent on node B talk as if on one node: every message
 * reaches the other side once, in seq order, with no gaps, and a customer whose node is killed
 * resumes on the other node with exactly what it missed. Runs when TEST_DATABASE_URL and
 * TEST_NATS_URL are both set (CI sets them).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { hash } from '@node-rs/argon2';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { signCustomerToken } from '../../src/adapters/identity/jwt-customer-tokens.ts';
import { readMigrations } from '../../src/adapters/store/migrate.ts';
import { openPostgres } from '../../src/adapters/store/postgres.ts';
import type { Database } from '../../src/adapters/store/sql-client.ts';
import { testDatabaseUrl } from '../support/databases.ts';

const testNatsUrl = process.env.TEST_NATS_URL || null;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = 'cluster-test-secret-that-is-at-least-32-characters';
const PASSWORD = 'correct horse battery staple';

interface Frame {
  type: string;
  [key: string]: unknown;
}
interface WireMessage {
  seq: number;
  clientMsgId: string;
  authorKind: 'customer' | 'agent' | 'bot' | 'system';
  conversationId: string;
}
interface Ack {
  seq: number;
  duplicate: boolean;
}

/** A port nobody listens on right now: bind port 0, read it, let it go. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One `node bin/relaydesk.mjs serve` child and the tail of what it printed. */
class Node {
  readonly output: string[] = [];
  readonly exited: Promise<string>;
  private readonly child: ChildProcess;

  constructor(readonly name: string, readonly port: number, env: Record<string, string>) {
    this.child = spawn(process.execPath, ['bin/relaydesk.mjs', 'serve'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output.push(...chunk.toString().split('\n').filter(Boolean));
      this.output.splice(0, Math.max(0, this.output.length - 200));
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve(signal ?? `exit ${code}`)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  get http(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get ws(): string {
    return `ws://127.0.0.1:${this.port}/ws`;
  }

  async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited: ${this.output.join('\n')}`);
      const ok = await fetch(`${this.http}/readyz`).then((r) => r.ok, () => false);
      if (ok) return;
      await sleep(100);
    }
    throw new Error(`${this.name} not ready after ${timeoutMs} ms: ${this.output.join('\n')}`);
  }

  /** Stop it: SIGKILL at once, or SIGTERM with a bounded wait for a graceful exit. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<string> {
    if (!this.running) return this.exited;
    this.child.kill(signal);
    if (signal === 'SIGTERM') {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  /** Last resort when the test process itself goes away. */
  killNow(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}

/** A websocket client that records every frame and can wait for one. */
class Client {
  readonly frames: Frame[] = [];
  private readonly listeners = new Set<(frame: Frame) => void>();
  closed = false;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      for (const listener of this.listeners) listener(frame);
    });
    socket.on('close', () => {
      this.closed = true;
      for (const listener of this.listeners) listener({ type: '__closed' });
    });
  }

  static async open(url: string, headers: Record<string, string> = {}): Promise<Client> {
    const socket = new WebSocket(url, { headers });
    const client = new Client(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('error', () => undefined);
    return client;
  }

  send(frame: object): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Message frames of one conversation, in arrival order. */
  messages(conversationId: string, from = 0): WireMessage[] {
    return this.frames.slice(from)
      .filter((f) => f.type === 'message')
      .map((f) => f.message as WireMessage)
      .filter((m) => m.conversationId === conversationId);
  }

  on(listener: (frame: Frame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first frame (already received or still to come) that matches. */
  waitFor(match: (frame: Frame) => boolean, label: string, timeoutMs = 10_000): Promise<Frame> {
    const seen = this.frames.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`timed out waiting for ${label}; last frames: ${JSON.stringify(this.frames.slice(-3))}`));
      }, timeoutMs);
      const off = this.on((frame) => {
        if (frame.type === '__closed') {
          clearTimeout(timer);
          off();
          reject(new Error(`socket closed while waiting for ${label}`));
        } else if (match(frame)) {
          clearTimeout(timer);
          off();
          resolve(frame);
        }
      });
    });
  }

  /** Wait until the conversation's messages up to `seq` have arrived here. */
  async waitForSeq(conversationId: string, seq: number, timeoutMs = 20_000): Promise<void> {
    const reached = () => this.messages(conversationId).some((m) => m.seq >= seq);
    if (reached()) return;
    await this.waitFor(() => reached(), `seq ${seq}`, timeoutMs);
  }

  close(): void {
    if (!this.closed) this.socket.terminate();
  }
}

/**
 * Send messages with up to `window` awaiting their ack, `delayMs` apart; acks land in `acked`.
 * The gateway allows a signed-in socket 50 frames a second (after a small burst), so senders stay
 * under 40. A `conflict` answer (the server ran out of optimistic retries) is resent with the
 * same clientMsgId, as the error tells a client to; any other error, or the socket closing,
 * rejects. Returns how many messages were resent after a conflict.
 */
async function sendAll(
  client: Client,
  conversationId: string,
  ids: string[],
  acked: Map<string, Ack>,
  options: { window: number; delayMs: number },
): Promise<number> {
  const waiting = new Map<string, { resolve: () => void; reject: (err: Error) => void }>();
  const send = (id: string) => client.send({ type: 'message', conversationId, clientMsgId: id, body: `message ${id}` });
  let failure: Error | null = null;
  let resent = 0;
  const off = client.on((frame) => {
    const ref = String(frame.ref ?? frame.clientMsgId);
    if (frame.type === 'ack' && frame.conversationId === conversationId) {
      acked.set(ref, { seq: Number(frame.seq), duplicate: frame.duplicate === true });
      waiting.get(ref)?.resolve();
      waiting.delete(ref);
    } else if (frame.type === 'error' && frame.code === 'conflict' && waiting.has(ref)) {
      resent += 1;
      setTimeout(() => send(ref), 20);
    } else if (frame.type === 'error' || frame.type === '__closed') {
      failure = new Error(frame.type === '__closed' ? 'socket closed' : `server error ${String(frame.code)} (${String(frame.ref)}): ${String(frame.message)}`);
      for (const pending of waiting.values()) pending.reject(failure);
      waiting.clear();
    }
  });
  const inFlight = new Set<Promise<void>>();
  try {
    for (const id of ids) {
      if (failure) throw failure;
      while (inFlight.size >= options.window) await Promise.race(inFlight);
      const done = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
      const tracked = done.finally(() => inFlight.delete(tracked));
      // Handled here so a failure never goes unobserved; it is rethrown through `failure`.
      tracked.catch(() => undefined);
      inFlight.add(tracked);
      send(id);
      await sleep(options.delayMs);
    }
    await Promise.all(inFlight);
    return resent;
  } finally {
    off();
  }
}

const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
const ids = (prefix: string, count: number) => range(1, count).map((i) => `${prefix}-${i}`);

describe.skipIf(!testDatabaseUrl || !testNatsUrl)('two nodes on PostgreSQL and NATS', () => {
  const nodes: Node[] = [];
  const clients: Client[] = [];
  let db: Database | null = null;
  let databaseName = '';
  let a: Node;
  let b: Node;
  let agent: { id: string; cookie: string };
  const killAll = () => nodes.forEach((node) => node.killNow());

  beforeAll(async () => {
    // A blank database: both nodes migrate it, starting at the same moment.
    databaseName = `relaydesk_cluster_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl ?? '' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(testDatabaseUrl ?? '');
    url.pathname = `/${databaseName}`;
    process.once('exit', killAll);

    const env = (port: number): Record<string, string> => ({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      TZ: 'UTC',
      NODE_ENV: 'test',
      DATABASE_URL: url.toString(),
      DATABASE_POOL_SIZE: '5',
      NATS_URL: testNatsUrl ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      CUSTOMER_TOKEN_SECRET: SECRET,
      SESSION_SECRET: SECRET,
      SEED_DEMO_DATA: 'false',
      // This test is about nodes, not the bot: no intent model to train in each child.
      BOT_ENABLED: 'false',
    });
    const [portA, portB] = [await freePort(), await freePort()];
    a = new Node('node A', portA, env(portA));
    b = new Node('node B', portB, env(portB));
    nodes.push(a, b);
    await Promise.all([a.waitReady(30_000), b.waitReady(30_000)]);

    db = await openPostgres({ url: url.toString(), poolSize: 3 });
    const email = `agent-${randomUUID()}@example.test`;
    const passwordHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const agentId = randomUUID();
    await db.sql.query(
      'INSERT INTO agents (id, email, name, roles, password_hash, active) VALUES ($1, $2, $3, $4, $5, true)',
      [agentId, email, 'Cluster Agent', ['agent'], passwordHash],
    );
    const signIn = await fetch(`${b.http}/api/v1/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    expect(cookie).toMatch(/^rd_session=/);
    agent = { id: agentId, cookie };
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all(nodes.map((node) => node.stop('SIGTERM')));
    process.off('exit', killAll);
    await db?.close();
    if (databaseName) {
      const admin = new pg.Client({ connectionString: testDatabaseUrl ?? '' });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
    }
  }, 30_000);

  async function api(node: Node, path: string, init: { token?: string; cookie?: string; body: unknown }): Promise<Record<string, unknown>> {
    const response = await fetch(`${node.http}/api/v1${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
      },
      body: JSON.stringify(init.body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }

  /** A customer opens a conversation on node A; the agent takes it on node B. */
  async function assignedConversation(): Promise<{ id: string; token: string }> {
    const token = await signCustomerToken(SECRET, { sub: `cust-${randomUUID()}`, name: 'Cluster Customer', locale: 'en' });
    const created = await api(a, '/conversations', { token, body: { clientMsgId: 'open', body: 'My ETH deposit is missing' } });
    const id = (created.conversation as { id: string }).id;
    const assigned = await api(b, `/conversations/${id}/assign`, { cookie: agent.cookie, body: { agentId: agent.id } });
    expect((assigned.conversation as { state: string }).state).toBe('assigned');
    return { id, token };
  }

  async function customerOn(node: Node, token: string): Promise<Client> {
    const client = await Client.open(node.ws);
    clients.push(client);
    client.send({ type: 'auth', token });
    await client.waitFor((f) => f.type === 'ready', 'ready');
    return client;
  }

  async function agentOn(node: Node): Promise<Client> {
    const client = await Client.open(node.ws, { cookie: agent.cookie });
    clients.push(client);
    await client.waitFor((f) => f.type === 'ready', 'ready');
    return client;
  }

  /** Subscribe with afterSeq and wait for the replay to finish; returns the replay_done frame. */
  async function subscribe(client: Client, conversationId: string, afterSeq: number): Promise<Frame> {
    const from = client.frames.length;
    client.send({ type: 'subscribe', conversationId, afterSeq });
    return client.waitFor((f) => f.type === 'replay_done' && f.conversationId === conversationId && client.frames.indexOf(f) >= from, 'replay_done');
  }

  async function storedMessages(conversationId: string): Promise<{ seq: number; client_msg_id: string }[]> {
    const rows = await db?.sql.query<{ seq: number; client_msg_id: string }>(
      'SELECT seq, client_msg_id FROM messages WHERE conversation_id = $1 ORDER BY seq',
      [conversationId],
    );
    return (rows ?? []).map((row) => ({ seq: Number(row.seq), client_msg_id: row.client_msg_id }));
  }

  it('migrated the blank database once although both nodes started together', async () => {
    const rows = await db?.sql.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(rows?.map((row) => row.version)).toEqual(readMigrations().map((m) => m.version));
  });

  it('delivers 200 messages each way between a customer on node A and an agent on node B, once and in order', async () => {
    const count = 200;
    const { id, token } = await assignedConversation();
    const customer = await customerOn(a, token);
    const agentClient = await agentOn(b);
    await subscribe(customer, id, 0);
    await subscribe(agentClient, id, 0);

    const customerIds = ids('cust', count);
    const agentIds = ids('agent', count);
    const customerAcks = new Map<string, Ack>();
    const agentAcks = new Map<string, Ack>();
    await Promise.all([
      sendAll(customer, id, customerIds, customerAcks, { window: 4, delayMs: 25 }),
      sendAll(agentClient, id, agentIds, agentAcks, { window: 4, delayMs: 25 }),
    ]);
    const last = 1 + 2 * count;
    expect([...customerAcks.values(), ...agentAcks.values()].map((ack) => ack.seq).sort((x, y) => x - y)).toEqual(range(2, last));

    await Promise.all([customer.waitForSeq(id, last), agentClient.waitForSeq(id, last)]);
    for (const receiver of [customer, agentClient]) {
      const received = receiver.messages(id);
      expect(received.map((m) => m.seq)).toEqual(range(1, last));
    }
    const byAgent = agentClient.messages(id).filter((m) => m.authorKind === 'customer').map((m) => m.clientMsgId);
    const byCustomer = customer.messages(id).filter((m) => m.authorKind === 'agent').map((m) => m.clientMsgId);
    expect(byAgent.sort()).toEqual(['open', ...customerIds].sort());
    expect(byCustomer.sort()).toEqual([...agentIds].sort());

    const stored = await storedMessages(id);
    expect(stored.map((m) => m.seq)).toEqual(range(1, last));
    expect(new Set(stored.map((m) => m.client_msg_id)).size).toBe(last);
  }, 60_000);

  it('lets a customer whose node is killed mid-stream resume on the other node with exactly what it missed', async () => {
    const count = 150;
    const { id, token } = await assignedConversation();
    const customer = await customerOn(a, token);
    const agentClient = await agentOn(b);
    await subscribe(customer, id, 0);
    await subscribe(agentClient, id, 0);

    const customerIds = ids('cust', count);
    const agentIds = ids('agent', count);
    const customerAcks = new Map<string, Ack>();
    const agentAcks = new Map<string, Ack>();
    const agentSending = sendAll(agentClient, id, agentIds, agentAcks, { window: 4, delayMs: 25 });
    agentSending.catch(() => undefined); // awaited below; observed now so an early failure is not "unhandled"
    const customerSending = sendAll(customer, id, customerIds, customerAcks, { window: 4, delayMs: 25 }).then(
      () => 'finished',
      (err: Error) => err.message,
    );

    // Mid-stream: node A dies without a word.
    await customer.waitFor(() => customer.messages(id).length >= 80, '80 messages before the kill', 20_000);
    expect(await a.stop('SIGKILL')).toBe('SIGKILL');
    expect(await customerSending).toBe('socket closed');
    const beforeKill = customer.messages(id).map((m) => m.seq);
    const lastSeen = beforeKill.length;
    expect(beforeKill).toEqual(range(1, lastSeen));

    // The agent, on node B, keeps writing while the customer is away.
    const agentAckedAtKill = agentAcks.size;
    await agentClient.waitFor(() => agentAcks.size >= Math.min(count, agentAckedAtKill + 20), 'agent messages during the outage', 20_000);

    // The customer reconnects to node B and resumes after the last seq it saw.
    const resumed = await customerOn(b, token);
    const from = resumed.frames.length;
    const replayDone = await subscribe(resumed, id, lastSeen);
    const replayEnd = Number(replayDone.lastSeq);
    const replayed = resumed.frames.slice(from, resumed.frames.indexOf(replayDone))
      .filter((f) => f.type === 'message')
      .map((f) => (f.message as WireMessage).seq);
    expect(replayed).toEqual(range(lastSeen + 1, replayEnd));
    expect(replayed.length).toBeGreaterThanOrEqual(20);

    // Then it resends what node A never acknowledged (same clientMsgId) and sends the rest.
    const unacked = customerIds.filter((cid) => !customerAcks.has(cid));
    await Promise.all([agentSending, sendAll(resumed, id, unacked, customerAcks, { window: 4, delayMs: 25 })]);
    expect(customerAcks.size).toBe(count);
    expect(agentAcks.size).toBe(count);

    const last = 1 + 2 * count;
    await Promise.all([resumed.waitForSeq(id, last), agentClient.waitForSeq(id, last)]);
    const afterResume = resumed.messages(id).map((m) => m.seq);
    expect(afterResume).toEqual(range(lastSeen + 1, last));
    expect([...beforeKill, ...afterResume]).toEqual(range(1, last));
    expect(agentClient.messages(id).map((m) => m.seq)).toEqual(range(1, last));
    const customerSeen = [...customer.messages(id), ...resumed.messages(id)].filter((m) => m.authorKind === 'agent').map((m) => m.clientMsgId);
    expect(customerSeen.sort()).toEqual([...agentIds].sort());
    const agentSeen = agentClient.messages(id).filter((m) => m.authorKind === 'customer').map((m) => m.clientMsgId);
    expect(agentSeen.sort()).toEqual(['open', ...customerIds].sort());

    const stored = await storedMessages(id);
    expect(stored.map((m) => m.seq)).toEqual(range(1, last));
    expect(new Set(stored.map((m) => m.client_msg_id)).size).toBe(last);
  }, 60_000);
});
