/**
 * One SLA clock: a small state machine (running ⇄ paused → stopped) that counts business time
 * against a target. A clock is plain JSON: every instant in it is epoch milliseconds. Functions
 * take and return `Date`s; only the stored state uses numbers.
 *
 * Reaching the target is a breach: "answer within 1 h" means before the hour is full, so a clock
 * stopped at the very instant it is due is breached. That keeps one rule for every question (is
 * it breached now? was it met?) and lets a breach timer fire at the due instant.
 */
import type { BusinessCalendar } from './business-hours.ts';
import { addBusinessTime, businessTimeBetween } from './business-hours.ts';
import { defaultWarnAtFraction, type SlaMetric } from './policy.ts';

/** What a clock counts against, copied from the policy when it starts: editing a policy later does not move running deadlines. */
export interface ClockTerms {
  policyId: string | null;
  targetMs: number;
  warnAtFraction: number;
  escalateOnBreach: boolean;
}

interface ClockBase extends ClockTerms {
  metric: SlaMetric;
  startedAt: number;
  /** Business time counted before the current run (running), or in all (paused, stopped). */
  elapsedMs: number;
  /** The warning event was decided; it is never decided twice. */
  warningEmitted: boolean;
  /** The breach event was decided; it is never decided twice. */
  breachEmitted: boolean;
}

/** A clock counting business time since `runningSince`. */
export interface RunningClock extends ClockBase {
  state: 'running';
  runningSince: number;
}

/** A clock held while the conversation waits on the customer. */
export interface PausedClock extends ClockBase {
  state: 'paused';
  pausedAt: number;
}

/** A clock that has stopped for good, with its outcome. */
export interface StoppedClock extends ClockBase {
  state: 'stopped';
  stoppedAt: number;
  outcome: 'met' | 'breached';
}

/** One SLA clock, serialisable as JSON. */
export type SlaClock = RunningClock | PausedClock | StoppedClock;

/** A clock's standing at an instant. */
export interface ClockStatus {
  state: 'running' | 'paused' | 'met' | 'breached';
  elapsedMs: number;
  remainingMs: number;
  warning: boolean;
  breached: boolean;
}

/** Start a clock for `metric` at `at`, counting towards `targetMs` of business time. */
export function startClock(
  metric: SlaMetric,
  targetMs: number,
  at: Date,
  terms: Partial<Omit<ClockTerms, 'targetMs'>> = {},
): RunningClock {
  if (!(Number.isFinite(targetMs) && targetMs > 0)) throw new RangeError(`An SLA target must be above 0 ms, got ${targetMs}`);
  return {
    metric,
    policyId: terms.policyId ?? null,
    targetMs,
    warnAtFraction: terms.warnAtFraction ?? defaultWarnAtFraction,
    escalateOnBreach: terms.escalateOnBreach ?? false,
    state: 'running',
    startedAt: at.getTime(),
    runningSince: at.getTime(),
    elapsedMs: 0,
    warningEmitted: false,
    breachEmitted: false,
  };
}

/** Business time on the clock at `at`. */
export function elapsedAt(clock: SlaClock, at: Date, calendar: BusinessCalendar): number {
  if (clock.state !== 'running') return clock.elapsedMs;
  return clock.elapsedMs + businessTimeBetween(new Date(clock.runningSince), at, calendar);
}

/** Hold a running clock at `at`, keeping the business time counted so far; other clocks are returned as they are. */
export function pauseClock(clock: SlaClock, at: Date, calendar: BusinessCalendar): SlaClock {
  if (clock.state !== 'running') return clock;
  const { runningSince: _runningSince, ...rest } = clock;
  return { ...rest, state: 'paused', pausedAt: at.getTime(), elapsedMs: elapsedAt(clock, at, calendar) };
}

/** Let a paused clock run again from `at`; other clocks are returned as they are. */
export function resumeClock(clock: SlaClock, at: Date): SlaClock {
  if (clock.state !== 'paused') return clock;
  const { pausedAt: _pausedAt, ...rest } = clock;
  return { ...rest, state: 'running', runningSince: at.getTime() };
}

/** Stop a clock for good at `at`: met if it stopped short of its target, breached otherwise. */
export function stopClock(clock: SlaClock, at: Date, calendar: BusinessCalendar): StoppedClock {
  if (clock.state === 'stopped') return clock;
  const elapsedMs = elapsedAt(clock, at, calendar);
  const base: ClockBase = {
    metric: clock.metric,
    policyId: clock.policyId,
    targetMs: clock.targetMs,
    warnAtFraction: clock.warnAtFraction,
    escalateOnBreach: clock.escalateOnBreach,
    startedAt: clock.startedAt,
    elapsedMs,
    warningEmitted: clock.warningEmitted,
    breachEmitted: clock.breachEmitted,
  };
  return { ...base, state: 'stopped', stoppedAt: at.getTime(), outcome: elapsedMs < clock.targetMs ? 'met' : 'breached' };
}

/** The business time after which `fraction` of the target is used up (whole ms, rounded up). */
function thresholdMs(clock: SlaClock, fraction: number): number {
  return Math.ceil(clock.targetMs * fraction);
}

/**
 * When a running clock reaches `thresholdMs`; its current start when it had already reached it
 * before (after a pause). Null while paused or stopped: a held clock has no deadline.
 */
function reachesAt(clock: SlaClock, threshold: number, calendar: BusinessCalendar): Date | null {
  if (clock.state !== 'running') return null;
  return addBusinessTime(new Date(clock.runningSince), Math.max(0, threshold - clock.elapsedMs), calendar);
}

/** When the running clock breaches; null while paused or stopped. */
export function dueAt(clock: SlaClock, calendar: BusinessCalendar): Date | null {
  return reachesAt(clock, clock.targetMs, calendar);
}

/** When the running clock reaches `fraction` of its target (its policy's share by default); null while paused or stopped. */
export function warnAt(clock: SlaClock, calendar: BusinessCalendar, fraction = clock.warnAtFraction): Date | null {
  return reachesAt(clock, thresholdMs(clock, fraction), calendar);
}

/** The clock's standing at `at`: business time used and left, and whether it warns or has breached. */
export function statusAt(clock: SlaClock, at: Date, calendar: BusinessCalendar): ClockStatus {
  const elapsedMs = elapsedAt(clock, at, calendar);
  const breached = clock.state === 'stopped' ? clock.outcome === 'breached' : elapsedMs >= clock.targetMs;
  const state = clock.state === 'stopped' ? clock.outcome : clock.state;
  return {
    state,
    elapsedMs,
    remainingMs: Math.max(0, clock.targetMs - elapsedMs),
    warning: elapsedMs >= thresholdMs(clock, clock.warnAtFraction),
    breached,
  };
}
