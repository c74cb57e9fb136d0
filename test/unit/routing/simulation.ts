/**
 * Routing over time, as the app will drive it: conversations arrive, agents go online and away,
 * chats end after their handling time, pull agents take next, and the push dispatcher assigns
 * until nothing more can be assigned. The simulation keeps its own truth of loads and queues, so
 * an observer can judge every assignment independently of the engine that made it.
 */
import {
  choiceOf,
  firstAssignment,
  matchFor,
  nextForAgent,
  type Assignment,
  type Presence,
  type QueuedConversation,
  type RoutingAgent,
  type RoutingPolicy,
} from '../../../src/core/routing/index.ts';

/** What the board and the reference both do; the simulation drives either. */
export interface RoutingEngine {
  enqueue(conversation: QueuedConversation): void;
  remove(conversationId: string): boolean;
  setAgent(agent: RoutingAgent): void;
  nextAssignment(now: number): Assignment | null;
  nextForAgent(agentId: string, now: number): Assignment | null;
  assignNext(now: number): Assignment | null;
  takeNext(agentId: string, now: number): Assignment | null;
  agent(id: string): RoutingAgent | null;
}

/** The plain functions of assignment.ts behind the board's interface: the reference in equivalence tests. */
export class ReferenceEngine implements RoutingEngine {
  readonly queued = new Map<string, QueuedConversation>();
  readonly agents = new Map<string, RoutingAgent>();

  constructor(private readonly policy: RoutingPolicy) {}

  enqueue(conversation: QueuedConversation): void {
    this.queued.set(conversation.id, { ...conversation });
  }

  remove(conversationId: string): boolean {
    return this.queued.delete(conversationId);
  }

  setAgent(agent: RoutingAgent): void {
    this.agents.set(agent.id, { ...agent });
  }

  agent(id: string): RoutingAgent | null {
    const found = this.agents.get(id);
    return found ? { ...found } : null;
  }

  nextAssignment(now: number): Assignment | null {
    return firstAssignment([...this.queued.values()], [...this.agents.values()], this.policy, now);
  }

  nextForAgent(agentId: string, now: number): Assignment | null {
    const agent = this.agents.get(agentId);
    const conversation = agent ? nextForAgent(agent, [...this.queued.values()], this.policy, now) : null;
    const match = agent && conversation ? matchFor(agent, conversation, this.policy, now) : null;
    return conversation && match ? { conversationId: conversation.id, ...choiceOf(agentId, match, conversation) } : null;
  }

  assignNext(now: number): Assignment | null {
    return this.record(this.nextAssignment(now), now);
  }

  takeNext(agentId: string, now: number): Assignment | null {
    return this.record(this.nextForAgent(agentId, now), now);
  }

  private record(assignment: Assignment | null, now: number): Assignment | null {
    if (!assignment) return null;
    this.queued.delete(assignment.conversationId);
    const agent = this.agents.get(assignment.agentId);
    if (agent) this.agents.set(agent.id, { ...agent, load: agent.load + 1, lastAssignedAt: now });
    return assignment;
  }
}

export interface PresenceChange {
  at: number;
  agentId: string;
  presence: Presence;
}

export interface Scenario {
  /** Agents at time zero (load 0). */
  agents: RoutingAgent[];
  /** Conversations, each arriving at its `queuedAt`. */
  arrivals: QueuedConversation[];
  /** Handling time of the n-th assignment (cycled): when the agent's slot frees again. */
  handleMs: number[];
  presenceChanges: PresenceChange[];
  /** Agents who take next themselves at every tick, before the push round. */
  pullers: string[];
  tickMs: number;
  endMs: number;
  /**
   * Once nothing is pending (arrivals, chat ends, presence changes), the run stops this long after
   * the last of them: the longest overflow delay, after which no waiting conversation can change.
   */
  settleMs?: number;
}

