/**
 * Properties of business-time arithmetic over random instants, durations and calendars, and a
 * cross-check against a slow oracle that asks Intl for the local wall clock every 15 minutes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  alwaysOpen,
  businessTimeBetween,
  isOpen,
  nextOpening,
  type BusinessCalendar,
  type Weekday,
} from '../../../src/core/sla/business-hours.ts';
import {
  HOUR,
  berlinAroundTheClock,
  berlinDaily,
  berlinNights,
  berlinOffice,
  kathmanduOffice,
  lordHoweSplitShift,
  newYorkNights,
  newYorkOffice,
} from './calendars.ts';

const calendars: BusinessCalendar[] = [
  alwaysOpen,
  berlinOffice,
  berlinDaily,
  berlinNights,
  newYorkOffice,
  newYorkNights,
  berlinAroundTheClock,
  lordHoweSplitShift,
  kathmanduOffice,
];

const DAY = 24 * HOUR;
const QUARTER = 15 * 60_000;
const from2025 = Date.UTC(2025, 0, 1);
const to2028 = Date.UTC(2028, 0, 1);

const calendar = fc.constantFrom(...calendars);
const instant = fc.integer({ min: from2025, max: to2028 }).map((ms) => new Date(ms));
const duration = fc.integer({ min: 0, max: 40 * DAY });

describe('business-time properties', () => {
  it('addBusinessTime and businessTimeBetween are inverse', () => {
    fc.assert(
      fc.property(calendar, instant, duration, (cal, start, ms) => {
        expect(businessTimeBetween(start, addBusinessTime(start, ms, cal), cal)).toBe(ms);
      }),
      { numRuns: 300 },
    );
  });

  it('addBusinessTime is monotonic in the duration and never earlier than the start', () => {
    fc.assert(
      fc.property(calendar, instant, duration, duration, (cal, start, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        const early = addBusinessTime(start, short, cal).getTime();
        expect(early).toBeGreaterThanOrEqual(start.getTime());
        expect(early).toBeLessThanOrEqual(addBusinessTime(start, long, cal).getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('businessTimeBetween is at most wall time and adds up over a split range', () => {
    fc.assert(
      fc.property(calendar, instant, duration, duration, (cal, from, a, b) => {
        const middle = new Date(from.getTime() + Math.min(a, b));
        const to = new Date(from.getTime() + Math.max(a, b));
        const whole = businessTimeBetween(from, to, cal);
        expect(whole).toBeLessThanOrEqual(to.getTime() - from.getTime());
        expect(whole).toBe(businessTimeBetween(from, middle, cal) + businessTimeBetween(middle, to, cal));
      }),
      { numRuns: 200 },
    );
  });

  it('is wall time when open 24/7, in any zone', () => {
    const berlin247: BusinessCalendar = { timeZone: 'Europe/Berlin', weekly: 'always', holidays: [] };
    fc.assert(
      fc.property(fc.constantFrom(alwaysOpen, berlin247), instant, duration, (cal, start, ms) => {
        expect(addBusinessTime(start, ms, cal).getTime()).toBe(start.getTime() + ms);
        expect(businessTimeBetween(start, new Date(start.getTime() + ms), cal)).toBe(ms);
      }),
    );
  });

  it('nextOpening is open, and nothing between the instant and it is', () => {
    fc.assert(
      fc.property(calendar, instant, (cal, at) => {
        const opening = nextOpening(at, cal);
        expect(opening).not.toBeNull();
        expect(isOpen(opening as Date, cal)).toBe(true);
        expect(businessTimeBetween(at, opening as Date, cal)).toBe(0);
      }),
      { numRuns: 200 },
    );
  });
});

const weekdayNames: Record<string, Weekday> = {
  Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun',
};

const formats = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
    });
    formats.set(timeZone, format);
  }
  return format;
}

function minutesOf(text: string): number {
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

/**
 * Open at `t` by reading the local wall clock with Intl, independent of the code under test. It
 * agrees with the model wherever no opening time falls inside a DST change's skipped or repeated
 * hour, which holds for the calendars it is used with.
 */
