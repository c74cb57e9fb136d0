/**
 * The routing board: an in-memory index of queues and available agents that makes one assignment
 * decision in time independent of how many conversations wait and how many agents work. The
 * database stays the truth; the app can rebuild a board from it at any time. Every answer equals
 * the plain scans of `assignment.ts` (a property test holds the two together).
 *
 * Why buckets: a queue (department × language) is split by priority, minimum tier and the
 * customer-tier boost. Inside one bucket those are equal, so queue order is arrival order, and the
 * head has waited longest: it has reached the widest overflow stage, and anyone who may take some
 * conversation of the bucket may take its head. Only bucket heads need looking at.
 *
 * Available agents sit in pools (agent-pools.ts) by department, language, proficiency class and
 * tier. A decision walks priorities in order and, within one, only the departments with an
 * available agent and the languages someone there could serve; when every agent is busy (the
 * usual state under load) a decision that finds nothing costs a few dozen array reads.
 *
 * Complexity, with n queued, a agents, s = an agent's departments × languages, and
 * B ≤ 4 priorities × 12 departments × 14 languages × 3 tiers × distinct boosts (bucket count):
 * - enqueue, remove: O(log n)
 * - setAgent, removeAgent: O(s log a)
 * - nextAssignment / nextForAgent (decide, change nothing): O(B) at worst, independent of n and a
 * - assignNext / takeNext (decide and record): O(B + s log a)
 * Memory: O(n + a·s). The policy is read once per bucket when the bucket is made: build a new
 * board when the policy changes.
 */
import { departments, languages, priorities, type Priority } from '../conversations/types.ts';
import { AgentPools, BASIC, departmentIndex, ENGLISH, languageIndex, NONE, PROFICIENT, tierIndex, type AgentEntry } from './agent-pools.ts';
import { choiceOf } from './assignment.ts';
import { IndexedHeap } from './indexed-heap.ts';
import { tierBoostOf } from './policy.ts';
import { compareIds, priorityRank } from './queue-order.ts';
import type { Assignment, LanguageMatch, OverflowRule, QueuedConversation, RoutingAgent, RoutingPolicy } from './types.ts';

/** One slice of a queue: same priority, department, language, minimum tier and boost. */
interface Bucket {
  department: number;
  language: number;
  minTier: number;
  boostMs: number;
  rule: OverflowRule;
  heap: IndexedHeap<QueuedConversation>;
}

/** The candidate a decision keeps while it walks the bucket heads. */
interface Head {
  bucket: Bucket;
  conversation: QueuedConversation;
}

const laneIndex = (priority: number, department: number, language: number): number =>
  (priority * departments.length + department) * languages.length + language;

/** Within a bucket boost and priority are equal: earlier arrival first, then id. */
const arrivalOrder = (a: QueuedConversation, b: QueuedConversation): number => a.queuedAt - b.queuedAt || compareIds(a.id, b.id);

/** Bucket heads of one priority, compared as the queue comparator would (each bucket knows its boost). */
const headOrder = (a: Bucket, aHead: QueuedConversation, b: Head): number =>
  aHead.queuedAt - a.boostMs - (b.conversation.queuedAt - b.bucket.boostMs) || compareIds(aHead.id, b.conversation.id);

/** Overflow stages, read without allocating: the decision loop asks them thousands of times. */
const lowerOpen = (bucket: Bucket, head: QueuedConversation, now: number): boolean =>
  bucket.rule.lowerProficiencyAfterMs !== null && now - head.queuedAt >= bucket.rule.lowerProficiencyAfterMs;
const englishOpen = (bucket: Bucket, head: QueuedConversation, now: number): boolean =>
  bucket.language !== ENGLISH && bucket.rule.englishAfterMs !== null && now - head.queuedAt >= bucket.rule.englishAfterMs;

const copyAgent = (agent: RoutingAgent): RoutingAgent => ({ ...agent, departments: [...agent.departments], languages: agent.languages.map((s) => ({ ...s })) });

