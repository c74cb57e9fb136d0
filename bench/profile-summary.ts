/**
 * Summarise V8 CPU profiles (`node --cpu-prof`, written by `npm run bench -- --cpu-prof DIR`):
 * self time by package / source area, and the hottest functions. Also a command:
 *   npx tsx bench/profile-summary.ts DIR_OR_FILE [top]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from './support/stats.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives: a package, a Node internal, an area of src/, or a V8 pseudo-frame. */
export function categoryOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('wasm://')) return 'PGlite (WASM)';
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + 'node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? url);
  }
  if (url.startsWith('node:')) return url;
  const src = url.indexOf('/src/');
  if (src >= 0) return url.slice(src + 1).split('/').slice(0, 3).join('/').replace(/\.ts$/, '');
  const bench = url.indexOf('/bench/');
  if (bench >= 0) return url.slice(bench + 1);
  return url;
}

export interface ProfileFigures {
  file: string;
  totalMs: number;
  idleMs: number;
  categories: { name: string; ms: number; share: number }[];
  /** Time with an area anywhere on the stack (a sample counts once per area). */
  inclusive: { name: string; ms: number; share: number }[];
  functions: { name: string; where: string; ms: number; share: number }[];
}

export function readProfile(file: string, top = 15): ProfileFigures {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    // timeDeltas[i] is the time since the previous sample: charge the next delta to this sample.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  });
  const byCategory = new Map<string, number>();
  const byFunction = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  let idle = 0;
  for (const node of profile.nodes) {
    const us = selfUs.get(node.id) ?? 0;
    if (us === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const category = categoryOf(url, functionName);
    byCategory.set(category, (byCategory.get(category) ?? 0) + us);
    const where = url ? `${categoryOf(url, functionName)}${url.includes('/src/') ? `:${lineNumber + 1}` : ''}` : '';
    const key = `${functionName}|${url}|${lineNumber}`;
    const entry = byFunction.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
    entry.us += us;
    byFunction.set(key, entry);
  }
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)?.callFrame;
      if (f && f.url) seen.add(categoryOf(f.url, f.functionName));
    }
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  const share = (us: number) => Math.round((us / total) * 1000) / 10;
  return {
    file,
    totalMs: Math.round(total / 1000),
    categories: [...byCategory].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: share(us) })),
    inclusive: [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, us]) => ({ name, ms: Math.round(us / 1000), share: share(us) })),
    functions: [...byFunction.values()].sort((a, b) => b.us - a.us).slice(0, top).map((f) => ({ name: f.name, where: f.where, ms: Math.round(f.us / 1000), share: share(f.us) })),
    idleMs: Math.round(idle / 1000),
  };
}

/** A text summary of every .cpuprofile in `path` (a folder or one file). */
export function summariseProfiles(path: string, top = 15): string {
  const files = statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(path, f))
    : [path];
  if (files.length === 0) return `no .cpuprofile files in ${path}`;
  return files.map((file) => readProfile(file, top)).filter((p) => p.totalMs >= 2_000 || files.length === 1).map((p) => {
    const file = p.file;
    return [
      `CPU profile ${basename(file)}: ${p.totalMs} ms on CPU, ${p.idleMs} ms idle`,
      renderTable(['self time by area', 'ms', '%'], p.categories.map((c) => [c.name, String(c.ms), c.share.toFixed(1)])),
      '',
      renderTable(['area on the stack (inclusive)', 'ms', '%'], p.inclusive.map((c) => [c.name, String(c.ms), c.share.toFixed(1)])),
      '',
      renderTable(['hottest functions (self)', 'where', 'ms', '%'], p.functions.map((f) => [f.name, f.where, String(f.ms), f.share.toFixed(1)])),
    ].join('\n');
  }).join('\n\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, top] = process.argv.slice(2);
  if (!path) {
    process.stderr.write('usage: tsx bench/profile-summary.ts DIR_OR_FILE [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${summariseProfiles(path, top ? Number(top) : 15)}\n`);
}
