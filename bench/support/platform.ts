/**
 * A platform under test: a scratch database (a PGlite folder in /tmp, or a PostgreSQL database
 * created for the run and dropped after), prepared by a short-lived child, and the server
 * started on it as `node bin/relaydesk.mjs serve` on a loopback port.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, onCleanup, runToCompletion, startServer, type ServerProcess } from './processes.ts';
import { say } from './stats.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export const BENCH_SECRET = 'relaydesk-bench-secret-0123456789abcdef';

export interface ScratchDatabase {
  kind: DatabaseKind;
  /** DATABASE_URL or DATA_DIR for the server. */
  env: Record<string, string>;
  /** Connection URL (PostgreSQL only). */
  url: string | null;
  drop(): Promise<void>;
}

export interface PlatformOptions {
  kind: DatabaseKind;
  /** PostgreSQL URL of a database to connect to for CREATE/DROP DATABASE. */
  adminUrl: string;
  /** Bench agents to create (each with a session cookie). */
  agents?: number;
  natsUrl?: string | undefined;
  /** Write a V8 CPU profile of the server into this folder (on graceful stop). */
  cpuProfDir?: string | undefined;
  extraEnv?: Record<string, string>;
}

export interface RunningPlatform {
  server: ServerProcess;
  database: ScratchDatabase;
  /** `Cookie` header values of the bench agents' sessions. */
  agentCookies: string[];
  stop(): Promise<void>;
}

/** Is PostgreSQL reachable at `adminUrl`? Returns its version, or null. */
export async function postgresVersion(adminUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function createScratchDatabase(kind: DatabaseKind, adminUrl: string): Promise<ScratchDatabase> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'relaydesk-bench-'));
    const drop = async () => rmSync(dir, { recursive: true, force: true });
    const forget = onCleanup(drop);
    return { kind, env: { DATA_DIR: dir }, url: null, drop: async () => { forget(); await drop(); } };
  }
  const name = `relaydesk_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const forget = onCleanup(drop);
  return { kind, env: { DATABASE_URL: url.toString() }, url: url.toString(), drop: async () => { forget(); await drop(); } };
}

async function adminQuery(adminUrl: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Migrate and create agents in a child that exits before the server starts. */
async function prepare(database: ScratchDatabase, agents: number): Promise<string[]> {
  const out = await runToCompletion(['--import', 'tsx', 'bench/prepare-database.ts'], {
    ...database.env,
    BENCH_AGENTS: String(agents),
    SEED_DEMO_DATA: 'false',
  });
  const parsed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { cookies?: string[] };
  return parsed.cookies ?? [];
}

/** Scratch database + prepared schema + server, ready to take load. */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const database = await createScratchDatabase(options.kind, options.adminUrl);
  try {
    const agentCookies = await prepare(database, options.agents ?? 0);
    const port = await freePort();
    const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
    const server = await startServer({
      label: `relaydesk (${options.kind})`,
      args: [...nodeArgs, 'bin/relaydesk.mjs', 'serve'],
      port,
      env: {
        ...database.env,
        ...(options.natsUrl && options.kind === 'postgres' ? { NATS_URL: options.natsUrl } : {}),
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SEED_DEMO_DATA: 'false',
        DEMO_MODE: 'false',
        CUSTOMER_TOKEN_SECRET: BENCH_SECRET,
        SESSION_SECRET: BENCH_SECRET,
        RATE_LIMIT_PER_MINUTE: '1000000000',
        // The platform's own write and delivery paths; `npm run bench -- --bot` measures them with
        // the support bot answering every new conversation (its jobs compete for the same cores).
        BOT_ENABLED: process.env.RELAYDESK_BENCH_BOT === 'true' ? 'true' : 'false',
        ...options.extraEnv,
      },
    });
    return {
      server,
      database,
      agentCookies,
      async stop() {
        await server.stop();
        // Warnings and errors only (pino JSON lines); the welcome banner is not news.
        const logged = server.stderrTail().split('\n').filter((l) => l.startsWith('{')).slice(-5);
        if (logged.length) say(`  server logged (last lines):\n${indent(logged.join('\n'))}`);
        await database.drop();
      },
    };
  } catch (err) {
    await database.drop();
    throw err;
  }
}

function indent(text: string): string {
  return text.split('\n').map((l) => `    ${l.slice(0, 300)}`).join('\n');
}
