/**
 * The routing board's agents: every agent by id, and the available ones (online, free slot) in
 * pools by department, language, proficiency class and tier. Each pool is a heap in the order push
 * assignment prefers (relative load, round robin, id), so the best agent of a pool is its top.
 */
import { departments, languages, type Department, type Language } from '../conversations/types.ts';
import { compareCandidates, isAvailable, proficiencyIn } from './assignment.ts';
import { IndexedHeap } from './indexed-heap.ts';
import { tiers } from './organisation.ts';
import type { RoutingAgent, Tier } from './types.ts';

/** An agent's class in a language: they do not speak it, speak it at basic level, or fully (native or fluent). */
export const NONE = 0;
export const BASIC = 1;
export const PROFICIENT = 2;
/** The classes a pool holds: basic, or native and fluent together. */
export type SkillClass = typeof BASIC | typeof PROFICIENT;

const positions = <K>(list: readonly K[]): Map<K, number> => new Map(list.map((value, i) => [value, i]));
const departmentPositions = positions<Department>(departments);
const languagePositions = positions<Language>(languages);
const tierPositions = positions<Tier>(tiers);

const positionIn = <K>(index: Map<K, number>, key: K): number => {
  const at = index.get(key);
  if (at === undefined) throw new RangeError(`routing board: unknown ${String(key)}`);
  return at;
};

/** Positions in the constant lists: pools and lanes are arrays indexed by them, not maps keyed by strings. */
export const departmentIndex = (department: Department): number => positionIn(departmentPositions, department);
export const languageIndex = (language: Language): number => positionIn(languagePositions, language);
export const tierIndex = (tier: Tier): number => positionIn(tierPositions, tier);
/** English's position: English fallback reads the department's English pools. */
export const ENGLISH = languageIndex('en');

const poolSlot = (department: number, language: number, skill: SkillClass, tier: number): number =>
  ((department * languages.length + language) * 2 + (skill - 1)) * tiers.length + tier;

/** An agent as the board keeps them, with their skills precomputed as positions. */
export interface AgentEntry {
  agent: RoutingAgent;
  tier: number;
  departments: number[];
  /** `NONE`, `BASIC` or `PROFICIENT` per language position. */
  languageClass: Int8Array;
  englishProficient: boolean;
  slots: number[];
  available: boolean;
}

function entryOf(source: RoutingAgent): AgentEntry {
  const agent: RoutingAgent = {
    ...source,
    departments: [...new Set(source.departments)],
    languages: source.languages.map((skill) => ({ ...skill })),
  };
  const tier = tierIndex(agent.tier);
  const languageClass = new Int8Array(languages.length);
  for (const { language } of agent.languages) {
    languageClass[languageIndex(language)] = proficiencyIn(agent, language) === 'basic' ? BASIC : PROFICIENT;
  }
  const departmentPositionsOfAgent = agent.departments.map(departmentIndex);
  const slots: number[] = [];
  for (const d of departmentPositionsOfAgent) {
    languageClass.forEach((skill, l) => {
      if (skill !== NONE) slots.push(poolSlot(d, l, skill as SkillClass, tier));
    });
  }
  return {
    agent,
    tier,
    departments: departmentPositionsOfAgent,
    languageClass,
    englishProficient: languageClass[ENGLISH] === PROFICIENT,
    slots,
    available: false,
  };
}

/** See the file comment. */
export class AgentPools {
  private readonly entries = new Map<string, AgentEntry>();
  private readonly pools: (IndexedHeap<RoutingAgent> | undefined)[] = [];
  /** Available agents per department position: a department with none is skipped at once. */
  private readonly availableByDepartment = new Int32Array(departments.length);

  /** How many agents are known (any presence). */
  get size(): number {
    return this.entries.size;
  }

  /** The board's entry for an agent. */
  entry(agentId: string): AgentEntry | undefined {
    return this.entries.get(agentId);
  }

  /** Every entry, in no particular order. */
  all(): IterableIterator<AgentEntry> {
    return this.entries.values();
  }

  /** Adds or replaces an agent. */
  set(agent: RoutingAgent): void {
    this.delete(agent.id);
    const entry = entryOf(agent);
    this.entries.set(agent.id, entry);
    this.reindex(entry);
  }

  /** Forgets an agent; false when unknown. */
  delete(agentId: string): boolean {
    const entry = this.entries.get(agentId);
    if (!entry) return false;
    entry.agent.presence = 'offline';
    this.reindex(entry);
    this.entries.delete(agentId);
    return true;
  }

  /** One more open chat for the agent, assigned at `now`. */
  recordAssignment(agentId: string, now: number): void {
    const entry = this.entries.get(agentId);
    if (!entry) return;
    entry.agent.load += 1;
    entry.agent.lastAssignedAt = now;
    this.reindex(entry);
  }

  /** True when some agent of the department is available. */
  hasAvailableIn(department: number): boolean {
    return (this.availableByDepartment[department] ?? 0) > 0;
  }

  /** True when a pool of this department, language and class holds an agent of tier `fromTier` or above. */
  any(department: number, language: number, skill: SkillClass, fromTier: number): boolean {
    for (let t = fromTier; t < tiers.length; t++) {
      if ((this.pools[poolSlot(department, language, skill, t)]?.size ?? 0) > 0) return true;
    }
    return false;
  }

  /** The best available agent of this department, language and class at tier `fromTier` or above. */
  best(department: number, language: number, skill: SkillClass, fromTier: number): RoutingAgent | undefined {
    let best: RoutingAgent | undefined;
    for (let t = fromTier; t < tiers.length; t++) {
      const top = this.pools[poolSlot(department, language, skill, t)]?.peek();
      if (top && (!best || compareCandidates(top, best) < 0)) best = top;
    }
    return best;
  }

  /** Pools hold exactly the available agents; the department counts follow. */
  private reindex(entry: AgentEntry): void {
    const available = isAvailable(entry.agent);
    if (available !== entry.available) {
      for (const d of entry.departments) this.availableByDepartment[d] = (this.availableByDepartment[d] ?? 0) + (available ? 1 : -1);
      entry.available = available;
    }
    const id = entry.agent.id;
    for (const slot of entry.slots) {
      const pool = this.poolAt(slot);
      if (!available) pool.remove(id);
      else if (pool.has(id)) pool.update(id);
      else pool.push(entry.agent);
    }
  }

  private poolAt(slot: number): IndexedHeap<RoutingAgent> {
    let pool = this.pools[slot];
    if (!pool) {
      pool = new IndexedHeap<RoutingAgent>(compareCandidates, (agent) => agent.id);
      this.pools[slot] = pool;
    }
    return pool;
  }
}
