/**
 * The conversation state machine, who hears which event, and who hears which signal: every
 * transition and refusal, the reopen window and close timing to the millisecond, and a property
 * over random command sequences.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { audienceOf } from '../../../src/core/conversations/audience.ts';
import type { Actor, ConversationEventPayload } from '../../../src/core/conversations/events.ts';
import {
  afterMessage,
  applyPatch,
  assign,
  close,
  isOpen,
  noChange,
  reopen,
  resolve,
  transfer,
  type Decision,
} from '../../../src/core/conversations/lifecycle.ts';
import { signalAudience, type Signal } from '../../../src/core/conversations/signals.ts';
import {
  authorKinds,
  conversationStates,
  departments,
  languages,
  openStates,
  visibilities,
  type AuthorKind,
  type Conversation,
  type ConversationState,
  type Visibility,
} from '../../../src/core/conversations/types.ts';
import { DomainError } from '../../../src/core/errors.ts';

const T0 = new Date('2025-03-01T12:00:00.000Z');
const HOUR = 3600_000;
const at = (ms: number) => new Date(T0.getTime() + ms);

function conversation(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: '01950000-0000-7000-8000-000000000001',
    customerId: 'cust-1',
    channel: 'webchat',
    state: 'queued',
    department: 'deposits',
    language: 'en',
    priority: 'normal',
    assigneeId: null,
    subject: 'USDT deposit missing',
    lastSeq: 1,
    version: 1,
    createdAt: T0,
    updatedAt: T0,
    resolvedAt: null,
    closedAt: null,
    ...overrides,
  };
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a refusal');
}

const statusChanges = (decision: Decision) => decision.events.filter((e) => e.type === 'conversation.status_changed');

describe('assign', () => {
  it.each(['bot', 'queued'] as const)('takes a %s conversation to assigned, with both events', (state) => {
    const decision = assign(conversation({ state }), 'agent-1');
    expect(decision.patch).toEqual({ assigneeId: 'agent-1', state: 'assigned' });
    expect(decision.events).toEqual([
      { type: 'conversation.assigned', agentId: 'agent-1', previousAgentId: null },
      { type: 'conversation.status_changed', from: state, to: 'assigned', reason: 'assigned' },
    ]);
  });

  it.each(['assigned', 'waiting_customer', 'waiting_internal'] as const)('hands a %s conversation to another agent without changing its state', (state) => {
    const decision = assign(conversation({ state, assigneeId: 'agent-1' }), 'agent-2');
    expect(decision.patch).toEqual({ assigneeId: 'agent-2', state });
    expect(decision.events).toEqual([{ type: 'conversation.assigned', agentId: 'agent-2', previousAgentId: 'agent-1' }]);
  });

  it('changes nothing when the agent already has it', () => {
    expect(assign(conversation({ state: 'assigned', assigneeId: 'agent-1' }), 'agent-1')).toBe(noChange);
    expect(assign(conversation({ state: 'waiting_customer', assigneeId: 'agent-1' }), 'agent-1')).toBe(noChange);
  });

  it('refuses resolved (reopen first) and closed conversations', () => {
    expect(refusal(() => assign(conversation({ state: 'resolved', resolvedAt: T0 }), 'agent-1'))).toBe('invalid_transition');
    expect(refusal(() => assign(conversation({ state: 'closed', resolvedAt: T0, closedAt: T0 }), 'agent-1'))).toBe('conversation_closed');
  });
});

describe('transfer', () => {
  it('sends an assigned conversation back to the queue of another department', () => {
    const decision = transfer(conversation({ state: 'assigned', assigneeId: 'agent-1' }), { department: 'withdrawals' }, 'wrong team');
    expect(decision.patch).toEqual({ department: 'withdrawals', language: 'en', assigneeId: null, state: 'queued' });
    expect(decision.events).toEqual([
      {
        type: 'conversation.transferred',
        from: { department: 'deposits', language: 'en', assigneeId: 'agent-1' },
        to: { department: 'withdrawals', language: 'en', assigneeId: null },
        reason: 'wrong team',
      },
      { type: 'conversation.status_changed', from: 'assigned', to: 'queued', reason: 'transferred' },
    ]);
  });

  it('gives it straight to a named agent', () => {
    const decision = transfer(conversation(), { agentId: 'agent-9', language: 'ko' }, 'Korean speaker');
    expect(decision.patch).toMatchObject({ assigneeId: 'agent-9', language: 'ko', state: 'assigned' });
    expect(statusChanges(decision)).toEqual([{ type: 'conversation.status_changed', from: 'queued', to: 'assigned', reason: 'transferred' }]);
  });

  it('moves a queued conversation between queues without a status change', () => {
    const decision = transfer(conversation(), { department: 'kyc' }, 'kyc case');
    expect(decision.patch.state).toBe('queued');
    expect(statusChanges(decision)).toEqual([]);
  });

  it('refuses a transfer to where the conversation already is, and closed or resolved ones', () => {
    expect(refusal(() => transfer(conversation(), { department: 'deposits', language: 'en' }, 'same'))).toBe('invalid_transition');
    expect(refusal(() => transfer(conversation({ state: 'assigned', assigneeId: 'a' }), { agentId: 'a' }, 'same'))).toBe('invalid_transition');
    expect(refusal(() => transfer(conversation({ state: 'resolved', resolvedAt: T0 }), { department: 'kyc' }, 'x'))).toBe('invalid_transition');
    expect(refusal(() => transfer(conversation({ state: 'closed', resolvedAt: T0, closedAt: T0 }), { department: 'kyc' }, 'x'))).toBe('conversation_closed');
  });
});

describe('resolve', () => {
  it.each(openStates)('resolves a %s conversation and stamps the time', (state) => {
    const decision = resolve(conversation({ state, assigneeId: state === 'bot' || state === 'queued' ? null : 'a' }), at(HOUR), 'answered');
    expect(decision.patch).toEqual({ state: 'resolved', resolvedAt: at(HOUR) });
    expect(decision.events).toEqual([{ type: 'conversation.status_changed', from: state, to: 'resolved', reason: 'answered' }]);
  });

  it('refuses to resolve twice, or a closed conversation', () => {
    expect(refusal(() => resolve(conversation({ state: 'resolved', resolvedAt: T0 }), at(1), null))).toBe('invalid_transition');
    expect(refusal(() => resolve(conversation({ state: 'closed', resolvedAt: T0, closedAt: T0 }), at(1), null))).toBe('conversation_closed');
  });
});

describe('reopen', () => {
  const window = 14 * 24 * HOUR;
  const resolved = (overrides: Partial<Conversation> = {}) => conversation({ state: 'resolved', resolvedAt: T0, ...overrides });

  it('returns to the agent who had it, or to the queue', () => {
    expect(reopen(resolved({ assigneeId: 'agent-1' }), at(HOUR), window, null).patch).toEqual({ state: 'assigned', resolvedAt: null, closedAt: null });
    const decision = reopen(resolved(), at(HOUR), window, 'customer wrote back');
    expect(decision.patch).toEqual({ state: 'queued', resolvedAt: null, closedAt: null });
    expect(decision.events).toEqual([{ type: 'conversation.status_changed', from: 'resolved', to: 'queued', reason: 'customer wrote back' }]);
    expect(reopen(resolved(), at(HOUR), window, null).events[0]).toMatchObject({ reason: 'reopened' });
  });

  it('reopens up to the last millisecond of the window, counted from the resolution', () => {
    expect(reopen(resolved(), at(window), window, null).patch.state).toBe('queued');
    expect(refusal(() => reopen(resolved(), at(window + 1), window, null))).toBe('conversation_closed');
    const closedLater = resolved({ state: 'closed', closedAt: at(72 * HOUR) });
    expect(reopen(closedLater, at(window), window, null).patch).toEqual({ state: 'queued', resolvedAt: null, closedAt: null });
    expect(refusal(() => reopen(closedLater, at(window + 1), window, null))).toBe('conversation_closed');
  });

  it.each(openStates)('refuses a %s conversation: it is already open', (state) => {
    expect(refusal(() => reopen(conversation({ state }), at(1), window, null))).toBe('invalid_transition');
  });
});

describe('close', () => {
  const closeAfter = 72 * HOUR;

  it('closes a resolved conversation once the grace period is over, not a millisecond before', () => {
    const resolved = conversation({ state: 'resolved', resolvedAt: T0 });
    expect(close(resolved, at(closeAfter - 1), closeAfter)).toBe(noChange);
    const decision = close(resolved, at(closeAfter), closeAfter);
    expect(decision.patch).toEqual({ state: 'closed', closedAt: at(closeAfter) });
    expect(decision.events).toEqual([{ type: 'conversation.status_changed', from: 'resolved', to: 'closed', reason: 'auto_close' }]);
  });

  it('leaves anything that is not resolved alone (reopened meanwhile, already closed)', () => {
    for (const state of conversationStates.filter((s) => s !== 'resolved')) {
      expect(close(conversation({ state, resolvedAt: T0 }), at(10 * closeAfter), closeAfter)).toBe(noChange);
    }
    expect(close(conversation({ state: 'resolved', resolvedAt: null }), at(10 * closeAfter), closeAfter)).toBe(noChange);
  });
});

describe('afterMessage', () => {
  const withAgent = { assigneeId: 'agent-1' };

  it("turns an assigned conversation to waiting on the customer when the agent replies", () => {
    const decision = afterMessage(conversation({ state: 'assigned', ...withAgent }), 'agent', 'public');
    expect(decision.patch).toEqual({ state: 'waiting_customer' });
    expect(decision.events).toEqual([{ type: 'conversation.status_changed', from: 'assigned', to: 'waiting_customer', reason: 'agent_replied' }]);
  });

  it("brings a waiting or resolved conversation back to its agent, or the queue, when the customer writes", () => {
    expect(afterMessage(conversation({ state: 'waiting_customer', ...withAgent }), 'customer', 'public').patch).toEqual({ state: 'assigned', resolvedAt: null });
    expect(afterMessage(conversation({ state: 'waiting_customer' }), 'customer', 'public').patch).toEqual({ state: 'queued', resolvedAt: null });
    const decision = afterMessage(conversation({ state: 'resolved', resolvedAt: T0, ...withAgent }), 'customer', 'public');
    expect(decision.patch).toEqual({ state: 'assigned', resolvedAt: null });
    expect(decision.events).toEqual([{ type: 'conversation.status_changed', from: 'resolved', to: 'assigned', reason: 'customer_replied' }]);
  });

  it('changes nothing for other messages in open conversations', () => {
    for (const state of openStates) {
      const c = conversation({ state, ...(state === 'bot' || state === 'queued' ? {} : withAgent) });
      expect(afterMessage(c, 'agent', 'internal'), `${state} note`).toBe(noChange);
      if (state !== 'assigned') expect(afterMessage(c, 'agent', 'public'), `${state} agent`).toBe(noChange);
      if (state !== 'waiting_customer') expect(afterMessage(c, 'customer', 'public'), `${state} customer`).toBe(noChange);
      expect(afterMessage(c, 'bot', 'public'), `${state} bot`).toBe(noChange);
      expect(afterMessage(c, 'system', 'public'), `${state} system`).toBe(noChange);
    }
  });

  it('refuses agent replies and notes on a resolved conversation, and anything on a closed one', () => {
    const resolved = conversation({ state: 'resolved', resolvedAt: T0, ...withAgent });
    expect(refusal(() => afterMessage(resolved, 'agent', 'public'))).toBe('invalid_transition');
    expect(refusal(() => afterMessage(resolved, 'agent', 'internal'))).toBe('invalid_transition');
    const closed = conversation({ state: 'closed', resolvedAt: T0, closedAt: T0 });
    for (const author of authorKinds) {
      for (const visibility of visibilities) expect(refusal(() => afterMessage(closed, author, visibility))).toBe('conversation_closed');
    }
  });
});

describe('applyPatch and isOpen', () => {
  it('applies a patch to a copy, bumping version and updatedAt', () => {
    const before = conversation();
    const after = applyPatch(before, { state: 'assigned', assigneeId: 'a' }, at(5));
    expect(after).toMatchObject({ state: 'assigned', assigneeId: 'a', version: 2, updatedAt: at(5), department: 'deposits' });
    expect(before).toMatchObject({ state: 'queued', assigneeId: null, version: 1, updatedAt: T0 });
  });

  it('counts every state but resolved and closed as open', () => {
    expect(conversationStates.filter(isOpen)).toEqual(['bot', 'queued', 'assigned', 'waiting_customer', 'waiting_internal']);
  });
});

describe('audienceOf', () => {
  it('keeps internal notes with the agents', () => {
    const note = audienceOf({ payload: { type: 'conversation.message_posted', visibility: 'internal' } });
    expect(note).toEqual({ customer: false, conversationAgents: true, queueAgents: true });
  });

  it('shows public messages to the customer too, and treats a message of unknown visibility as internal', () => {
    expect(audienceOf({ payload: { type: 'conversation.message_posted', visibility: 'public' } }).customer).toBe(true);
    expect(audienceOf({ payload: { type: 'conversation.message_posted' } }).customer).toBe(false);
  });

  it.each(['conversation.created', 'conversation.status_changed', 'conversation.assigned', 'conversation.transferred'] as const)(
    'tells everyone about %s',
    (type) => {
      expect(audienceOf({ payload: { type } })).toEqual({ customer: true, conversationAgents: true, queueAgents: true });
    },
  );
});

describe('signalAudience', () => {
  const customer: Actor = { kind: 'customer', id: 'cust-1' };
  const agent: Actor = { kind: 'agent', id: 'agent-1' };

  it("sends the customer's typing and reads to the conversation's agents only", () => {
    for (const signal of [
      { type: 'typing', conversationId: 'c1', customerId: 'cust-1', author: customer, isTyping: true },
      { type: 'read', conversationId: 'c1', customerId: 'cust-1', reader: customer, seq: 3 },
    ] satisfies Signal[]) {
      expect(signalAudience(signal)).toEqual({ customerId: null, conversationId: 'c1', allAgents: false });
    }
  });

  it("sends an agent's typing and reads to the conversation's customer and agents", () => {
    for (const signal of [
      { type: 'typing', conversationId: 'c1', customerId: 'cust-1', author: agent, isTyping: false },
      { type: 'read', conversationId: 'c1', customerId: 'cust-1', reader: agent, seq: 2 },
    ] satisfies Signal[]) {
      expect(signalAudience(signal)).toEqual({ customerId: 'cust-1', conversationId: 'c1', allAgents: false });
    }
  });

  it('sends presence to every agent and no customer', () => {
    expect(signalAudience({ type: 'presence', agentId: 'agent-1', name: 'Ana', status: 'away' })).toEqual({ customerId: null, conversationId: null, allAgents: true });
  });
});

type Command =
  | { kind: 'assign'; agentId: string }
  | { kind: 'transfer'; department?: (typeof departments)[number]; language?: (typeof languages)[number]; agentId?: string }
  | { kind: 'resolve' }
  | { kind: 'reopen' }
  | { kind: 'close' }
  | { kind: 'message'; author: AuthorKind; visibility: Visibility }
  | { kind: 'wait'; ms: number };

const agentIds = ['agent-1', 'agent-2', 'agent-3'];
const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('assign' as const), agentId: fc.constantFrom(...agentIds) }),
  fc.record(
    { kind: fc.constant('transfer' as const), department: fc.constantFrom(...departments), language: fc.constantFrom(...languages), agentId: fc.constantFrom(...agentIds) },
    { requiredKeys: ['kind'] },
  ),
  fc.constant({ kind: 'resolve' as const }),
  fc.constant({ kind: 'reopen' as const }),
  fc.constant({ kind: 'close' as const }),
  fc.record({ kind: fc.constant('message' as const), author: fc.constantFrom(...authorKinds), visibility: fc.constantFrom(...visibilities) }),
  fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 20 * 24 * HOUR }) }),
);

describe('any sequence of commands', () => {
  const closeAfter = 72 * HOUR;
  const window = 14 * 24 * HOUR;

  function decide(c: Conversation, cmd: Exclude<Command, { kind: 'wait' }>, now: Date): { decision: Decision; extra: ConversationEventPayload[] } {
    switch (cmd.kind) {
      case 'assign': return { decision: assign(c, cmd.agentId), extra: [] };
      case 'transfer': return { decision: transfer(c, cmd, 'because'), extra: [] };
      case 'resolve': return { decision: resolve(c, now, null), extra: [] };
      case 'reopen': return { decision: reopen(c, now, window, null), extra: [] };
      case 'close': return { decision: close(c, now, closeAfter), extra: [] };
      case 'message': {
        const decision = afterMessage(c, cmd.author, cmd.visibility);
        // The event the store adds for every stored message.
        const posted: ConversationEventPayload = { type: 'conversation.message_posted', messageId: 'm', seq: c.lastSeq + 1, authorKind: cmd.author, visibility: cmd.visibility };
        return { decision, extra: [posted] };
      }
    }
  }

  it('keeps a valid state, reports every state change exactly once, and never shows a note to the customer', () => {
    fc.assert(
      fc.property(fc.constantFrom<ConversationState>('bot', 'queued'), fc.array(command, { maxLength: 40 }), (initial, commands) => {
        let c = conversation({ state: initial });
        let now = T0;
        for (const cmd of commands) {
          if (cmd.kind === 'wait') {
            now = new Date(now.getTime() + cmd.ms);
            continue;
          }
          let outcome: ReturnType<typeof decide>;
          try {
            outcome = decide(c, cmd, now);
          } catch (err) {
            // Refusals are domain errors the caller can act on, and change nothing.
            expect(err).toBeInstanceOf(DomainError);
            continue;
          }
          const { decision, extra } = outcome;
          const next = applyPatch(c, decision.patch, now);
          const changes = statusChanges(decision);
          const moves = changes.map((e) => (e.type === 'conversation.status_changed' ? `${e.from}->${e.to}` : ''));
          expect(moves).toEqual(next.state !== c.state ? [`${c.state}->${next.state}`] : []);

          for (const event of [...extra, ...decision.events]) {
            const audience = audienceOf({ payload: event });
            if (event.type === 'conversation.message_posted' && event.visibility === 'internal') expect(audience.customer).toBe(false);
          }
          c = { ...next, lastSeq: c.lastSeq + extra.length };
          expect(conversationStates).toContain(c.state);
          // Timestamps and assignment agree with the state.
          if (isOpen(c.state)) expect([c.resolvedAt, c.closedAt]).toEqual([null, null]);
          if (c.state === 'resolved') expect(c.resolvedAt !== null && c.closedAt === null).toBe(true);
          if (c.state === 'closed') expect(c.closedAt).not.toBeNull();
          if (c.state === 'assigned' || c.state === 'waiting_customer') expect(c.assigneeId).not.toBeNull();
          if (c.state === 'queued') expect(c.assigneeId).toBeNull();
        }
      }),
      { numRuns: 500 },
    );
  });
});