/** One assignment as the simulation saw it, with the truth just before it was applied. */
export interface Observed {
  now: number;
  mode: 'push' | 'pull';
  assignment: Assignment;
  queued: ReadonlyMap<string, QueuedConversation>;
  agents: ReadonlyMap<string, RoutingAgent>;
}

export interface Outcome {
  assigned: Map<string, { at: number; agentId: string }>;
  /** Still queued when the simulation ended, with the truth at that moment. */
  leftQueued: QueuedConversation[];
  agents: Map<string, RoutingAgent>;
  endedAt: number;
}

/** Hooks into a run: each assignment before it is applied, and the truth after each tick's rounds. */
export interface Observer {
  assignment?(event: Observed): void;
  tick?(now: number, queued: ReadonlyMap<string, QueuedConversation>, agents: ReadonlyMap<string, RoutingAgent>): void;
}

/** Runs the scenario tick by tick on the engine, telling the observer what happens. */
export function simulate(scenario: Scenario, engine: RoutingEngine, observer: Observer = {}): Outcome {
  const agents = new Map(scenario.agents.map((a) => [a.id, { ...a }]));
  const queued = new Map<string, QueuedConversation>();
  const assigned = new Map<string, { at: number; agentId: string }>();
  const arrivals = [...scenario.arrivals].sort((a, b) => a.queuedAt - b.queuedAt);
  const changes = [...scenario.presenceChanges].sort((a, b) => a.at - b.at);
  let ends: { at: number; agentId: string }[] = [];
  for (const agent of agents.values()) engine.setAgent({ ...agent });

  const update = (agentId: string, change: (agent: RoutingAgent) => void): void => {
    const agent = agents.get(agentId);
    if (!agent) return;
    change(agent);
    engine.setAgent({ ...agent });
  };
  const apply = (assignment: Assignment, now: number, mode: Observed['mode']): void => {
    observer.assignment?.({ now, mode, assignment, queued, agents });
    queued.delete(assignment.conversationId);
    assigned.set(assignment.conversationId, { at: now, agentId: assignment.agentId });
    const agent = agents.get(assignment.agentId);
    if (agent) {
      agent.load += 1;
      agent.lastAssignedAt = now;
    }
    const handle = scenario.handleMs[assigned.size % Math.max(1, scenario.handleMs.length)] ?? 1;
    ends.push({ at: now + handle, agentId: assignment.agentId });
  };

  let now = 0;
  let lastEventAt = 0;
  for (; now <= scenario.endMs; now += scenario.tickMs) {
    for (const end of ends.filter((e) => e.at <= now)) update(end.agentId, (agent) => (agent.load -= 1));
    if (ends.some((e) => e.at <= now)) lastEventAt = now;
    ends = ends.filter((e) => e.at > now);
    while (changes.length && (changes[0]?.at ?? Infinity) <= now) {
      const change = changes.shift() as PresenceChange;
      update(change.agentId, (agent) => (agent.presence = change.presence));
      lastEventAt = now;
    }
    while (arrivals.length && (arrivals[0]?.queuedAt ?? Infinity) <= now) {
      const conversation = arrivals.shift() as QueuedConversation;
      queued.set(conversation.id, conversation);
      engine.enqueue(conversation);
      lastEventAt = now;
    }
    for (const puller of scenario.pullers) {
      for (let taken = engine.takeNext(puller, now); taken; taken = engine.takeNext(puller, now)) apply(taken, now, 'pull');
    }
    for (let next = engine.assignNext(now); next; next = engine.assignNext(now)) apply(next, now, 'push');
    observer.tick?.(now, queued, agents);
    if (arrivals.length === 0 && queued.size === 0) break;
    const settled = scenario.settleMs !== undefined && now - lastEventAt > scenario.settleMs;
    if (settled && arrivals.length === 0 && ends.length === 0 && changes.length === 0) break;
  }
  return { assigned, leftQueued: [...queued.values()], agents, endedAt: Math.min(now, scenario.endMs) };
}
