/**
 * The SLA clocks of one conversation and how its lifecycle moves them. The reducer mirrors the
 * conversation's own events (`conversation.status_changed`, `conversation.message_posted`), so the
 * app feeds it what the conversation core already decided, in order, and commits what it returns.
 *
 * - Entering people's hands (from the bot, from nothing, or reopened): first response starts
 *   unless it already ran, and resolution starts afresh. A reopened conversation gets a new
 *   resolution clock with the full target: the earlier one already reported its outcome at
 *   resolution, and carrying its time over would breach a reopen at once for an old delay.
 * - A public agent reply stops first response and next response.
 * - A public customer message after the first agent reply starts next response (unless one is
 *   already counting since an earlier unanswered message).
 * - Waiting on the customer pauses every running clock; leaving that state resumes them.
 * - Resolved or closed stops every clock.
 * Transfers (assigned → queued) and internal waits move no clock: the customer is still waiting.
 */
import type { AuthorKind, ConversationState, Visibility } from '../conversations/types.ts';
import type { BusinessCalendar } from './business-hours.ts';
import {
  dueAt,
  pauseClock,
  resumeClock,
  startClock,
  statusAt,
  stopClock,
  warnAt,
  type SlaClock,
} from './clock.ts';
import { slaEvents, type SlaEventPayload, type SlaMeasure } from './events.ts';
import { slaMetrics, targetFor, type SlaMetric, type SlaPolicy } from './policy.ts';

/** A conversation's clocks by metric; a metric never started has none. Plain JSON. */
export type SlaClocks = Partial<Record<SlaMetric, SlaClock>>;

/** A lifecycle change of the conversation, as its events tell it. `from: null` for a new conversation. */
export type SlaChange =
  | { type: 'status_changed'; from: ConversationState | null; to: ConversationState }
  | { type: 'message_posted'; authorKind: AuthorKind; visibility: Visibility };

/** An instant at which the app should look at a clock again (a durable job), to raise a warning or a breach. */
export interface SlaTimer {
  metric: SlaMetric;
  kind: 'warning' | 'breach';
  at: Date;
}

/** What the reducer decided: the new clocks, the events to commit with them, the timers to schedule. */
export interface SlaDecision {
  clocks: SlaClocks;
  events: SlaEventPayload[];
  timers: SlaTimer[];
}

const enteringStates: readonly (ConversationState | null)[] = [null, 'bot', 'resolved', 'closed'];
const finishedStates: readonly ConversationState[] = ['resolved', 'closed'];

function isActive(clock: SlaClock | undefined): clock is SlaClock {
  return clock !== undefined && clock.state !== 'stopped';
}

function mapClocks(clocks: SlaClocks, move: (clock: SlaClock) => SlaClock): SlaClocks {
  const next: SlaClocks = {};
  for (const metric of slaMetrics) {
    const clock = clocks[metric];
    if (clock) next[metric] = move(clock);
  }
  return next;
}

/** The facts an SLA event reports about `clock` (as it was before the change) with `elapsedMs` counted. */
function measure(clock: SlaClock, elapsedMs: number, calendar: BusinessCalendar): SlaMeasure {
  const due = dueAt(clock, calendar);
  return { metric: clock.metric, policyId: clock.policyId, targetMs: clock.targetMs, dueAt: due ? due.getTime() : null, elapsedMs };
}

/** Stops the named clocks that are still counting; `sla.met`, or `sla.breached` unless already told. */
function stopAll(
  clocks: SlaClocks,
  metrics: readonly SlaMetric[],
  at: Date,
  calendar: BusinessCalendar,
): { clocks: SlaClocks; events: SlaEventPayload[] } {
  const next: SlaClocks = { ...clocks };
  const events: SlaEventPayload[] = [];
  for (const metric of metrics) {
    const clock = clocks[metric];
    if (!isActive(clock)) continue;
    const stopped = stopClock(clock, at, calendar);
    const facts = measure(clock, stopped.elapsedMs, calendar);
    if (stopped.outcome === 'met') events.push({ type: slaEvents.met, ...facts });
    else if (!clock.breachEmitted) events.push({ type: slaEvents.breached, escalate: clock.escalateOnBreach, ...facts });
    next[metric] = { ...stopped, breachEmitted: clock.breachEmitted || stopped.outcome === 'breached' };
  }
  return { clocks: next, events };
}