/** See the file comment: queues and agents indexed for assignment at scale. */
export class RoutingBoard {
  private readonly lanes: (Bucket[] | undefined)[] = [];
  private readonly bucketOf = new Map<string, Bucket>();
  private readonly pools = new AgentPools();

  constructor(private readonly policy: RoutingPolicy) {}

  /** How many conversations wait on the board. */
  get queuedCount(): number {
    return this.bucketOf.size;
  }

  /** How many agents the board knows (any presence). */
  get agentCount(): number {
    return this.pools.size;
  }

  /** A copy of a queued conversation, or null. */
  conversation(id: string): QueuedConversation | null {
    const found = this.bucketOf.get(id)?.heap.get(id);
    return found ? { ...found } : null;
  }

  /** A copy of an agent as the board sees them (load and last assignment included), or null. */
  agent(id: string): RoutingAgent | null {
    const entry = this.pools.entry(id);
    return entry ? copyAgent(entry.agent) : null;
  }

  /** Copies of every queued conversation, in no particular order. */
  conversations(): QueuedConversation[] {
    return this.lanes.flatMap((lane) => lane ?? []).flatMap((bucket) => bucket.heap.values().map((c) => ({ ...c })));
  }

  /** Copies of every agent, in no particular order. */
  agents(): RoutingAgent[] {
    return [...this.pools.all()].map((entry) => copyAgent(entry.agent));
  }

  /** Puts a conversation in its queue; one already queued under the same id is replaced (e.g. a transfer). */
  enqueue(conversation: QueuedConversation): void {
    this.remove(conversation.id);
    const bucket = this.bucketFor(conversation);
    bucket.heap.push({ ...conversation });
    this.bucketOf.set(conversation.id, bucket);
  }

  /** Takes a conversation off the board (assigned elsewhere, closed, back to the bot); false when absent. */
  remove(conversationId: string): boolean {
    const bucket = this.bucketOf.get(conversationId);
    if (!bucket) return false;
    bucket.heap.remove(conversationId);
    this.bucketOf.delete(conversationId);
    return true;
  }

  /** Adds or replaces an agent: skills, presence, load or capacity changed. */
  setAgent(agent: RoutingAgent): void {
    this.pools.set(agent);
  }

  /** Forgets an agent; false when unknown. */
  removeAgent(agentId: string): boolean {
    return this.pools.delete(agentId);
  }

  /** The next push assignment (as `firstAssignment` would choose), without recording it. */
  nextAssignment(now: number): Assignment | null {
    for (let p = 0; p < priorities.length; p++) {
      let best: Head | null = null;
      for (let d = 0; d < departments.length; d++) {
        if (!this.pools.hasAvailableIn(d)) continue;
        const englishHere = this.pools.any(d, ENGLISH, PROFICIENT, 0);
        for (let l = 0; l < languages.length; l++) {
          const lane = this.lanes[laneIndex(p, d, l)];
          if (!lane || !(this.pools.any(d, l, PROFICIENT, 0) || this.pools.any(d, l, BASIC, 0) || englishHere)) continue;
          for (const bucket of lane) {
            const head = bucket.heap.peek();
            if (!head || (best && headOrder(bucket, head, best) >= 0)) continue;
            if (this.hasCandidate(bucket, head, now)) best = { bucket, conversation: head };
          }
        }
      }
      if (best) return this.assignmentFor(best, now);
    }
    return null;
  }

  /** What `takeNext` would give the agent (as `nextForAgent` would choose), without recording it. */
  nextForAgent(agentId: string, now: number): Assignment | null {
    const entry = this.pools.entry(agentId);
    if (!entry?.available) return null;
    for (let p = 0; p < priorities.length; p++) {
      let best: (Head & { match: LanguageMatch }) | null = null;
      for (const d of entry.departments) {
        for (let l = 0; l < languages.length; l++) {
          const lane = this.lanes[laneIndex(p, d, l)];
          if (!lane || (entry.languageClass[l] === NONE && !(entry.englishProficient && l !== ENGLISH))) continue;
          for (const bucket of lane) {
            const head = bucket.heap.peek();
            if (!head || bucket.minTier > entry.tier || (best && headOrder(bucket, head, best) >= 0)) continue;
            const match = matchOf(entry, bucket, head, now);
            if (match) best = { bucket, conversation: head, match };
          }
        }
      }
      if (best) return { conversationId: best.conversation.id, ...choiceOf(agentId, best.match, best.conversation) };
    }
    return null;
  }

