/**
 * ticket-creation: `POST /api/v1/conversations` under autocannon at each concurrency, on PGlite and
 * on PostgreSQL; on PostgreSQL, in the same run, the database's ceilings at the same concurrency
 * (raw single-row INSERT, and the platform's own statement without HTTP) for the ratios.
 */
import autocannon from 'autocannon';
import { signCustomerToken } from '../src/adapters/identity/jwt-customer-tokens.ts';
import { platformStatementLoop, rawInsertLoop, type LoopResult } from './support/postgres-baselines.ts';
import { BENCH_SECRET, startPlatform, type DatabaseKind } from './support/platform.ts';
import { MachineCpuMeter, waitForQuiet, type MachineCpu } from './support/machine.ts';
import { readMemory, RssSampler } from './support/processes.ts';
import { formatMiB, formatMs, formatNumber, ratio, renderTable, round, say } from './support/stats.ts';

export interface TicketCreationOptions {
  durationS: number;
  warmupS: number;
  concurrencies: number[];
  databases: DatabaseKind[];
  tokens: number;
  adminUrl: string;
  postgresAvailable: boolean;
  cpuProfDir?: string | undefined;
  /** Wait up to this long for other work on the machine to settle before each run. */
  quietWaitS: number;
}

export interface HttpRun {
  database: DatabaseKind;
  concurrency: number;
  durationS: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  created: number;
  serverRssPeakMiB: number;
  /** CPU during the run: server, load client, PostgreSQL, and other work on the machine. */
  cpu: MachineCpu;
}

export interface TicketCreationResult {
  benchmark: 'ticket-creation';
  runs: HttpRun[];
  serverRss: { database: DatabaseKind; idleMiB: number; peakMiB: number; vmHwmMiB: number }[];
  baselines: { rawInsert: LoopResult[]; platformStatement: LoopResult[]; preparedStatement: LoopResult[] };
  ratios: { concurrency: number; httpOverRawInsert: number | null; httpOverPlatformStatement: number | null; preparedOverUnprepared: number | null }[];
  skipped: string[];
  target: { name: string; met: boolean | null; detail: string };
}

const BODY = 'Hi, I sent 0.25 ETH to my deposit address two hours ago and it still has not arrived.';

