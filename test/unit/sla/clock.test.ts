/**
 * One SLA clock: start, pause, resume, stop, deadlines and standing, on the Berlin office
 * calendar (Mon–Fri 09–18, CET = UTC+1 in these March weeks).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alwaysOpen, businessTimeBetween } from '../../../src/core/sla/business-hours.ts';
import {
  dueAt,
  elapsedAt,
  pauseClock,
  resumeClock,
  startClock,
  statusAt,
  stopClock,
  warnAt,
  type SlaClock,
} from '../../../src/core/sla/clock.ts';
import { HOUR, MINUTE, berlinOffice, utc } from './calendars.ts';

const monday0900 = utc('2026-03-16T08:00');

describe('a running clock', () => {
  it('is due once its target of business time has passed, and warns at its share', () => {
    // Started Mon 09:00 CET with 4 h: due Mon 13:00, warning at 75 % = 3 h → Mon 12:00.
    const clock = startClock('resolution', 4 * HOUR, monday0900, { policyId: 'standard' });
    expect(dueAt(clock, berlinOffice)).toEqual(utc('2026-03-16T12:00'));
    expect(warnAt(clock, berlinOffice)).toEqual(utc('2026-03-16T11:00'));
    expect(warnAt(clock, berlinOffice, 0.5)).toEqual(utc('2026-03-16T10:00'));
  });

  it('reports its standing: running, then warning, then breached', () => {
    const clock = startClock('first_response', HOUR, monday0900);
    expect(statusAt(clock, utc('2026-03-16T08:30'), berlinOffice)).toEqual({
      state: 'running', elapsedMs: 30 * MINUTE, remainingMs: 30 * MINUTE, warning: false, breached: false,
    });
    expect(statusAt(clock, utc('2026-03-16T08:45'), berlinOffice)).toMatchObject({ warning: true, breached: false });
    expect(statusAt(clock, utc('2026-03-16T09:00'), berlinOffice)).toMatchObject({ remainingMs: 0, breached: true });
  });

  it('counts no time outside business hours', () => {
    // Started Mon 17:30 CET with 1 h: due Tue 09:30; at Tue 08:00 only 30 min have passed.
    const clock = startClock('first_response', HOUR, utc('2026-03-16T16:30'));
    expect(dueAt(clock, berlinOffice)).toEqual(utc('2026-03-17T08:30'));
    expect(statusAt(clock, utc('2026-03-17T07:00'), berlinOffice)).toMatchObject({ elapsedMs: 30 * MINUTE, breached: false });
  });

  it('refuses a target that is not above zero', () => {
    expect(() => startClock('resolution', 0, monday0900)).toThrow(RangeError);
    expect(() => startClock('resolution', Number.NaN, monday0900)).toThrow(RangeError);
  });
});

describe('pausing', () => {
  it('moves the deadline by the business time spent waiting on the customer', () => {
    // 4 h from Mon 09:00 is due 13:00. Waiting on the customer 10:00–13:00 (3 business hours)
    // leaves 3 h to count from 13:00 → due 16:00, 3 h later than before.
    const running = startClock('resolution', 4 * HOUR, monday0900);
    const paused = pauseClock(running, utc('2026-03-16T09:00'), berlinOffice);
    expect(paused).toMatchObject({ state: 'paused', elapsedMs: HOUR });
    expect(dueAt(paused, berlinOffice)).toBeNull();
    expect(warnAt(paused, berlinOffice)).toBeNull();
    const resumed = resumeClock(paused, utc('2026-03-16T12:00'));
    expect(dueAt(resumed, berlinOffice)).toEqual(utc('2026-03-16T15:00'));
  });

  it('carries the rest to the next working day when resumed late', () => {
    // Paused with 1 h counted; resumed Mon 17:00 CET with 3 h left: 1 h Monday, 2 h Tuesday → Tue 11:00.
    const paused = pauseClock(startClock('resolution', 4 * HOUR, monday0900), utc('2026-03-16T09:00'), berlinOffice);
    expect(dueAt(resumeClock(paused, utc('2026-03-16T16:00')), berlinOffice)).toEqual(utc('2026-03-17T10:00'));
  });

  it('holds the standing while paused', () => {
    const paused = pauseClock(startClock('resolution', 4 * HOUR, monday0900), utc('2026-03-16T09:00'), berlinOffice);
    expect(statusAt(paused, utc('2026-03-20T12:00'), berlinOffice)).toEqual({
      state: 'paused', elapsedMs: HOUR, remainingMs: 3 * HOUR, warning: false, breached: false,
    });
  });

  it('ignores pausing a paused clock and resuming a running one', () => {
    const paused = pauseClock(startClock('resolution', 4 * HOUR, monday0900), utc('2026-03-16T09:00'), berlinOffice);
    expect(pauseClock(paused, utc('2026-03-16T11:00'), berlinOffice)).toBe(paused);
    const running = startClock('resolution', 4 * HOUR, monday0900);
    expect(resumeClock(running, utc('2026-03-16T11:00'))).toBe(running);
  });

  it('counts exactly the running stretches, however it is paused (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 30 * HOUR }), { minLength: 1, maxLength: 8 }), (gaps) => {
        let clock: SlaClock = startClock('resolution', 1000 * HOUR, monday0900);
        let t = monday0900.getTime();
        let expected = 0;
        gaps.forEach((gap, index) => {
          const next = new Date(t + gap);
          if (index % 2 === 0) {
            expected += businessTimeBetween(new Date(t), next, berlinOffice);
            clock = pauseClock(clock, next, berlinOffice);
          } else {
            clock = resumeClock(clock, next);
          }
          t = next.getTime();
        });
        expect(elapsedAt(clock, new Date(t), berlinOffice)).toBe(expected);
      }),
    );
  });
});

describe('stopping', () => {
  it('is met short of the target and breached on reaching it', () => {
    const clock = startClock('first_response', HOUR, monday0900);
    expect(stopClock(clock, utc('2026-03-16T08:59:59.999'), berlinOffice)).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: HOUR - 1 });
    // Replying at the very instant the hour is full is late: the target is a limit.
    expect(stopClock(clock, utc('2026-03-16T09:00'), berlinOffice)).toMatchObject({ outcome: 'breached', elapsedMs: HOUR });
  });

  it('is breached when due at closing and answered the next morning', () => {
    // Due Mon 18:00 CET; no business time passes overnight, but the deadline has gone.
    const clock = startClock('first_response', HOUR, utc('2026-03-16T16:00'));
    expect(stopClock(clock, utc('2026-03-17T07:00'), berlinOffice)).toMatchObject({ outcome: 'breached', elapsedMs: HOUR });
  });

  it('keeps the time counted before a pause when stopped while paused', () => {
    const paused = pauseClock(startClock('resolution', 4 * HOUR, monday0900), utc('2026-03-16T09:00'), berlinOffice);
    const stopped = stopClock(paused, utc('2026-03-19T12:00'), berlinOffice);
    expect(stopped).toMatchObject({ state: 'stopped', outcome: 'met', elapsedMs: HOUR });
    expect(statusAt(stopped, utc('2026-03-30T12:00'), berlinOffice)).toEqual({
      state: 'met', elapsedMs: HOUR, remainingMs: 3 * HOUR, warning: false, breached: false,
    });
  });

  it('is final: stopping, pausing or resuming a stopped clock changes nothing', () => {
    const stopped = stopClock(startClock('resolution', HOUR, monday0900), utc('2026-03-16T08:10'), berlinOffice);
    expect(stopClock(stopped, utc('2026-03-16T12:00'), berlinOffice)).toBe(stopped);
    expect(pauseClock(stopped, utc('2026-03-16T12:00'), berlinOffice)).toBe(stopped);
    expect(resumeClock(stopped, utc('2026-03-16T12:00'))).toBe(stopped);
    expect(dueAt(stopped, berlinOffice)).toBeNull();
  });
});

describe('serialisation', () => {
  it('survives a JSON round trip in every state, with instants as epoch ms', () => {
    const running = startClock('next_response', 2 * HOUR, monday0900, { policyId: 'vip', warnAtFraction: 0.5, escalateOnBreach: true });
    const paused = pauseClock(running, utc('2026-03-16T09:00'), alwaysOpen);
    const stopped = stopClock(paused, utc('2026-03-16T10:00'), alwaysOpen);
    for (const clock of [running, paused, stopped]) expect(JSON.parse(JSON.stringify(clock))).toEqual(clock);
    expect(running).toEqual({
      metric: 'next_response', policyId: 'vip', targetMs: 2 * HOUR, warnAtFraction: 0.5, escalateOnBreach: true,
      state: 'running', startedAt: monday0900.getTime(), runningSince: monday0900.getTime(), elapsedMs: 0,
      warningEmitted: false, breachEmitted: false,
    });
    expect(Object.keys(paused)).not.toContain('runningSince');
    expect(Object.keys(stopped)).not.toContain('pausedAt');
  });
});
