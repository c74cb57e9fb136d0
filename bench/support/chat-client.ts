/**
 * The bounded websocket load client of the chat benchmark. It speaks the platform's /ws protocol
 * (src/contracts/realtime.ts), which the bare relay imitates, so both are measured by the same code:
 *
 * - agent sockets connect with their session cookie and subscribe to `perAgentSocket`
 *   conversations each; customer sockets send `auth`, then subscribe to their own conversation;
 * - during the traffic phase every customer sends a message every 1/rate seconds (open loop:
 *   it does not wait for the previous ack), starting at a random offset so load is smooth;
 * - a message's latency is from just before `ws.send` to its arrival at the agent socket that
 *   follows the conversation (the platform broadcasts only after commit). Lost = acknowledged but
 *   not delivered to the agent by the end of the drain (at most 60 s after the last send);
 *   duplicate = delivered to the agent twice.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import WebSocket from 'ws';
import { sleep, summarise, type LatencySummary } from './stats.ts';

export interface ChatTarget {
  wsUrl: string;
  /** One conversation per customer. */
  conversationIds: string[];
  /** The `auth` frame's token per customer. */
  customerTokens: string[];
  /** `Cookie` header per agent socket. */
  agentCookies: string[];
}

export interface TrafficFigures {
  durationS: number;
  /** How long after the last send until everything was acknowledged and delivered (or the drain timed out). */
  drainS: number;
  offeredPerSecond: number;
  sent: number;
  acked: number;
  delivered: number;
  deliveredPerSecond: number;
  lost: number;
  duplicates: number;
  outOfOrder: number;
  unacked: number;
  notSent: number;
  errorFrames: Record<string, number>;
  latencyMs: LatencySummary;
  ackLatencyMs: LatencySummary;
  /** p99 of the load client's own event-loop delay: high values mean the client, not the server, adds latency. */
  clientLoopDelayP99Ms: number;
  clientCpuCores: number;
  clientRssMiB: number;
}

interface Customer {
  index: number;
  ws: WebSocket;
  conversationId: string;
  sentCount: number;
}

interface AgentSocket {
  ws: WebSocket;
  conversationIds: string[];
}

const SUBSCRIBE_CHUNK = 15;
const BODY = 'My withdrawal of 120 USDT on TRC20 is still processing, can you check it please? ref';

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false, handshakeTimeout: 30_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

type Frame = { type: string; [key: string]: unknown };

