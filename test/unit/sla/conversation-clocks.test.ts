/**
 * A conversation's SLA clocks through its lifecycle: which clocks each change starts, pauses,
 * resumes and stops, which events it decides and which timers it asks for. Times are Berlin
 * office hours (Mon–Fri 09–18, CET = UTC+1) unless said otherwise.
 */
import { describe, expect, it } from 'vitest';
import { alwaysOpen } from '../../../src/core/sla/business-hours.ts';
import {
  clocksAfter,
  slaEventsDue,
  timersFor,
  type SlaChange,
  type SlaClocks,
} from '../../../src/core/sla/conversation-clocks.ts';
import type { SlaPolicy } from '../../../src/core/sla/policy.ts';
import { HOUR, MINUTE, berlinOffice, utc } from './calendars.ts';

const standard: SlaPolicy = {
  id: 'standard',
  name: 'Standard',
  match: {},
  targets: { firstResponseMs: HOUR, nextResponseMs: 2 * HOUR, resolutionMs: 8 * HOUR },
  warnAtFraction: 0.75,
  escalateOnBreach: true,
};

const queued: SlaChange = { type: 'status_changed', from: 'bot', to: 'queued' };
const assigned: SlaChange = { type: 'status_changed', from: 'queued', to: 'assigned' };
const agentReply: SlaChange = { type: 'message_posted', authorKind: 'agent', visibility: 'public' };
const customerMessage: SlaChange = { type: 'message_posted', authorKind: 'customer', visibility: 'public' };
const waitForCustomer: SlaChange = { type: 'status_changed', from: 'assigned', to: 'waiting_customer' };
const customerBack: SlaChange = { type: 'status_changed', from: 'waiting_customer', to: 'assigned' };
const resolved: SlaChange = { type: 'status_changed', from: 'assigned', to: 'resolved' };
const reopened: SlaChange = { type: 'status_changed', from: 'resolved', to: 'assigned' };

/** Applies changes in order, each at its instant, returning the clocks after the last. */
function replay(steps: [SlaChange, Date][], policy: SlaPolicy | null = standard): SlaClocks {
  return steps.reduce<SlaClocks>((clocks, [change, at]) => clocksAfter(clocks, change, at, policy, berlinOffice).clocks, {});
}

describe('queued for a person', () => {
  it('starts first response and resolution, with a warning and a breach timer each', () => {
    // Mon 09:00 CET: first response due 10:00 (warn 09:45); resolution due 17:00 (warn 15:00).
    const decision = clocksAfter({}, queued, utc('2026-03-16T08:00'), standard, berlinOffice);
    expect(Object.keys(decision.clocks).sort()).toEqual(['first_response', 'resolution']);
    expect(decision.clocks.first_response).toMatchObject({ state: 'running', policyId: 'standard', targetMs: HOUR, escalateOnBreach: true });
    expect(decision.events).toEqual([]);
    expect(decision.timers).toEqual([
      { metric: 'first_response', kind: 'warning', at: utc('2026-03-16T08:45') },
      { metric: 'first_response', kind: 'breach', at: utc('2026-03-16T09:00') },
      { metric: 'resolution', kind: 'warning', at: utc('2026-03-16T14:00') },
      { metric: 'resolution', kind: 'breach', at: utc('2026-03-16T16:00') },
    ]);
  });

  it('starts only the clocks the policy has targets for, and none without a policy', () => {
    const resolutionOnly = { ...standard, targets: { firstResponseMs: null, nextResponseMs: null, resolutionMs: 8 * HOUR } };
    expect(Object.keys(clocksAfter({}, queued, utc('2026-03-16T08:00'), resolutionOnly, berlinOffice).clocks)).toEqual(['resolution']);
    expect(clocksAfter({}, queued, utc('2026-03-16T08:00'), null, berlinOffice)).toEqual({ clocks: {}, events: [], timers: [] });
  });

  it('starts the clocks for a conversation that opens straight in the queue (email)', () => {
    const decision = clocksAfter({}, { type: 'status_changed', from: null, to: 'queued' }, utc('2026-03-16T08:00'), standard, berlinOffice);
    expect(Object.keys(decision.clocks).sort()).toEqual(['first_response', 'resolution']);
  });

  it('does not restart anything on assignment or transfer back to the queue', () => {
    const started = replay([[queued, utc('2026-03-16T08:00')]]);
    const later = replay([
      [queued, utc('2026-03-16T08:00')],
      [assigned, utc('2026-03-16T08:10')],
      [{ type: 'status_changed', from: 'assigned', to: 'queued' }, utc('2026-03-16T08:20')],
      [{ type: 'status_changed', from: 'queued', to: 'waiting_internal' }, utc('2026-03-16T08:25')],
    ]);
    expect(later).toEqual(started);
  });
});

