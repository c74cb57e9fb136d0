import { assign } from '../../core/conversations/lifecycle.ts';
import { chooseAgent, queueOrder, type RoutingPolicy } from '../../core/routing/index.ts';
import { busSubjects, type Bus } from '../../ports/bus.ts';
import type { QueuedConversation } from '../../ports/routing.ts';
import type { AppDeps } from '../deps.ts';
import { toCoreQueued, toRoutingAgent } from './routing-views.ts';

/** Conversations read from the head of each queue per round: enough to fill every free slot. */
const HEADS_PER_QUEUE = 50;

export interface DispatchLogger {
  warn(obj: object, msg: string): void;
}

/** What one round did: conversations assigned, and those that lost a race (retried next round). */
export interface RoundResult {
  assigned: number;
  raced: number;
}

/**
 * One dispatch round: the heads of the queues and the agents with a free slot, the core's choice
 * for each conversation in queue order, and one guarded commit per assignment. Safe to run on
 * several nodes at once: a commit that lost a race changes nothing (decision 007).
 */
export async function dispatchRound(deps: AppDeps): Promise<RoundResult> {
  const policy = deps.routingPolicy;
  const agents = await deps.routing.availableAgents();
  if (agents.length === 0) return { assigned: 0, raced: 0 };
  const heads = await deps.routing.queueHeads(HEADS_PER_QUEUE);
  const candidates = agents.map(toRoutingAgent);
  const byId = new Map(candidates.map((agent) => [agent.id, agent]));
  const now = deps.clock.now();
  const result: RoundResult = { assigned: 0, raced: 0 };
  for (const head of inQueueOrder(heads, policy)) {
    const choice = chooseAgent(toCoreQueued(head), candidates, policy, now.getTime());
    if (!choice) continue;
    const decision = assign(head.conversation, choice.agentId);
    const committed = await deps.routing.assignFromQueue({
      conversationId: head.conversation.id,
      expectedVersion: head.conversation.version,
      agentId: choice.agentId,
      decision,
      actor: { kind: 'system', id: null },
      now,
    });
    const agent = byId.get(choice.agentId);
    if (!committed) {
      result.raced += 1;
      // Someone else changed the agent or the conversation: leave the agent out of this round.
      if (agent) agent.load = agent.capacity;
      continue;
    }
    deps.events.publish(committed.events);
    result.assigned += 1;
    if (agent) {
      agent.load += 1;
      agent.lastAssignedAt = now.getTime();
    }
  }
  return result;
}

function inQueueOrder(heads: QueuedConversation[], policy: RoutingPolicy): QueuedConversation[] {
  const order = queueOrder(policy);
  return heads.map((head) => ({ head, core: toCoreQueued(head) })).sort((a, b) => order(a.core, b.core)).map(({ head }) => head);
}

/**
 * Runs dispatch rounds on a worker node: when woken (a conversation queued, an agent online or
 * free) and at least every `sweepMs`. Wake-ups during a round start one more round after it.
 */
export class RoutingDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = true;

  constructor(
    private readonly deps: AppDeps,
    private readonly logger: DispatchLogger,
    private readonly sweepMs: number,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = dispatchRound(this.deps)
        .then(({ raced }) => {
          if (raced > 0) this.again = true;
        })
        .catch((err: unknown) => this.logger.warn({ err }, 'routing round failed'))
        .finally(() => {
          this.running = null;
          const again = this.again;
          this.again = false;
          this.schedule(again ? 0 : this.sweepMs);
        });
    }, delay);
    this.timer.unref();
  }
}

/** `deps.dispatcher` for any node: asks every node's dispatcher, over the bus, to look now. */
export function dispatcherWakeOverBus(bus: Bus): { wake(): void } {
  return {
    wake() {
      bus.publish(busSubjects.routing, { type: 'wake' }).catch(() => undefined);
    },
  };
}