/** Resolve with the first frame that matches; reject on an `error` frame, a close, or a timeout. */
function expectFrames(ws: WebSocket, count: number, match: (frame: Frame) => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    const done = (err?: Error) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      ws.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (frame.type === 'error') return done(new Error(`error frame: ${JSON.stringify(frame)}`));
      if (match(frame) && (seen += 1) >= count) done();
    };
    const onClose = (code: number) => done(new Error(`socket closed (${code}) during setup`));
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${count} frame(s)`)), timeoutMs);
    ws.on('message', onMessage);
    ws.on('close', onClose);
  });
}

/** Run `work` over `items` with at most `limit` in flight. */
export async function inBatches<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

export class ChatLoad {
  private customers: Customer[] = [];
  private agents: AgentSocket[] = [];
  private readonly sentAt = new Map<string, number>();
  private readonly ackedAt = new Map<string, number>();
  private readonly deliveredIds = new Set<string>();
  private readonly lastSeqAtAgent = new Map<string, number>();
  private latencies: number[] = [];
  private ackLatencies: number[] = [];
  private duplicates = 0;
  private outOfOrder = 0;
  private notSent = 0;
  private customerErrors = 0;
  private errorFrames: Record<string, number> = {};
  /** Closes of sockets the benchmark did not ask for, by close code. */
  readonly unexpectedCloses: Record<string, number> = {};
  private closing = false;

  constructor(private readonly target: ChatTarget, private readonly perAgentSocket: number) {}

  get agentSocketCount(): number {
    return this.agents.length;
  }

  get customerSocketCount(): number {
    return this.customers.length;
  }

  private watchClose(ws: WebSocket): void {
    ws.on('close', (code) => {
      if (!this.closing) this.unexpectedCloses[String(code)] = (this.unexpectedCloses[String(code)] ?? 0) + 1;
    });
    ws.on('error', () => undefined);
  }

  /** Agent sockets, each subscribed to its slice of the conversations. */
  async connectAgents(concurrency = 20): Promise<void> {
    const ids = this.target.conversationIds;
    const slices: string[][] = [];
    for (let i = 0; i < ids.length; i += this.perAgentSocket) slices.push(ids.slice(i, i + this.perAgentSocket));
    if (this.target.agentCookies.length < slices.length) throw new Error(`need ${slices.length} agent sessions, have ${this.target.agentCookies.length}`);
    const agents: AgentSocket[] = new Array(slices.length);
    await inBatches(slices, concurrency, async (slice, i) => {
      // An agent is ready as soon as the upgrade is accepted: listen before the socket opens,
      // since the frame may arrive in the same packet as the handshake.
      const ws = new WebSocket(this.target.wsUrl, { headers: { cookie: this.target.agentCookies[i] ?? '' }, perMessageDeflate: false, handshakeTimeout: 30_000 });
      await expectFrames(ws, 1, (f) => f.type === 'ready');
      // The gateway's inbound budget starts a socket at the visitor burst (20 frames), refilled
      // at 50/s once signed in: subscribe in paced chunks so no frame is refused.
      for (let i = 0; i < slice.length; i += SUBSCRIBE_CHUNK) {
        const chunk = slice.slice(i, i + SUBSCRIBE_CHUNK);
        const subscribed = expectFrames(ws, chunk.length, (f) => f.type === 'subscribed');
        for (const conversationId of chunk) ws.send(JSON.stringify({ type: 'subscribe', conversationId }));
        await subscribed;
        if (i + SUBSCRIBE_CHUNK < slice.length) await sleep(400);
      }
      ws.on('message', (data) => this.onAgentFrame(data));
      this.watchClose(ws);
      agents[i] = { ws, conversationIds: slice };
    });
    this.agents = agents;
  }

  /** Customer sockets: auth, then subscribe to their own conversation. */
  async connectCustomers(concurrency = 100): Promise<void> {
    const customers: Customer[] = new Array(this.target.conversationIds.length);
    await inBatches(this.target.conversationIds, concurrency, async (conversationId, index) => {
      const ws = await open(this.target.wsUrl);
      const ready = expectFrames(ws, 1, (f) => f.type === 'ready');
      ws.send(JSON.stringify({ type: 'auth', token: this.target.customerTokens[index] ?? '' }));
      await ready;
      const subscribed = expectFrames(ws, 1, (f) => f.type === 'subscribed');
      ws.send(JSON.stringify({ type: 'subscribe', conversationId }));
      await subscribed;
      ws.on('message', (data) => this.onCustomerFrame(data));
      this.watchClose(ws);
      customers[index] = { index, ws, conversationId, sentCount: 0 };
    });
    this.customers = customers;
  }

  private onAgentFrame(data: WebSocket.RawData): void {
    const now = performance.now();
    const frame = JSON.parse(data.toString()) as Frame;
    if (frame.type === 'error') {
      const code = String(frame.code);
      this.errorFrames[`agent:${code}`] = (this.errorFrames[`agent:${code}`] ?? 0) + 1;
      return;
    }
    if (frame.type !== 'message') return;
    const message = frame.message as { clientMsgId: string; conversationId: string; seq: number };
    const sentAt = this.sentAt.get(message.clientMsgId);
    if (sentAt === undefined) return;
    if (this.deliveredIds.has(message.clientMsgId)) {
      this.duplicates += 1;
      return;
    }
    this.deliveredIds.add(message.clientMsgId);
    this.latencies.push(now - sentAt);
    const last = this.lastSeqAtAgent.get(message.conversationId) ?? 0;
    if (message.seq <= last) this.outOfOrder += 1;
    this.lastSeqAtAgent.set(message.conversationId, Math.max(last, message.seq));
  }

  private onCustomerFrame(data: WebSocket.RawData): void {
    const now = performance.now();
    const frame = JSON.parse(data.toString()) as Frame;
    if (frame.type === 'ack') {
      const id = String(frame.clientMsgId);
      const sentAt = this.sentAt.get(id);
      if (sentAt !== undefined && !this.ackedAt.has(id)) {
        this.ackedAt.set(id, now);
        this.ackLatencies.push(now - sentAt);
      }
    } else if (frame.type === 'error') {
      this.customerErrors += 1;
      const code = String(frame.code);
      this.errorFrames[code] = (this.errorFrames[code] ?? 0) + 1;
    }
  }

  private send(customer: Customer, runId: string): void {
    if (customer.ws.readyState !== WebSocket.OPEN) {
      this.notSent += 1;
      return;
    }
    customer.sentCount += 1;
    const clientMsgId = `${runId}-${customer.index}-${customer.sentCount}`;
    this.sentAt.set(clientMsgId, performance.now());
    customer.ws.send(JSON.stringify({ type: 'message', conversationId: customer.conversationId, clientMsgId, body: `${BODY} ${clientMsgId}` }));
  }

  /** Every customer sends `ratePerSecond` messages per second for `durationS`, then wait for deliveries. */
  async traffic(ratePerSecond: number, durationS: number, drainTimeoutMs = 60_000): Promise<TrafficFigures> {
    const runId = `t${Date.now().toString(36)}`;
    const intervalMs = 1000 / ratePerSecond;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const cpuStart = process.cpuUsage();
    const started = performance.now();
    const end = started + durationS * 1000;
    const timers: NodeJS.Timeout[] = [];
    for (const customer of this.customers) {
      const offset = Math.random() * intervalMs;
      timers.push(setTimeout(() => {
        if (performance.now() >= end) return;
        this.send(customer, runId);
        const every = setInterval(() => {
          if (performance.now() >= end) return clearInterval(every);
          this.send(customer, runId);
        }, intervalMs);
        timers.push(every);
      }, offset));
    }
    await sleep(durationS * 1000);
    for (const timer of timers) clearTimeout(timer);
    const sendingS = (performance.now() - started) / 1000;
    let peakClientRss = process.memoryUsage().rss;
    // Drain: wait until every sent message is acknowledged and delivered, or the timeout.
    const drainEnd = performance.now() + drainTimeoutMs;
    const settled = () => this.deliveredIds.size >= this.ackedAt.size && this.ackedAt.size + this.customerErrors >= this.sentAt.size;
    while (performance.now() < drainEnd && !settled()) {
      await sleep(100);
      peakClientRss = Math.max(peakClientRss, process.memoryUsage().rss);
    }
    const drainS = Math.round((performance.now() - started) / 100) / 10 - Math.round(sendingS * 10) / 10;
    loop.disable();
    const cpu = process.cpuUsage(cpuStart);
    const elapsedMs = performance.now() - started;
    const sent = this.sentAt.size;
    let lost = 0;
    for (const id of this.ackedAt.keys()) if (!this.deliveredIds.has(id)) lost += 1;
    return {
      durationS: Math.round(sendingS * 10) / 10,
      drainS: Math.round(drainS * 10) / 10,
      offeredPerSecond: Math.round(this.customers.length * ratePerSecond),
      sent,
      acked: this.ackedAt.size,
      delivered: this.deliveredIds.size,
      deliveredPerSecond: Math.round(this.deliveredIds.size / sendingS),
      lost,
      duplicates: this.duplicates,
      outOfOrder: this.outOfOrder,
      unacked: sent - this.ackedAt.size,
      notSent: this.notSent,
      errorFrames: this.errorFrames,
      latencyMs: summarise(this.latencies),
      ackLatencyMs: summarise(this.ackLatencies),
      // The histogram includes the 1 ms sampling interval itself.
      clientLoopDelayP99Ms: Math.max(0, Math.round(loop.percentile(99) / 1e4 - 100) / 100),
      clientCpuCores: Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs) * 100) / 100,
      clientRssMiB: Math.round(peakClientRss / 1024 / 1024),
    };
  }

  /** Close every socket and wait (bounded) until they are gone. */
  async close(): Promise<void> {
    this.closing = true;
    const sockets = [...this.customers.map((c) => c.ws), ...this.agents.map((a) => a.ws)];
    const closed = sockets.map((ws) => new Promise<void>((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      ws.once('close', () => resolve());
      ws.terminate();
    }));
    await Promise.race([Promise.all(closed), sleep(5_000)]);
    this.customers = [];
    this.agents = [];
  }
}