describe('replies', () => {
  it('stops first response as met on the first public agent reply', () => {
    const clocks = replay([[queued, utc('2026-03-16T08:00')], [assigned, utc('2026-03-16T08:05')]]);
    const decision = clocksAfter(clocks, agentReply, utc('2026-03-16T08:40'), standard, berlinOffice);
    expect(decision.clocks.first_response).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: 40 * MINUTE });
    expect(decision.events).toEqual([
      { type: 'sla.met', metric: 'first_response', policyId: 'standard', targetMs: HOUR, dueAt: utc('2026-03-16T09:00').getTime(), elapsedMs: 40 * MINUTE },
    ]);
    expect(decision.timers.map((timer) => timer.metric)).toEqual(['resolution', 'resolution']);
  });

  it('reports a late first reply as breached, with the escalation flag of the policy', () => {
    const clocks = replay([[queued, utc('2026-03-16T08:00')]]);
    const decision = clocksAfter(clocks, agentReply, utc('2026-03-16T09:30'), standard, berlinOffice);
    expect(decision.events).toEqual([
      { type: 'sla.breached', escalate: true, metric: 'first_response', policyId: 'standard', targetMs: HOUR, dueAt: utc('2026-03-16T09:00').getTime(), elapsedMs: 90 * MINUTE },
    ]);
  });

  it('ignores internal notes and the bot', () => {
    const clocks = replay([[queued, utc('2026-03-16T08:00')]]);
    const note: SlaChange = { type: 'message_posted', authorKind: 'agent', visibility: 'internal' };
    const bot: SlaChange = { type: 'message_posted', authorKind: 'bot', visibility: 'public' };
    expect(clocksAfter(clocks, note, utc('2026-03-16T08:30'), standard, berlinOffice).clocks).toEqual(clocks);
    expect(clocksAfter(clocks, bot, utc('2026-03-16T08:30'), standard, berlinOffice).clocks).toEqual(clocks);
  });

  it('starts next response on a customer message after an agent reply, and an agent reply stops it', () => {
    const beforeReply = replay([[queued, utc('2026-03-16T08:00')], [customerMessage, utc('2026-03-16T08:10')]]);
    expect(beforeReply.next_response).toBeUndefined();
    const clocks = replay([
      [queued, utc('2026-03-16T08:00')],
      [assigned, utc('2026-03-16T08:05')],
      [agentReply, utc('2026-03-16T08:20')],
      [waitForCustomer, utc('2026-03-16T08:20')],
      [customerMessage, utc('2026-03-16T10:00')],
      [customerBack, utc('2026-03-16T10:00')],
    ]);
    expect(clocks.next_response).toMatchObject({ state: 'running', startedAt: utc('2026-03-16T10:00').getTime() });
    // A second customer message while unanswered keeps the clock from the first.
    const again = clocksAfter(clocks, customerMessage, utc('2026-03-16T10:30'), standard, berlinOffice).clocks;
    expect(again.next_response).toEqual(clocks.next_response);
    const answered = clocksAfter(again, agentReply, utc('2026-03-16T11:00'), standard, berlinOffice);
    expect(answered.clocks.next_response).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: HOUR });
    expect(answered.events.map((event) => [event.type, event.metric])).toEqual([['sla.met', 'next_response']]);
  });
});

