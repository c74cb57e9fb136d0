/**
 * chat: N customers on websockets, each in its own conversation, with agent sockets subscribed to
 * the conversations; every customer sends at a fixed modest rate and each message is timed from
 * send to arrival at the agent. Per N: an idle phase (everything connected and subscribed, no
 * traffic) and a traffic phase, on the platform (PGlite and/or PostgreSQL) and, in the same run,
 * on a bare ws relay without persistence (bench/bare-relay.ts) measured by the same client.
 */
import { randomUUID } from 'node:crypto';
import { signCustomerToken } from '../src/adapters/identity/jwt-customer-tokens.ts';
import { ChatLoad, inBatches, type TrafficFigures } from './support/chat-client.ts';
import { BENCH_SECRET, startPlatform, type DatabaseKind } from './support/platform.ts';
import { MachineCpuMeter, waitForQuiet, type MachineCpu } from './support/machine.ts';
import { freePort, readMemory, RssSampler, startServer, type ServerProcess } from './support/processes.ts';
import { formatMs, formatNumber, ratio, renderTable, say, sleep } from './support/stats.ts';

export interface ChatOptions {
  sizes: number[];
  durationS: number;
  /** Messages per second per customer. */
  ratePerSecond: number;
  idleS: number;
  perAgentSocket: number;
  databases: DatabaseKind[];
  bare: boolean;
  adminUrl: string;
  postgresAvailable: boolean;
  natsUrl?: string | undefined;
  cpuProfDir?: string | undefined;
  quietWaitS: number;
  createConcurrency: number;
  connectConcurrency: number;
}

export type ChatTargetKind = 'platform' | 'bare-relay';

export interface ChatRun {
  target: ChatTargetKind;
  database: DatabaseKind | null;
  bus: 'memory' | 'nats' | null;
  conversations: number;
  agentSockets: number;
  customerSockets: number;
  setup: { createConversationsS: number | null; createPerSecond: number | null; connectS: number };
  idle: { seconds: number; serverRssMiB: number; clientRssMiB: number };
  traffic: TrafficFigures;
  server: { rssPeakMiB: number; vmHwmMiB: number };
  /** CPU during the traffic phase: server, load client, PostgreSQL, other work on the machine. */
  cpu: MachineCpu;
  unexpectedCloses: Record<string, number>;
}

export interface Verdict {
  name: string;
  met: boolean | null;
  detail: string;
}

export interface ChatResult {
  benchmark: 'chat';
  settings: { ratePerCustomerPerSecond: number; durationS: number; idleS: number; agentSockets: string; sizes: number[] };
  runs: ChatRun[];
  ratios: { conversations: number; database: DatabaseKind; p99OverBare: number | null; p50OverBare: number | null; rssPeakOverBare: number | null; idleRssOverBare: number | null }[];
  skipped: string[];
  targets: Verdict[];
}

const OPENING = 'Hello, I need help with a withdrawal';

