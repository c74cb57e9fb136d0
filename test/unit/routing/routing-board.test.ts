import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RoutingBoard, routingPolicyOf, type QueuedConversation, type RoutingAgent } from '../../../src/core/routing/index.ts';
import { agentsArb, conversationShape, policyOptionsArb } from './arbitraries.ts';
import { agent, queued, speaks } from './factories.ts';
import { ReferenceEngine, type RoutingEngine } from './simulation.ts';

const policy = routingPolicyOf({ tierBoostSeconds: { vip: 120 } });

describe('RoutingBoard', () => {
  it('assigns in queue order, fills agents up to capacity, then stops', () => {
    const board = new RoutingBoard(policy);
    board.setAgent(agent('a', { capacity: 1 }));
    board.setAgent(agent('b', { capacity: 1 }));
    board.enqueue(queued('normal', { queuedAt: 0 }));
    board.enqueue(queued('urgent', { priority: 'urgent', queuedAt: 5_000 }));
    board.enqueue(queued('low', { priority: 'low', queuedAt: 0 }));
    expect(board.assignNext(10_000)).toEqual({ conversationId: 'urgent', agentId: 'a', match: 'proficient' });
    expect(board.assignNext(10_000)).toEqual({ conversationId: 'normal', agentId: 'b', match: 'proficient' });
    expect(board.assignNext(10_000)).toBeNull();
    expect(board.queuedCount).toBe(1);
    expect(board.agent('a')).toMatchObject({ load: 1, lastAssignedAt: 10_000 });
  });

  it('counts each assignment in the agent’s load: the next conversation goes to the less busy agent', () => {
    const board = new RoutingBoard(policy);
    board.setAgent(agent('a', { capacity: 3 }));
    board.setAgent(agent('b', { capacity: 3, lastAssignedAt: 1 }));
    for (const id of ['c1', 'c2', 'c3', 'c4']) board.enqueue(queued(id));
    expect([1, 2, 3, 4].map((at) => board.assignNext(at)?.agentId)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('gives a pulling agent the first conversation they may take, and records it', () => {
    const board = new RoutingBoard(policy);
    board.setAgent(agent('ru', { departments: ['withdrawals'], languages: speaks('ru', 'native') }));
    board.enqueue(queued('en-case', { department: 'withdrawals', priority: 'urgent' }));
    board.enqueue(queued('ru-case', { department: 'withdrawals', language: 'ru' }));
    expect(board.takeNext('ru', 1_000)).toEqual({ conversationId: 'ru-case', agentId: 'ru', match: 'proficient' });
    expect(board.takeNext('ru', 1_000)).toBeNull();
    expect(board.conversation('ru-case')).toBeNull();
  });

  it('moves a conversation enqueued again under its id (a transfer keeps one entry)', () => {
    const board = new RoutingBoard(policy);
    board.setAgent(agent('dep', { departments: ['deposits'] }));
    board.enqueue(queued('c1', { department: 'kyc' }));
    expect(board.assignNext(0)).toBeNull();
    board.enqueue(queued('c1', { department: 'deposits' }));
    expect(board.queuedCount).toBe(1);
    expect(board.assignNext(0)?.agentId).toBe('dep');
  });

  it('stops assigning to an agent who goes away, and starts again when they are back', () => {
    const board = new RoutingBoard(policy);
    board.setAgent(agent('a', { presence: 'away' }));
    board.enqueue(queued('c1'));
    expect(board.assignNext(0)).toBeNull();
    board.setAgent(agent('a', { presence: 'online' }));
    expect(board.assignNext(0)?.agentId).toBe('a');
  });
});

type Op =
  | { kind: 'enqueue'; id: number; conversation: Omit<QueuedConversation, 'id'> }
  | { kind: 'remove'; id: number }
  | { kind: 'setAgent'; agent: RoutingAgent }
  | { kind: 'free'; id: number }
  | { kind: 'assignNext' }
  | { kind: 'takeNext'; id: number }
  | { kind: 'advance'; ms: number };

const AGENT_IDS = 6;
const CONVERSATION_IDS = 25;

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('enqueue' as const), id: fc.nat(CONVERSATION_IDS - 1), conversation: conversationShape(300_000) }), weight: 6 },
  { arbitrary: fc.record({ kind: fc.constant('remove' as const), id: fc.nat(CONVERSATION_IDS - 1) }), weight: 1 },
  {
    arbitrary: fc.record({ kind: fc.constant('setAgent' as const), agent: agentsArb({ min: 1, max: 1, loaded: true }), id: fc.nat(AGENT_IDS - 1) })
      .map(({ kind, agent: [shape], id }) => ({ kind, agent: { ...(shape as RoutingAgent), id: `a${id}` } })),
    weight: 3,
  },
  { arbitrary: fc.record({ kind: fc.constant('free' as const), id: fc.nat(AGENT_IDS - 1) }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'assignNext' as const }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('takeNext' as const), id: fc.nat(AGENT_IDS - 1) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 120_000 }) }), weight: 2 },
);

/** `free` becomes a concrete `setAgent` (one slot fewer), so both engines are given the same agent. */
function concrete(op: Op, reference: ReferenceEngine): Op {
  if (op.kind !== 'free') return op;
  const current = reference.agent(`a${op.id}`);
  return current ? { kind: 'setAgent', agent: { ...current, load: Math.max(0, current.load - 1) } } : { kind: 'advance', ms: 0 };
}

/** Applies one operation; `queuedAt` of a generated conversation is read as "this long ago". */
function run(engine: RoutingEngine, op: Op, now: number): unknown {
  switch (op.kind) {
    case 'enqueue':
      return engine.enqueue({ ...op.conversation, id: `c${op.id}`, queuedAt: now - op.conversation.queuedAt });
    case 'remove':
      return engine.remove(`c${op.id}`);
    case 'setAgent':
      return engine.setAgent(op.agent);
    case 'assignNext':
      return engine.assignNext(now);
    case 'takeNext':
      return engine.takeNext(`a${op.id}`, now);
    case 'free':
    case 'advance':
      return undefined;
  }
}

describe('RoutingBoard ≡ the plain functions', () => {
  it('answers every operation as firstAssignment / nextForAgent would, on random histories', () => {
    fc.assert(
      fc.property(policyOptionsArb, agentsArb({ min: 2, max: AGENT_IDS, loaded: true }), fc.array(opArb, { minLength: 10, maxLength: 60, size: 'max' }), (options, agents, ops) => {
        const routing = routingPolicyOf(options);
        const board = new RoutingBoard(routing);
        const reference = new ReferenceEngine(routing);
        let now = 1_000_000;
        for (const initial of agents) {
          board.setAgent(initial);
          reference.setAgent(initial);
        }
        ops.forEach((generated, step) => {
          const op = concrete(generated, reference);
          if (op.kind === 'advance') now += op.ms;
          expect(run(board, op, now)).toEqual(run(reference, op, now));
          // Peeks change nothing; asking one agent per step keeps the test fast and still asks everyone.
          const asked = `a${step % AGENT_IDS}`;
          expect(board.nextAssignment(now)).toEqual(reference.nextAssignment(now));
          expect(board.nextForAgent(asked, now)).toEqual(reference.nextForAgent(asked, now));
        });
        expect(board.queuedCount).toBe(reference.queued.size);
        for (const expected of reference.agents.values()) {
          expect(board.agent(expected.id)).toMatchObject({ load: expected.load, lastAssignedAt: expected.lastAssignedAt });
        }
      }),
      { numRuns: 100 },
    );
  });
});