  /** Push: decides the next assignment and records it on the board; null when nothing can be assigned. */
  assignNext(now: number): Assignment | null {
    const assignment = this.nextAssignment(now);
    if (assignment) this.recordAssignment(assignment.conversationId, assignment.agentId, now);
    return assignment;
  }

  /** Pull ("take next"): the agent's next conversation, recorded on the board; null when none. */
  takeNext(agentId: string, now: number): Assignment | null {
    const assignment = this.nextForAgent(agentId, now);
    if (assignment) this.recordAssignment(assignment.conversationId, assignment.agentId, now);
    return assignment;
  }

  /** A conversation went to an agent (here or on another node): it leaves the queue, the agent's load rises. */
  recordAssignment(conversationId: string, agentId: string, now: number): void {
    this.remove(conversationId);
    this.pools.recordAssignment(agentId, now);
  }

  private bucketFor(conversation: QueuedConversation): Bucket {
    const boostMs = tierBoostOf(conversation, this.policy);
    const department = departmentIndex(conversation.department);
    const language = languageIndex(conversation.language);
    const minTier = tierIndex(conversation.minTier);
    const index = laneIndex(priorityIndex(conversation.priority), department, language);
    const lane = this.lanes[index] ?? [];
    this.lanes[index] = lane;
    let bucket = lane.find((b) => b.minTier === minTier && b.boostMs === boostMs);
    if (!bucket) {
      const rule = this.policy.overflow(conversation.department, conversation.language);
      bucket = { department, language, minTier, boostMs, rule, heap: new IndexedHeap(arrivalOrder, (c) => c.id) };
      lane.push(bucket);
    }
    return bucket;
  }

  /** Whether any available agent may take the bucket's head now. */
  private hasCandidate(bucket: Bucket, head: QueuedConversation, now: number): boolean {
    const { department: d, language: l, minTier } = bucket;
    return this.pools.any(d, l, PROFICIENT, minTier) ||
      (this.pools.any(d, l, BASIC, minTier) && lowerOpen(bucket, head, now)) ||
      (englishOpen(bucket, head, now) && this.pools.any(d, ENGLISH, PROFICIENT, minTier));
  }

  /** The best agent for the head: the first language class with anyone in it, then the top of its pools. */
  private assignmentFor({ bucket, conversation }: Head, now: number): Assignment | null {
    const { department: d, language: l, minTier } = bucket;
    const proficient = this.pools.best(d, l, PROFICIENT, minTier);
    if (proficient) return { conversationId: conversation.id, ...choiceOf(proficient.id, 'proficient', conversation) };
    const basic = lowerOpen(bucket, conversation, now) ? this.pools.best(d, l, BASIC, minTier) : undefined;
    if (basic) return { conversationId: conversation.id, ...choiceOf(basic.id, 'lower_proficiency', conversation) };
    const english = englishOpen(bucket, conversation, now) ? this.pools.best(d, ENGLISH, PROFICIENT, minTier) : undefined;
    return english ? { conversationId: conversation.id, ...choiceOf(english.id, 'english_fallback', conversation) } : null;
  }
}

function priorityIndex(priority: Priority): number {
  const rank = priorityRank(priority);
  if (rank < 0) throw new RangeError(`routing board: unknown priority ${priority}`);
  return rank;
}

/** The agent's match for a bucket's head, from their precomputed language classes (as `languageMatchOf`). */
function matchOf(entry: AgentEntry, bucket: Bucket, head: QueuedConversation, now: number): LanguageMatch | null {
  const skill = entry.languageClass[bucket.language];
  if (skill === PROFICIENT) return 'proficient';
  if (skill === BASIC && lowerOpen(bucket, head, now)) return 'lower_proficiency';
  if (entry.englishProficient && englishOpen(bucket, head, now)) return 'english_fallback';
  return null;
}