describe('waiting on the customer', () => {
  it('pauses every running clock and resumes them when the customer is back', () => {
    // Resolution starts Mon 09:00 with 8 h (due 17:00). Waiting 09:20–12:20 pauses 3 business
    // hours, so resolution is due 3 h later: Mon 20:00 is past closing → 2 h Tue → Tue 11:00 CET.
    const waiting = replay([
      [queued, utc('2026-03-16T08:00')],
      [assigned, utc('2026-03-16T08:05')],
      [agentReply, utc('2026-03-16T08:20')],
      [waitForCustomer, utc('2026-03-16T08:20')],
    ]);
    expect(waiting.resolution).toMatchObject({ state: 'paused', elapsedMs: 20 * MINUTE });
    expect(timersFor(waiting, berlinOffice)).toEqual([]);
    const back = clocksAfter(waiting, customerBack, utc('2026-03-16T11:20'), standard, berlinOffice);
    expect(back.clocks.resolution).toMatchObject({ state: 'running', runningSince: utc('2026-03-16T11:20').getTime() });
    expect(back.timers.find((timer) => timer.metric === 'resolution' && timer.kind === 'breach')?.at).toEqual(utc('2026-03-17T10:00'));
  });

  it('does not count a weekend of waiting', () => {
    // Queued Friday 16:00 CET; waiting on the customer from 17:00 to Monday 09:00 costs nothing.
    const clocks = replay([
      [queued, utc('2026-03-13T15:00')],
      [{ type: 'status_changed', from: 'queued', to: 'waiting_customer' }, utc('2026-03-13T16:00')],
      [{ type: 'status_changed', from: 'waiting_customer', to: 'queued' }, utc('2026-03-16T08:00')],
    ]);
    expect(clocks.resolution).toMatchObject({ state: 'running', elapsedMs: HOUR });
  });
});

describe('resolution and reopening', () => {
  it('stops every clock on resolution and reports each outcome', () => {
    const clocks = replay([
      [queued, utc('2026-03-16T08:00')],
      [assigned, utc('2026-03-16T08:05')],
      [agentReply, utc('2026-03-16T08:20')],
    ]);
    const decision = clocksAfter(clocks, resolved, utc('2026-03-16T10:00'), standard, berlinOffice);
    expect(decision.clocks.resolution).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: 2 * HOUR });
    expect(decision.events.map((event) => [event.type, event.metric])).toEqual([['sla.met', 'resolution']]);
    expect(decision.timers).toEqual([]);
  });

  it('stops paused clocks too, keeping the time counted before the pause', () => {
    const decision = clocksAfter(
      replay([[queued, utc('2026-03-16T08:00')], [{ type: 'status_changed', from: 'queued', to: 'waiting_customer' }, utc('2026-03-16T09:00')]]),
      { type: 'status_changed', from: 'waiting_customer', to: 'resolved' },
      utc('2026-03-18T09:00'),
      standard,
      berlinOffice,
    );
    expect(decision.clocks.resolution).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: HOUR });
    // First response was never answered: it stopped with its hour used up, a breach.
    expect(decision.clocks.first_response).toMatchObject({ state: 'stopped', outcome: 'breached', elapsedMs: HOUR });
    expect(decision.events.find((event) => event.metric === 'resolution')).toMatchObject({ type: 'sla.met', dueAt: null });
  });

  it('gives a reopened conversation a fresh resolution clock and leaves first response as it was', () => {
    const done = replay([
      [queued, utc('2026-03-16T08:00')],
      [agentReply, utc('2026-03-16T08:20')],
      [resolved, utc('2026-03-16T09:00')],
    ]);
    const decision = clocksAfter(done, reopened, utc('2026-03-17T08:00'), standard, berlinOffice);
    expect(decision.clocks.resolution).toMatchObject({ state: 'running', elapsedMs: 0, startedAt: utc('2026-03-17T08:00').getTime() });
    expect(decision.clocks.first_response).toEqual(done.first_response);
    // The customer's message that reopened it awaits an answer: next response runs.
    const withMessage = clocksAfter(decision.clocks, customerMessage, utc('2026-03-17T08:00'), standard, berlinOffice);
    expect(withMessage.clocks.next_response).toMatchObject({ state: 'running' });
  });

  it('starts first response on reopen when no person ever handled the conversation', () => {
    const botOnly: SlaChange = { type: 'status_changed', from: 'resolved', to: 'queued' };
    expect(Object.keys(clocksAfter({}, botOnly, utc('2026-03-16T08:00'), standard, berlinOffice).clocks).sort())
      .toEqual(['first_response', 'resolution']);
  });
});

