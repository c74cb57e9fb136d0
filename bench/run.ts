/**
 * `npm run bench`: the load benchmarks. Each starts the server(s) it needs as child processes on
 * loopback ports, bounded in time and count, and prints a table and the target verdicts to stderr.
 *
 *   npm run bench                                   # everything (several minutes)
 *   npm run -s bench -- --only chat --json          # one benchmark, one JSON object on stdout
 *   npm run bench -- --only chat --sizes 100 --duration 5 --idle 2   # a quick run
 */
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { Command, InvalidArgumentError, Option } from 'commander';
import { runChat, type ChatResult, type Verdict } from './chat.ts';
import { summariseProfiles } from './profile-summary.ts';
import { runRouting, type RoutingResult } from './routing.ts';
import { postgresVersion, type DatabaseKind } from './support/platform.ts';
import { runCleanups } from './support/processes.ts';
import { say } from './support/stats.ts';
import { redact, runTicketCreation, type TicketCreationResult } from './ticket-creation.ts';

const benchmarks = ['ticket-creation', 'chat', 'routing'] as const;
type BenchmarkName = (typeof benchmarks)[number];

interface CliOptions {
  only?: BenchmarkName;
  json?: boolean;
  duration?: number;
  warmup: number;
  concurrency: number[];
  ticketDb: DbChoice;
  sizes: number[];
  db: DbChoice;
  rate: number;
  idle: number;
  perAgentSocket: number;
  bare: boolean;
  bot?: boolean;
  tokens: number;
  pgUrl: string;
  natsUrl?: string;
  cpuProf?: string;
  quietWait: number;
}

type DbChoice = 'pglite' | 'postgres' | 'both';

const positive = (value: string): number => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('a positive number');
  return n;
};
const integers = (value: string): number[] => {
  const list = value.split(',').map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new InvalidArgumentError('comma-separated positive integers');
  return list;
};
const databasesOf = (choice: DbChoice): DatabaseKind[] => (choice === 'both' ? ['pglite', 'postgres'] : [choice]);

const program = new Command('bench')
  .description('relaydesk load benchmarks (loopback only; servers run as child processes)')
  .addOption(new Option('--only <name>', 'run one benchmark').choices(benchmarks))
  .option('--json', 'print one JSON object of the figures on stdout (everything else goes to stderr)')
  .option('--duration <seconds>', 'measured seconds per run (default: ticket-creation 20, chat 30)', positive)
  .option('--warmup <seconds>', 'ticket-creation: unmeasured warm-up before each run', positive, 3)
  .option('--concurrency <list>', 'ticket-creation: autocannon connections', integers, [10, 50])
  .addOption(new Option('--ticket-db <db>', 'ticket-creation: database').choices(['pglite', 'postgres', 'both']).default('both'))
  .option('--sizes <list>', 'chat: concurrent conversations (one customer socket each)', integers, [100, 1000, 5000])
  .addOption(new Option('--db <db>', 'chat: database').choices(['pglite', 'postgres', 'both']).default('pglite'))
  .option('--rate <msgs>', 'chat: messages per second per customer', positive, 0.1)
  .option('--idle <seconds>', 'chat: idle phase (connected and subscribed, no traffic)', positive, 10)
  .option('--per-agent-socket <n>', 'chat: conversations per agent socket', positive, 50)
  .option('--no-bare', 'chat: skip the bare ws relay baseline')
  .option('--bot', 'run the servers with the support bot on (it answers every new conversation)')
  .option('--tokens <n>', 'ticket-creation: distinct customer tokens to rotate', positive, 2000)
  .option('--pg-url <url>', 'PostgreSQL to create scratch databases on', process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
  .option('--nats-url <url>', 'chat on PostgreSQL: use the NATS bus (e.g. nats://127.0.0.1:4222)')
  .option('--quiet-wait <seconds>', 'before each measured run, wait up to this long for other work on the machine to settle', Number, 60)
  .option('--cpu-prof <dir>', 'write V8 CPU profiles of the servers into <dir> and summarise them');

async function main(): Promise<void> {
  program.parse();
  const options = program.opts<CliOptions>();
  if (options.bot) process.env.RELAYDESK_BENCH_BOT = 'true';
  const selected: BenchmarkName[] = options.only ? [options.only] : [...benchmarks];
  const pgVersion = await postgresVersion(options.pgUrl);
  if (options.cpuProf) mkdirSync(options.cpuProf, { recursive: true });
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    postgres: pgVersion,
    date: new Date().toISOString(),
  };
  say(`relaydesk benchmarks: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${pgVersion ?? `not reachable at ${redact(options.pgUrl)}`}`);

  const results: { 'ticket-creation'?: TicketCreationResult; chat?: ChatResult; routing?: RoutingResult } = {};
  if (selected.includes('ticket-creation')) {
    results['ticket-creation'] = await runTicketCreation({
      durationS: options.duration ?? 20,
      warmupS: options.warmup,
      concurrencies: options.concurrency,
      databases: databasesOf(options.ticketDb),
      tokens: options.tokens,
      adminUrl: options.pgUrl,
      postgresAvailable: pgVersion !== null,
      cpuProfDir: options.cpuProf,
      quietWaitS: options.quietWait,
    });
  }
  if (selected.includes('chat')) {
    results.chat = await runChat({
      sizes: options.sizes,
      durationS: options.duration ?? 30,
      ratePerSecond: options.rate,
      idleS: options.idle,
      perAgentSocket: options.perAgentSocket,
      databases: databasesOf(options.db),
      bare: options.bare,
      adminUrl: options.pgUrl,
      postgresAvailable: pgVersion !== null,
      natsUrl: options.natsUrl,
      cpuProfDir: options.cpuProf,
      quietWaitS: options.quietWait,
      createConcurrency: 20,
      connectConcurrency: 100,
    });
  }
  if (selected.includes('routing')) results.routing = await runRouting({ quietWaitS: options.quietWait });

  const verdicts: Verdict[] = [
    ...(results['ticket-creation'] ? [results['ticket-creation'].target] : []),
    ...(results.chat?.targets ?? []),
    ...(results.routing ? [results.routing.target] : []),
  ];
  say('\ntargets');
  for (const v of verdicts) say(`  ${v.met === null ? 'NOT MEASURED' : v.met ? 'MET   ' : 'MISSED'}  ${v.name}: ${v.detail}`);
  if (options.cpuProf) say(`\n${summariseProfiles(options.cpuProf)}`);

  if (options.json) {
    const only = options.only ? results[options.only] : undefined;
    const out = only ? { machine, ...only } : { machine, ...results, verdicts };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  }
}

try {
  await main();
  await runCleanups();
} catch (err) {
  say(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  await runCleanups();
  process.exitCode = 1;
}