async function createConversations(httpUrl: string, tokens: string[], concurrency: number): Promise<string[]> {
  const ids: string[] = new Array(tokens.length);
  await inBatches(tokens, concurrency, async (token, i) => {
    const response = await fetch(`${httpUrl}/api/v1/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ clientMsgId: `open-${i}`, body: `${OPENING} (${i})` }),
    });
    const reply = (await response.json()) as { conversation?: { id: string } };
    if (response.status !== 201 || !reply.conversation) throw new Error(`create conversation: HTTP ${response.status} ${JSON.stringify(reply)}`);
    ids[i] = reply.conversation.id;
  });
  return ids;
}

async function startBareRelay(): Promise<ServerProcess> {
  const port = await freePort();
  return startServer({ label: 'bare relay', args: ['--import', 'tsx', 'bench/bare-relay.ts'], env: { PORT: String(port) }, port });
}

interface Subject {
  server: ServerProcess;
  conversationIds: string[];
  agentCookies: string[];
  setup: { createConversationsS: number | null; createPerSecond: number | null };
  stop(): Promise<void>;
}

async function startSubject(target: ChatTargetKind, database: DatabaseKind | null, n: number, tokens: string[], options: ChatOptions): Promise<Subject> {
  const agentSockets = Math.ceil(n / options.perAgentSocket);
  if (target === 'bare-relay') {
    const server = await startBareRelay();
    return {
      server,
      conversationIds: Array.from({ length: n }, () => randomUUID()),
      agentCookies: Array.from({ length: agentSockets }, (_, i) => `rd_session=bare-${i}`),
      setup: { createConversationsS: null, createPerSecond: null },
      stop: () => server.stop(),
    };
  }
  const platform = await startPlatform({
    kind: database ?? 'pglite',
    adminUrl: options.adminUrl,
    agents: agentSockets,
    natsUrl: options.natsUrl,
    cpuProfDir: options.cpuProfDir,
    // The traffic is the point here: a slow-consumer cut would show up as lost messages.
    extraEnv: { WS_MAX_BUFFERED_BYTES: String(8 * 1024 * 1024) },
  });
  try {
    const started = performance.now();
    const conversationIds = await createConversations(platform.server.httpUrl, tokens.slice(0, n), options.createConcurrency);
    const seconds = (performance.now() - started) / 1000;
    return {
      server: platform.server,
      conversationIds,
      agentCookies: platform.agentCookies,
      setup: { createConversationsS: Math.round(seconds * 10) / 10, createPerSecond: Math.round(n / seconds) },
      stop: () => platform.stop(),
    };
  } catch (err) {
    await platform.stop();
    throw err;
  }
}

async function runOne(target: ChatTargetKind, database: DatabaseKind | null, n: number, tokens: string[], options: ChatOptions): Promise<ChatRun> {
  const name = target === 'platform' ? `platform (${database})` : 'bare relay';
  say(`\n[chat] ${name}, ${formatNumber(n)} conversations: starting`);
  const subject = await startSubject(target, database, n, tokens, options);
  const load = new ChatLoad(
    { wsUrl: subject.server.wsUrl, conversationIds: subject.conversationIds, customerTokens: tokens, agentCookies: subject.agentCookies },
    options.perAgentSocket,
  );
  try {
    if (subject.setup.createConversationsS !== null) {
      say(`  created ${formatNumber(n)} conversations over REST in ${subject.setup.createConversationsS} s (${formatNumber(subject.setup.createPerSecond)}/s)`);
    }
    const connectStarted = performance.now();
    await load.connectAgents();
    await load.connectCustomers(options.connectConcurrency);
    const connectS = Math.round((performance.now() - connectStarted) / 100) / 10;
    say(`  connected ${load.agentSocketCount} agent sockets (${options.perAgentSocket} conversations each) and ${formatNumber(load.customerSocketCount)} customer sockets in ${connectS} s`);
    await sleep(options.idleS * 1000);
    const idleRss = readMemory(subject.server.pid)?.rssKiB ?? 0;
    const clientIdleRss = process.memoryUsage().rss;
    say(`  idle ${options.idleS} s: server RSS ${Math.round(idleRss / 1024)} MiB, load client RSS ${Math.round(clientIdleRss / 1048576)} MiB`);
    say(`  traffic: ${options.ratePerSecond} msg/s per customer (${formatNumber(n * options.ratePerSecond)} msg/s offered) for ${options.durationS} s ...`);
    await waitForQuiet(options.quietWaitS);
    const rss = new RssSampler(subject.server.pid);
    const cpu = new MachineCpuMeter(subject.server.pid);
    const traffic = await load.traffic(options.ratePerSecond, options.durationS);
    const usage = cpu.stop();
    const memory = rss.stop();
    const hwm = readMemory(subject.server.pid)?.hwmKiB ?? 0;
    const run: ChatRun = {
      target,
      database,
      bus: target === 'platform' ? (options.natsUrl && database === 'postgres' ? 'nats' : 'memory') : null,
      conversations: n,
      agentSockets: load.agentSocketCount,
      customerSockets: load.customerSocketCount,
      setup: { ...subject.setup, connectS },
      idle: { seconds: options.idleS, serverRssMiB: Math.round(idleRss / 1024), clientRssMiB: Math.round(clientIdleRss / 1048576) },
      traffic,
      server: { rssPeakMiB: Math.round(Math.max(memory.peakKiB, idleRss) / 1024), vmHwmMiB: Math.round(hwm / 1024) },
      cpu: usage,
      unexpectedCloses: { ...load.unexpectedCloses },
    };
    say(`    delivered ${formatNumber(traffic.delivered)}/${formatNumber(traffic.sent)} (${formatNumber(traffic.deliveredPerSecond)} msg/s), p50 ${formatMs(traffic.latencyMs.p50)} ms, p99 ${formatMs(traffic.latencyMs.p99)} ms, lost ${traffic.lost}, duplicates ${traffic.duplicates}, unacked ${traffic.unacked}, drained in ${traffic.drainS} s`);
    say(`    CPU cores: server ${usage.serverCores}, client ${usage.clientCores}, postgres ${usage.postgresCores}, other ${usage.otherCores}; server RSS peak ${run.server.rssPeakMiB} MiB; client loop delay p99 ${traffic.clientLoopDelayP99Ms} ms, RSS ${traffic.clientRssMiB} MiB`);
    if (Object.keys(traffic.errorFrames).length) say(`    error frames: ${JSON.stringify(traffic.errorFrames)}`);
    if (Object.keys(run.unexpectedCloses).length) say(`    unexpected closes: ${JSON.stringify(run.unexpectedCloses)}`);
    return run;
  } finally {
    await load.close();
    await subject.stop();
  }
}

export async function runChat(options: ChatOptions): Promise<ChatResult> {
  const result: ChatResult = {
    benchmark: 'chat',
    settings: {
      ratePerCustomerPerSecond: options.ratePerSecond,
      durationS: options.durationS,
      idleS: options.idleS,
      agentSockets: `1 agent socket per ${options.perAgentSocket} conversations (each socket its own signed-in agent)`,
      sizes: options.sizes,
    },
    runs: [],
    ratios: [],
    skipped: [],
    targets: [],
  };
  const maxN = Math.max(...options.sizes);
  say(`[chat] signing ${formatNumber(maxN)} customer tokens`);
  const tokens = await Promise.all(
    Array.from({ length: maxN }, (_, i) => signCustomerToken(BENCH_SECRET, { sub: `bench-chat-${i}`, name: `Customer ${i}`, locale: 'en' }, 6 * 3600)),
  );
  const databases = options.databases.filter((kind) => {
    if (kind === 'postgres' && !options.postgresAvailable) {
      result.skipped.push('postgres: not reachable');
      return false;
    }
    return true;
  });
  for (const n of options.sizes) {
    for (const database of databases) result.runs.push(await runOne('platform', database, n, tokens, options));
    if (options.bare) result.runs.push(await runOne('bare-relay', null, n, tokens, options));
  }
  for (const run of result.runs) {
    if (run.target !== 'platform' || !run.database) continue;
    const bare = result.runs.find((r) => r.target === 'bare-relay' && r.conversations === run.conversations);
    if (!bare) continue;
    result.ratios.push({
      conversations: run.conversations,
      database: run.database,
      p50OverBare: ratio(run.traffic.latencyMs.p50, bare.traffic.latencyMs.p50),
      p99OverBare: ratio(run.traffic.latencyMs.p99, bare.traffic.latencyMs.p99),
      rssPeakOverBare: ratio(run.server.rssPeakMiB, bare.server.rssPeakMiB),
      idleRssOverBare: ratio(run.idle.serverRssMiB, bare.idle.serverRssMiB),
    });
  }
  result.targets = chatVerdicts(result.runs);
  printChat(result);
  return result;
}

function chatVerdicts(runs: ChatRun[]): Verdict[] {
  const platform = runs.filter((r) => r.target === 'platform');
  const verdicts: Verdict[] = [];
  for (const run of platform.filter((r) => r.conversations === 1000)) {
    const p99 = run.traffic.latencyMs.p99;
    verdicts.push({
      name: `chat p99 < 50 ms at 1,000 conversations (${run.database})`,
      met: p99 < 50 && run.traffic.lost === 0 && run.traffic.duplicates === 0,
      detail: `p99 ${formatMs(p99)} ms at ${formatNumber(run.traffic.deliveredPerSecond)} msg/s, lost ${run.traffic.lost}, duplicates ${run.traffic.duplicates}`,
    });
  }
  for (const run of platform.filter((r) => r.conversations === 5000)) {
    verdicts.push({
      name: `5,000 idle websocket conversations < 1 GiB server RSS (${run.database})`,
      met: run.idle.serverRssMiB < 1024,
      detail: `${run.idle.serverRssMiB} MiB idle (${run.customerSockets + run.agentSockets} sockets); ${run.server.rssPeakMiB} MiB peak under traffic`,
    });
  }
  const lost = platform.reduce((sum, r) => sum + r.traffic.lost, 0);
  const duplicates = platform.reduce((sum, r) => sum + r.traffic.duplicates, 0);
  if (platform.length) {
    verdicts.push({ name: 'chat: no lost and no duplicate messages (every size)', met: lost === 0 && duplicates === 0, detail: `lost ${lost}, duplicates ${duplicates}` });
  }
  return verdicts;
}

function printChat(result: ChatResult): void {
  say(`\nchat (${result.settings.ratePerCustomerPerSecond} msg/s per customer for ${result.settings.durationS} s; ${result.settings.agentSockets})`);
  say(renderTable(
    ['target', 'N', 'sockets', 'msg/s', 'p50 ms', 'p99 ms', 'max ms', 'ack p99', 'lost', 'dup', 'srv CPU', 'other CPU', 'idle RSS', 'peak RSS', 'client'],
    result.runs.map((r) => [
      r.target === 'platform' ? `platform (${r.database}${r.bus === 'nats' ? ', nats' : ''})` : 'bare ws relay',
      formatNumber(r.conversations),
      formatNumber(r.customerSockets + r.agentSockets),
      formatNumber(r.traffic.deliveredPerSecond),
      formatMs(r.traffic.latencyMs.p50),
      formatMs(r.traffic.latencyMs.p99),
      formatMs(r.traffic.latencyMs.max),
      formatMs(r.traffic.ackLatencyMs.p99),
      String(r.traffic.lost),
      String(r.traffic.duplicates),
      r.cpu.serverCores.toFixed(2),
      r.cpu.otherCores.toFixed(2),
      `${r.idle.serverRssMiB} MiB`,
      `${r.server.rssPeakMiB} MiB`,
      `${r.traffic.clientRssMiB} MiB`,
    ]),
  ));
  if (result.ratios.length) {
    say('');
    say(renderTable(['platform / bare relay', 'N', 'p50', 'p99', 'idle RSS', 'peak RSS'], result.ratios.map((r) => [
      r.database, formatNumber(r.conversations), `${r.p50OverBare ?? '–'}x`, `${r.p99OverBare ?? '–'}x`, `${r.idleRssOverBare ?? '–'}x`, `${r.rssPeakOverBare ?? '–'}x`,
    ])));
  }
  for (const s of result.skipped) say(`skipped: ${s}`);
}