describe('timers firing', () => {
  const start = replay([[queued, utc('2026-03-16T08:00')]]);

  it('decides a warning once, then a breach once', () => {
    expect(slaEventsDue(start, utc('2026-03-16T08:44'), berlinOffice).events).toEqual([]);
    const warned = slaEventsDue(start, utc('2026-03-16T08:45'), berlinOffice);
    expect(warned.events).toEqual([
      { type: 'sla.warning_reached', metric: 'first_response', policyId: 'standard', targetMs: HOUR, dueAt: utc('2026-03-16T09:00').getTime(), elapsedMs: 45 * MINUTE },
    ]);
    expect(slaEventsDue(warned.clocks, utc('2026-03-16T08:50'), berlinOffice).events).toEqual([]);
    expect(timersFor(warned.clocks, berlinOffice).filter((timer) => timer.metric === 'first_response'))
      .toEqual([{ metric: 'first_response', kind: 'breach', at: utc('2026-03-16T09:00') }]);
    const breached = slaEventsDue(warned.clocks, utc('2026-03-16T09:00'), berlinOffice);
    expect(breached.events).toEqual([
      { type: 'sla.breached', escalate: true, metric: 'first_response', policyId: 'standard', targetMs: HOUR, dueAt: utc('2026-03-16T09:00').getTime(), elapsedMs: HOUR },
    ]);
    expect(slaEventsDue(breached.clocks, utc('2026-03-16T09:30'), berlinOffice).events).toEqual([]);
    // The late reply then reports nothing more: the breach was already told.
    expect(clocksAfter(breached.clocks, agentReply, utc('2026-03-16T09:30'), standard, berlinOffice).events).toEqual([]);
  });

  it('skips the warning when a late timer finds the clock already breached', () => {
    // At Mon 15:00 CET first response is long overdue and resolution has used its 6 h (75 %).
    const late = slaEventsDue(start, utc('2026-03-16T14:00'), berlinOffice);
    expect(late.events.map((event) => [event.type, event.metric])).toEqual([['sla.breached', 'first_response'], ['sla.warning_reached', 'resolution']]);
  });

  it('decides nothing for a stale timer after a pause moved the deadline', () => {
    const paused = clocksAfter(start, { type: 'status_changed', from: 'queued', to: 'waiting_customer' }, utc('2026-03-16T08:30'), standard, berlinOffice);
    expect(slaEventsDue(paused.clocks, utc('2026-03-16T09:00'), berlinOffice).events).toEqual([]);
  });

  it('keeps clocks plain JSON through a whole day', () => {
    const day = replay([
      [queued, utc('2026-03-16T08:00')],
      [agentReply, utc('2026-03-16T08:20')],
      [waitForCustomer, utc('2026-03-16T08:20')],
      [customerMessage, utc('2026-03-16T12:00')],
      [customerBack, utc('2026-03-16T12:00')],
    ]);
    expect(JSON.parse(JSON.stringify(day))).toEqual(day);
    expect(clocksAfter(day, resolved, utc('2026-03-16T13:00'), standard, alwaysOpen).events.map((event) => event.metric))
      .toEqual(['next_response', 'resolution']);
  });
});