function oracleIsOpen(cal: BusinessCalendar, t: number): boolean {
  const parts = Object.fromEntries(wallClock(cal.timeZone).formatToParts(t).map((part) => [part.type, part.value]));
  if (cal.holidays.includes(`${parts.year}-${parts.month}-${parts.day}`)) return false;
  if (cal.weekly === 'always') return true;
  const wall = Number(parts.hour) * 60 + Number(parts.minute);
  const day = weekdayNames[parts.weekday ?? ''] as Weekday;
  return cal.weekly[day].some((hours) => minutesOf(hours.start) <= wall && wall < minutesOf(hours.end));
}

describe('business time against a wall-clock oracle', () => {
  // Ranges across each zone's DST switches of 2026 and ordinary days; quarter-hour aligned, as
  // every opening time and every offset change of these calendars is.
  const around = [Date.UTC(2026, 2, 6), Date.UTC(2026, 2, 27), Date.UTC(2026, 9, 23), Date.UTC(2026, 3, 2), Date.UTC(2026, 9, 30), Date.UTC(2026, 11, 23)];
  const quarterInstant = fc
    .tuple(fc.constantFrom(...around), fc.integer({ min: 0, max: (4 * DAY) / QUARTER }))
    .map(([base, quarters]) => base + quarters * QUARTER);

  it('counts the same open quarters as the oracle', () => {
    fc.assert(
      fc.property(calendar, quarterInstant, fc.integer({ min: 0, max: (3 * DAY) / QUARTER }), (cal, from, quarters) => {
        let expected = 0;
        for (let q = 0; q < quarters; q += 1) if (oracleIsOpen(cal, from + q * QUARTER)) expected += QUARTER;
        expect(businessTimeBetween(new Date(from), new Date(from + quarters * QUARTER), cal)).toBe(expected);
        expect(isOpen(new Date(from), cal)).toBe(oracleIsOpen(cal, from));
      }),
      { numRuns: 60 },
    );
  });

  it('agrees quarter by quarter on the October 2026 Lord Howe switch (a 30-minute shift)', () => {
    // 2026-10-04 02:00 local: +10:30 becomes +11:00 (15:30Z on 3 Oct); Sunday opens 08:30 = 21:30Z.
    const start = Date.UTC(2026, 9, 1);
    const disagreements: string[] = [];
    for (let t = start; t < start + 7 * DAY; t += QUARTER) {
      if (isOpen(new Date(t), lordHoweSplitShift) !== oracleIsOpen(lordHoweSplitShift, t)) disagreements.push(new Date(t).toISOString());
    }
    expect(disagreements).toEqual([]);
    expect(isOpen(new Date('2026-10-03T21:30:00Z'), lordHoweSplitShift)).toBe(true);
  });
});

describe('history', () => {
  it("agrees quarter by quarter on Recife's one-week daylight saving of October 2000", () => {
    // America/Recife went to -02:00 on 8 Oct 2000 and back to -03:00 on 15 Oct: two changes in
    // one week, the closest pair in the tz data since 1970.
    const recife: BusinessCalendar = { ...lordHoweSplitShift, timeZone: 'America/Recife', holidays: [] };
    const start = Date.UTC(2000, 9, 5);
    const disagreements: string[] = [];
    for (let t = start; t < start + 14 * DAY; t += QUARTER) {
      if (isOpen(new Date(t), recife) !== oracleIsOpen(recife, t)) disagreements.push(new Date(t).toISOString());
    }
    expect(disagreements).toEqual([]);
  });
});

describe('speed', () => {
  it('adds a month of business time by whole days, not minutes', () => {
    // About 22 time-zone lookups (~5 µs each) per uncached month, ~0.15 ms on an idle machine;
    // asking Intl minute by minute would take ~200 ms. The bound is loose so that a busy machine
    // never fails it, and tight enough to catch the slow design.
    const zones = ['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Sao_Paulo'];
    const started = performance.now();
    let calls = 0;
    for (const timeZone of zones) {
      const cal: BusinessCalendar = { ...berlinOffice, timeZone };
      for (let i = 0; i < 40; i += 1) {
        addBusinessTime(new Date(Date.UTC(2030 + (i % 5), i % 12, 1 + i, 7)), 30 * 9 * HOUR * (5 / 7), cal);
        calls += 1;
      }
    }
    expect((performance.now() - started) / calls).toBeLessThan(10);
  });
});
