/**
 * Child processes under test: the platform (`node bin/relaydesk.mjs serve`) and the bare relay,
 * on loopback ports. Every child is registered so that an interrupted benchmark still kills it,
 * and its memory and CPU time are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { say, sleep } from './stats.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const cleanups = new Set<() => Promise<void>>();
const children = new Set<ChildProcess>();

/** Run `task` when the benchmark ends or is interrupted (drop scratch databases, remove folders). */
export function onCleanup(task: () => Promise<void>): () => void {
  cleanups.add(task);
  return () => cleanups.delete(task);
}

export async function runCleanups(): Promise<void> {
  for (const child of children) child.kill('SIGKILL');
  for (const task of [...cleanups]) {
    cleanups.delete(task);
    await task().catch((err: unknown) => say(`cleanup failed: ${String(err)}`));
  }
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    say(`\n${signal}: stopping servers and dropping scratch databases`);
    void runCleanups().finally(() => process.exit(130));
  });
}

/** A free loopback port (the OS picks it; the tiny race until the child binds is acceptable here). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  label: string;
  pid: number;
  port: number;
  httpUrl: string;
  wsUrl: string;
  /** The last few KiB the child wrote to stderr (shown when it fails). */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  label: string;
  /** Arguments after `node` (node flags, then the script). */
  args: string[];
  env: Record<string, string>;
  port: number;
  readyTimeoutMs?: number;
}

/** Start a child and wait until GET /readyz answers 200. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const child = spawn(process.execPath, options.args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.add(child);
  let tail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-8192);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => {
    children.delete(child);
    resolve();
  }));
  const httpUrl = `http://127.0.0.1:${options.port}`;
  const server: ServerProcess = {
    label: options.label,
    pid: child.pid ?? -1,
    port: options.port,
    httpUrl,
    wsUrl: `ws://127.0.0.1:${options.port}/ws`,
    stderrTail: () => tail,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${options.label} exited before it was ready:\n${tail}`);
    }
    try {
      const response = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop(1_000);
      throw new Error(`${options.label} was not ready within ${options.readyTimeoutMs ?? 120_000} ms:\n${tail}`);
    }
    await sleep(200);
  }
}

/** Run a child to completion and return its stdout (used for the short-lived database preparation). */
export function runToCompletion(args: string[], env: Record<string, string>, timeoutMs = 180_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child);
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-8192)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      if (code === 0) resolve(out);
      else reject(new Error(`${args.join(' ')} exited with ${code}:\n${err}`));
    });
  });
}

export interface ProcMemory {
  /** Resident set size now (VmRSS), KiB. */
  rssKiB: number;
  /** Peak resident set size since start (VmHWM), KiB. */
  hwmKiB: number;
}

export function readMemory(pid: number): ProcMemory | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
    return { rssKiB: field('VmRSS'), hwmKiB: field('VmHWM') };
  } catch {
    return null;
  }
}

/** Samples a process's VmRSS every `everyMs` and keeps the highest value seen. */
export class RssSampler {
  private peak = 0;
  private last = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, everyMs = 250) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
    this.timer.unref();
  }

  private sample(): void {
    const memory = readMemory(this.pid);
    if (!memory) return;
    this.last = memory.rssKiB;
    this.peak = Math.max(this.peak, memory.rssKiB);
  }

  stop(): { peakKiB: number; lastKiB: number } {
    this.sample();
    clearInterval(this.timer);
    return { peakKiB: this.peak, lastKiB: this.last };
  }
}