/** Starts `metric` at `at` under the policy, when the policy sets a target for it. */
function started(clocks: SlaClocks, metric: SlaMetric, at: Date, policy: SlaPolicy | null): SlaClocks {
  const targetMs = policy ? targetFor(policy, metric) : null;
  if (!policy || targetMs === null) return clocks;
  const terms = { policyId: policy.id, warnAtFraction: policy.warnAtFraction, escalateOnBreach: policy.escalateOnBreach };
  return { ...clocks, [metric]: startClock(metric, targetMs, at, terms) };
}

function afterStatusChange(
  clocks: SlaClocks,
  from: ConversationState | null,
  to: ConversationState,
  at: Date,
  policy: SlaPolicy | null,
  calendar: BusinessCalendar,
): { clocks: SlaClocks; events: SlaEventPayload[] } {
  if (from === to) return { clocks, events: [] };
  if (finishedStates.includes(to)) return stopAll(clocks, slaMetrics, at, calendar);
  if (to === 'bot') return { clocks, events: [] };
  let next = clocks;
  if (enteringStates.includes(from)) {
    if (!next.first_response) next = started(next, 'first_response', at, policy);
    if (!isActive(next.resolution)) next = started(next, 'resolution', at, policy);
  }
  if (to === 'waiting_customer') next = mapClocks(next, (clock) => pauseClock(clock, at, calendar));
  else if (from === 'waiting_customer') next = mapClocks(next, (clock) => resumeClock(clock, at));
  return { clocks: next, events: [] };
}

function afterMessagePosted(
  clocks: SlaClocks,
  authorKind: AuthorKind,
  at: Date,
  policy: SlaPolicy | null,
  calendar: BusinessCalendar,
): { clocks: SlaClocks; events: SlaEventPayload[] } {
  if (authorKind === 'agent') return stopAll(clocks, ['first_response', 'next_response'], at, calendar);
  const agentHasReplied = clocks.first_response?.state === 'stopped';
  if (authorKind === 'customer' && agentHasReplied && !isActive(clocks.next_response)) {
    return { clocks: started(clocks, 'next_response', at, policy), events: [] };
  }
  return { clocks, events: [] };
}

/** The warning and breach instants of every running clock whose event is still to come. */
export function timersFor(clocks: SlaClocks, calendar: BusinessCalendar): SlaTimer[] {
  const timers: SlaTimer[] = [];
  for (const metric of slaMetrics) {
    const clock = clocks[metric];
    if (clock?.state !== 'running') continue;
    const warning = clock.warningEmitted ? null : warnAt(clock, calendar);
    const breach = clock.breachEmitted ? null : dueAt(clock, calendar);
    if (warning) timers.push({ metric, kind: 'warning', at: warning });
    if (breach) timers.push({ metric, kind: 'breach', at: breach });
  }
  return timers;
}

/**
 * The clocks after one lifecycle change at `at`, with the events it decides (met or breached on
 * stop) and the timers to schedule. `policy` is the conversation's current policy (null: none
 * applies, so nothing new starts); clocks already counting keep the terms they started with.
 */
export function clocksAfter(
  clocks: SlaClocks,
  change: SlaChange,
  at: Date,
  policy: SlaPolicy | null,
  calendar: BusinessCalendar,
): SlaDecision {
  const step = change.type === 'status_changed'
    ? afterStatusChange(clocks, change.from, change.to, at, policy, calendar)
    : change.visibility === 'public'
      ? afterMessagePosted(clocks, change.authorKind, at, policy, calendar)
      : { clocks, events: [] };
  return { ...step, timers: timersFor(step.clocks, calendar) };
}

/**
 * What a timer finds at `at`: warnings and breaches now reached and not yet told, as events, and
 * the clocks marked so that a repeated or stale timer decides nothing twice. A clock that breached
 * before its warning was told skips the warning. Running and paused clocks are checked (a clock
 * paused just after its due instant still breached).
 */
export function slaEventsDue(
  clocks: SlaClocks,
  at: Date,
  calendar: BusinessCalendar,
): { clocks: SlaClocks; events: SlaEventPayload[] } {
  const events: SlaEventPayload[] = [];
  const next = mapClocks(clocks, (clock) => {
    if (clock.state === 'stopped' || clock.breachEmitted) return clock;
    const status = statusAt(clock, at, calendar);
    if (status.breached) {
      events.push({ type: slaEvents.breached, escalate: clock.escalateOnBreach, ...measure(clock, status.elapsedMs, calendar) });
      return { ...clock, warningEmitted: true, breachEmitted: true };
    }
    if (status.warning && !clock.warningEmitted) {
      events.push({ type: slaEvents.warningReached, ...measure(clock, status.elapsedMs, calendar) });
      return { ...clock, warningEmitted: true };
    }
    return clock;
  });
  return { clocks: next, events };
}