async function httpRun(url: string, tokens: string[], concurrency: number, durationS: number, runId: string): Promise<autocannon.Result> {
  let n = 0;
  return autocannon({
    url: `${url}/api/v1/conversations`,
    connections: concurrency,
    duration: durationS,
    requests: [{
      method: 'POST',
      setupRequest: (request) => {
        n += 1;
        return {
          ...request,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[n % tokens.length] ?? ''}` },
          body: JSON.stringify({ clientMsgId: `${runId}-${n}`, body: BODY }),
        };
      },
    }],
  });
}

async function runDatabase(kind: DatabaseKind, options: TicketCreationOptions, tokens: string[], result: TicketCreationResult): Promise<void> {
  say(`\n[ticket-creation] ${kind}: preparing a scratch database and starting the server`);
  const platform = await startPlatform({ kind, adminUrl: options.adminUrl, cpuProfDir: options.cpuProfDir });
  const { server } = platform;
  try {
    const idle = readMemory(server.pid);
    let peakKiB = idle?.rssKiB ?? 0;
    for (const concurrency of options.concurrencies) {
      const runId = `${kind}-c${concurrency}-${Date.now()}`;
      if (options.warmupS > 0) await httpRun(server.httpUrl, tokens, concurrency, options.warmupS, `${runId}-warm`);
      await waitForQuiet(options.quietWaitS);
      const rss = new RssSampler(server.pid);
      const cpu = new MachineCpuMeter(server.pid);
      say(`  c=${concurrency}: ${options.durationS} s of POST /api/v1/conversations ...`);
      const r = await httpRun(server.httpUrl, tokens, concurrency, options.durationS, runId);
      const usage = cpu.stop();
      const memory = rss.stop();
      peakKiB = Math.max(peakKiB, memory.peakKiB);
      const run: HttpRun = {
        database: kind,
        concurrency,
        durationS: r.duration,
        requestsPerSecond: Math.round(r['2xx'] / r.duration),
        latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max, mean: round(r.latency.mean) },
        non2xx: r.non2xx,
        errors: r.errors,
        timeouts: r.timeouts,
        created: r['2xx'],
        serverRssPeakMiB: Math.round(memory.peakKiB / 1024),
        cpu: usage,
      };
      result.runs.push(run);
      say(`    ${formatNumber(run.requestsPerSecond)} req/s, p50 ${formatMs(run.latencyMs.p50)} ms, p99 ${formatMs(run.latencyMs.p99)} ms, non-2xx ${run.non2xx}, errors ${run.errors}, CPU: server ${usage.serverCores}, client ${usage.clientCores}, postgres ${usage.postgresCores}, other ${usage.otherCores} cores`);
    }
    const end = readMemory(server.pid);
    result.serverRss.push({
      database: kind,
      idleMiB: Math.round((idle?.rssKiB ?? 0) / 1024),
      peakMiB: Math.round(peakKiB / 1024),
      vmHwmMiB: Math.round((end?.hwmKiB ?? 0) / 1024),
    });
    await server.stop();
    if (kind === 'postgres' && platform.database.url) {
      for (const concurrency of options.concurrencies) {
        say(`  baseline c=${concurrency}: raw single-row INSERT, ${options.durationS} s ...`);
        await waitForQuiet(options.quietWaitS);
        const raw = await rawInsertLoop(platform.database.url, concurrency, options.durationS, Math.min(options.warmupS, 2));
        result.baselines.rawInsert.push(raw);
        say(`    ${formatNumber(raw.perSecond)} rows/s, p50 ${formatMs(raw.latencyMs.p50)} ms, p99 ${formatMs(raw.latencyMs.p99)} ms${errorNote(raw)}`);
        say(`  baseline c=${concurrency}: the platform's statement through a pool of 10, ${options.durationS} s ...`);
        await waitForQuiet(options.quietWaitS);
        const cte = await platformStatementLoop(platform.database.url, concurrency, options.durationS, Math.min(options.warmupS, 2));
        result.baselines.platformStatement.push(cte);
        say(`    ${formatNumber(cte.perSecond)} statements/s, p50 ${formatMs(cte.latencyMs.p50)} ms, p99 ${formatMs(cte.latencyMs.p99)} ms${errorNote(cte)}`);
        say(`  baseline c=${concurrency}: the same statement, named (prepared once per connection), ${options.durationS} s ...`);
        await waitForQuiet(options.quietWaitS);
        const prepared = await platformStatementLoop(platform.database.url, concurrency, options.durationS, Math.min(options.warmupS, 2), 10, true);
        result.baselines.preparedStatement.push(prepared);
        say(`    ${formatNumber(prepared.perSecond)} statements/s, p50 ${formatMs(prepared.latencyMs.p50)} ms, p99 ${formatMs(prepared.latencyMs.p99)} ms${errorNote(prepared)}`);
      }
    }
  } finally {
    await platform.stop();
  }
}

export async function runTicketCreation(options: TicketCreationOptions): Promise<TicketCreationResult> {
  const result: TicketCreationResult = {
    benchmark: 'ticket-creation',
    runs: [],
    serverRss: [],
    baselines: { rawInsert: [], platformStatement: [], preparedStatement: [] },
    ratios: [],
    skipped: [],
    target: { name: 'ticket creation at c=50 on PostgreSQL >= 3,000/s with p99 < 50 ms', met: null, detail: 'not measured' },
  };
  say(`[ticket-creation] signing ${options.tokens} customer tokens`);
  const tokens = await Promise.all(
    Array.from({ length: options.tokens }, (_, i) => signCustomerToken(BENCH_SECRET, { sub: `bench-customer-${i}`, name: `Customer ${i}`, locale: 'en' }, 6 * 3600)),
  );
  for (const kind of options.databases) {
    if (kind === 'postgres' && !options.postgresAvailable) {
      result.skipped.push(`postgres: not reachable at ${redact(options.adminUrl)}`);
      continue;
    }
    await runDatabase(kind, options, tokens, result);
  }
  for (const concurrency of options.concurrencies) {
    const http = result.runs.find((r) => r.database === 'postgres' && r.concurrency === concurrency);
    if (!http) continue;
    result.ratios.push({
      concurrency,
      httpOverRawInsert: ratio(http.requestsPerSecond, result.baselines.rawInsert.find((b) => b.concurrency === concurrency)?.perSecond),
      httpOverPlatformStatement: ratio(http.requestsPerSecond, result.baselines.platformStatement.find((b) => b.concurrency === concurrency)?.perSecond),
      preparedOverUnprepared: ratio(
        result.baselines.preparedStatement.find((b) => b.concurrency === concurrency)?.perSecond,
        result.baselines.platformStatement.find((b) => b.concurrency === concurrency)?.perSecond,
      ),
    });
  }
  const c50 = result.runs.find((r) => r.database === 'postgres' && r.concurrency === 50);
  if (c50) {
    const met = c50.requestsPerSecond >= 3000 && c50.latencyMs.p99 < 50 && c50.non2xx === 0;
    result.target = {
      ...result.target,
      met,
      detail: `${formatNumber(c50.requestsPerSecond)} req/s (${formatNumber((c50.requestsPerSecond / 3000) * 100)}% of 3,000), p99 ${formatMs(c50.latencyMs.p99)} ms, non-2xx ${c50.non2xx}`,
    };
  }
  printTicketCreation(result);
  return result;
}

function printTicketCreation(result: TicketCreationResult): void {
  const rows = result.runs.map((r) => [
    `HTTP POST /conversations (${r.database})`, String(r.concurrency), formatNumber(r.requestsPerSecond), formatMs(r.latencyMs.p50),
    formatMs(r.latencyMs.p99), String(r.non2xx + r.errors), r.cpu.serverCores.toFixed(2), r.cpu.otherCores.toFixed(2), formatMiB(r.serverRssPeakMiB * 1024),
  ]);
  for (const b of result.baselines.rawInsert) {
    rows.push([`raw single-row INSERT (postgres, pool ${b.poolSize})`, String(b.concurrency), formatNumber(b.perSecond), formatMs(b.latencyMs.p50), formatMs(b.latencyMs.p99), String(b.errors), '', b.cpu.otherCores.toFixed(2), '']);
  }
  for (const b of result.baselines.platformStatement) {
    rows.push([`platform statement, no HTTP (postgres, pool ${b.poolSize})`, String(b.concurrency), formatNumber(b.perSecond), formatMs(b.latencyMs.p50), formatMs(b.latencyMs.p99), String(b.errors), '', b.cpu.otherCores.toFixed(2), '']);
  }
  for (const b of result.baselines.preparedStatement) {
    rows.push([`same, named prepared statement (postgres, pool ${b.poolSize})`, String(b.concurrency), formatNumber(b.perSecond), formatMs(b.latencyMs.p50), formatMs(b.latencyMs.p99), String(b.errors), '', b.cpu.otherCores.toFixed(2), '']);
  }
  say('\nticket-creation');
  say(renderTable(['path', 'c', 'per s', 'p50 ms', 'p99 ms', 'non-2xx/err', 'srv CPU', 'other CPU', 'srv RSS'], rows));
  if (result.ratios.length) {
    say('');
    say(renderTable(['ratio (postgres)', 'c', 'HTTP / raw INSERT', 'HTTP / platform statement', 'prepared / unprepared'], result.ratios.map((r) => [
      'throughput', String(r.concurrency), r.httpOverRawInsert?.toFixed(2) ?? '–', r.httpOverPlatformStatement?.toFixed(2) ?? '–', r.preparedOverUnprepared?.toFixed(2) ?? '–',
    ])));
  }
  for (const m of result.serverRss) say(`server RSS (${m.database}): ${m.idleMiB} MiB after start, ${m.peakMiB} MiB peak under load (VmHWM ${m.vmHwmMiB} MiB)`);
  for (const s of result.skipped) say(`skipped: ${s}`);
}

function errorNote(loop: LoopResult): string {
  return loop.errors ? `, ${loop.errors} errors (first: ${loop.firstError ?? '?'})` : '';
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
}
