/**
 * Who used the CPU during a measurement: the server under test, this load client, PostgreSQL, and
 * everything else on the machine. The benchmark runs on 2 shared cores; "other" tells a reader
 * whether a figure was taken on a quiet machine.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { say, sleep } from './stats.ts';

const TICK_MS = 10;

interface ProcessCpu {
  comm: string;
  ms: number;
}

function readProcesses(): Map<number, ProcessCpu> {
  const out = new Map<number, ProcessCpu>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      out.set(Number(name), { comm, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // the process ended while we read
    }
  }
  return out;
}

/** Busy time of all cores, and the part spent in interrupts (loopback networking runs there). */
function readBusyMs(): { busy: number; interrupts: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  const interrupts = ((irq ?? 0) + (softirq ?? 0)) * TICK_MS;
  return { busy: ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (steal ?? 0)) * TICK_MS + interrupts, interrupts };
}

export interface MachineCpu {
  /** All cores busy, in cores (2.0 = both cores fully busy). */
  busyCores: number;
  serverCores: number;
  /** The benchmark process itself (load client). */
  clientCores: number;
  postgresCores: number;
  /** Interrupt and softirq time, not charged to any process (mostly loopback TCP between them). */
  interruptCores: number;
  /** Everything else: other work on the machine during the measurement. */
  otherCores: number;
}

export class MachineCpuMeter {
  private readonly startedAt = performance.now();
  private readonly busyStart = readBusyMs();
  private readonly before = readProcesses();

  constructor(private readonly serverPid: number | null) {}

  stop(): MachineCpu {
    const elapsed = performance.now() - this.startedAt;
    const after = readProcesses();
    let server = 0;
    let client = 0;
    let postgres = 0;
    let all = 0;
    for (const [pid, now] of after) {
      const used = now.ms - (this.before.get(pid)?.ms ?? 0);
      if (used <= 0) continue;
      all += used;
      if (pid === this.serverPid) server += used;
      else if (pid === process.pid) client += used;
      else if (now.comm === 'postgres') postgres += used;
    }
    const end = readBusyMs();
    const busy = end.busy - this.busyStart.busy;
    const interrupts = end.interrupts - this.busyStart.interrupts;
    const cores = (ms: number) => Math.round((ms / elapsed) * 100) / 100;
    // Processes that ended during the measurement are lost from the per-process sums: "other".
    const other = Math.max(0, Math.max(busy, all + interrupts) - server - client - postgres - interrupts);
    return {
      busyCores: cores(busy), serverCores: cores(server), clientCores: cores(client), postgresCores: cores(postgres),
      interruptCores: cores(interrupts), otherCores: cores(other),
    };
  }
}

/**
 * Wait (at most `maxWaitS`) until other work on the machine uses less than `thresholdCores`,
 * measured over 2 s windows. Returns the load seen last.
 */
export async function waitForQuiet(maxWaitS: number, thresholdCores = 0.25): Promise<number> {
  const deadline = performance.now() + maxWaitS * 1000;
  let told = false;
  for (;;) {
    const meter = new MachineCpuMeter(null);
    await sleep(2_000);
    const { busyCores, clientCores } = meter.stop();
    const others = Math.max(0, busyCores - clientCores);
    if (others < thresholdCores || performance.now() > deadline) {
      if (told) say(`  machine: ${others.toFixed(2)} cores busy with other work; going ahead`);
      return others;
    }
    if (!told) say(`  machine: ${others.toFixed(2)} cores busy with other work; waiting up to ${maxWaitS} s for it to settle`);
    told = true;
  }
}
