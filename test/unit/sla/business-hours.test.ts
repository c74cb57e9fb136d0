/**
 * Business-time arithmetic against cases computed by hand. Instants are written in UTC; the
 * comment beside each gives the local time. Berlin is UTC+1 (CET) until 2026-03-29 02:00, then
 * UTC+2 (CEST) until 2026-10-25 03:00. New York is UTC-4 (EDT) until 2026-11-01 02:00, then UTC-5.
 */
import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  alwaysOpen,
  assertValidCalendar,
  businessTimeBetween,
  isOpen,
  nextOpening,
  validateCalendar,
  type BusinessCalendar,
} from '../../../src/core/sla/business-hours.ts';
import {
  HOUR,
  MINUTE,
  berlinAroundTheClock,
  berlinDaily,
  berlinNights,
  berlinOffice,
  newYorkNights,
  newYorkOffice,
  utc,
  weekly,
} from './calendars.ts';

describe('addBusinessTime', () => {
  it('carries what does not fit before closing to the next working morning', () => {
    // Mon 17:30 CET + 1 h with hours 09–18: 30 min on Monday, 30 min on Tuesday → Tue 09:30 CET.
    expect(addBusinessTime(utc('2026-03-16T16:30'), HOUR, berlinOffice)).toEqual(utc('2026-03-17T08:30'));
  });

  it('skips the weekend', () => {
    // Fri 17:00 CET + 2 h: 1 h on Friday, Sat and Sun closed, 1 h from Mon 09:00 → Mon 10:00 CET.
    expect(addBusinessTime(utc('2026-03-13T16:00'), 2 * HOUR, berlinOffice)).toEqual(utc('2026-03-16T09:00'));
  });

  it('skips holidays', () => {
    // Thu 2 Apr 17:00 CEST + 2 h: 1 h on Thursday; Good Friday, the weekend and Easter Monday are
    // closed; 1 h from Tue 7 Apr 09:00 → Tue 10:00 CEST.
    expect(addBusinessTime(utc('2026-04-02T15:00'), 2 * HOUR, berlinOffice)).toEqual(utc('2026-04-07T08:00'));
  });

  it('keeps local opening times across the spring DST switch in Berlin (2026-03-29)', () => {
    // Fri 27 Mar 17:00 CET + 2 h: 1 h on Friday; Monday opens at 09:00 CEST (07:00Z), not 08:00Z.
    expect(addBusinessTime(utc('2026-03-27T16:00'), 2 * HOUR, berlinOffice)).toEqual(utc('2026-03-30T08:00'));
    // Every day 08–20: Sat 28 Mar 19:00 CET + 2 h: 1 h on Saturday, Sunday opens 08:00 CEST (06:00Z)
    // → Sun 09:00 CEST = 07:00Z.
    expect(addBusinessTime(utc('2026-03-28T18:00'), 2 * HOUR, berlinDaily)).toEqual(utc('2026-03-29T07:00'));
  });

  it('counts the short night of the spring switch on a night desk', () => {
    // Nights 22–06: Sat 28 Mar 22:00 CET (21:00Z) to Sun 06:00 CEST (04:00Z) is 7 h, not 8.
    expect(addBusinessTime(utc('2026-03-28T21:00'), 7 * HOUR, berlinNights)).toEqual(utc('2026-03-29T04:00'));
    // One more hour waits for Sunday night: 22:00 CEST (20:00Z) + 1 h → 21:00Z.
    expect(addBusinessTime(utc('2026-03-28T21:00'), 8 * HOUR, berlinNights)).toEqual(utc('2026-03-29T21:00'));
  });

  it('counts the long night of the autumn switch in New York (2026-11-01)', () => {
    // Nights 22–06: Sat 31 Oct 22:00 EDT (02:00Z) to Sun 06:00 EST (11:00Z) is 9 h.
    expect(addBusinessTime(utc('2026-11-01T02:00'), 9 * HOUR, newYorkNights)).toEqual(utc('2026-11-01T11:00'));
    // Office hours: Fri 30 Oct 16:00 EDT + 2 h: 1 h on Friday, then Mon 09:00 EST (14:00Z) + 1 h.
    expect(addBusinessTime(utc('2026-10-30T20:00'), 2 * HOUR, newYorkOffice)).toEqual(utc('2026-11-02T15:00'));
  });

  it('runs an overnight shift through midnight without a break', () => {
    // Nights 22–06 (winter, CET): Mon 16 Mar 23:00 CET + 3 h → Tue 02:00 CET = 01:00Z.
    expect(addBusinessTime(utc('2026-03-16T22:00'), 3 * HOUR, berlinNights)).toEqual(utc('2026-03-17T01:00'));
    // Tue 05:00 CET + 2 h: 1 h to 06:00, then 22:00 → Tue 23:00 CET = 22:00Z.
    expect(addBusinessTime(utc('2026-03-17T04:00'), 2 * HOUR, berlinNights)).toEqual(utc('2026-03-17T22:00'));
  });

  it('is wall time when open 24/7', () => {
    expect(addBusinessTime(utc('2026-03-28T21:17'), 50 * HOUR, alwaysOpen)).toEqual(utc('2026-03-30T23:17'));
  });

  it('closes a 24/7 team on its holidays only', () => {
    // Thu 24 Dec 23:00 CET + 2 h: 1 h to midnight, Christmas Day closed, then 26 Dec 00:00 CET
    // (25 Dec 23:00Z) + 1 h → 26 Dec 00:00Z.
    expect(addBusinessTime(utc('2026-12-24T22:00'), 2 * HOUR, berlinAroundTheClock)).toEqual(utc('2026-12-26T00:00'));
  });

  it('starts counting at the next opening when started after closing', () => {
    // Exactly at closing, Mon 18:00 CET + 30 min → Tue 09:30 CET.
    expect(addBusinessTime(utc('2026-03-16T17:00'), 30 * MINUTE, berlinOffice)).toEqual(utc('2026-03-17T08:30'));
    // Saturday noon + 1 h → Mon 10:00 CET.
    expect(addBusinessTime(utc('2026-03-14T11:00'), HOUR, berlinOffice)).toEqual(utc('2026-03-16T09:00'));
  });

  it('is due at closing when the time runs out exactly at closing', () => {
    // Mon 17:00 CET + 1 h → Mon 18:00 CET, not Tuesday 09:00.
    expect(addBusinessTime(utc('2026-03-16T16:00'), HOUR, berlinOffice)).toEqual(utc('2026-03-16T17:00'));
  });

  it('gives the start for no time at all and refuses negative time and never-open calendars', () => {
    expect(addBusinessTime(utc('2026-03-14T11:00'), 0, berlinOffice)).toEqual(utc('2026-03-14T11:00'));
    expect(() => addBusinessTime(utc('2026-03-14T11:00'), -1, berlinOffice)).toThrow(RangeError);
    const never: BusinessCalendar = { timeZone: 'UTC', weekly: weekly([], []), holidays: [] };
    expect(() => addBusinessTime(utc('2026-03-14T11:00'), HOUR, never)).toThrow(RangeError);
  });
});

describe('DST edge cases of opening times', () => {
  const sundayEarly: BusinessCalendar = {
    timeZone: 'Europe/Berlin',
    weekly: weekly(['sun'], [{ start: '02:30', end: '04:00' }]),
    holidays: [],
  };

  it('opens at the jump when the opening time falls in the spring-forward gap', () => {
    // 2026-03-29: clocks jump 02:00 → 03:00 CEST (01:00Z); "02:30" first arrives at 03:00 CEST.
    expect(nextOpening(utc('2026-03-28T12:00'), sundayEarly)).toEqual(utc('2026-03-29T01:00'));
    expect(businessTimeBetween(utc('2026-03-28T12:00'), utc('2026-03-30T00:00'), sundayEarly)).toBe(HOUR);
    // A normal Sunday has the whole 1 h 30 min.
    expect(businessTimeBetween(utc('2026-03-21T12:00'), utc('2026-03-23T00:00'), sundayEarly)).toBe(90 * MINUTE);
  });

  it('opens at the first 02:30 in the autumn overlap and stays open through the repeated hour', () => {
    // 2026-10-25: 03:00 CEST (01:00Z) falls back to 02:00 CET. 02:30 CEST is 00:30Z; 04:00 CET is 03:00Z.
    expect(nextOpening(utc('2026-10-24T12:00'), sundayEarly)).toEqual(utc('2026-10-25T00:30'));
    expect(businessTimeBetween(utc('2026-10-24T12:00'), utc('2026-10-26T00:00'), sundayEarly)).toBe(150 * MINUTE);
  });
});

describe('businessTimeBetween', () => {
  it('counts open time only', () => {
    // Mon 16 Mar 00:00 to Mon 23 Mar 00:00 (UTC): five days of 9 h.
    expect(businessTimeBetween(utc('2026-03-16T00:00'), utc('2026-03-23T00:00'), berlinOffice)).toBe(45 * HOUR);
    // Fri 17:00 CET to Mon 10:00 CET: 1 h + 1 h.
    expect(businessTimeBetween(utc('2026-03-13T16:00'), utc('2026-03-16T09:00'), berlinOffice)).toBe(2 * HOUR);
  });

  it('counts the week of the spring switch with local hours', () => {
    // Mon 23 Mar to Mon 30 Mar 12:00 CEST: five full days (45 h) plus Monday 09–12 (3 h).
    expect(businessTimeBetween(utc('2026-03-23T00:00'), utc('2026-03-30T10:00'), berlinOffice)).toBe(48 * HOUR);
  });

  it('is zero for an empty or reversed range and for a closed stretch', () => {
    expect(businessTimeBetween(utc('2026-03-16T10:00'), utc('2026-03-16T10:00'), berlinOffice)).toBe(0);
    expect(businessTimeBetween(utc('2026-03-16T12:00'), utc('2026-03-16T10:00'), berlinOffice)).toBe(0);
    expect(businessTimeBetween(utc('2026-03-14T00:00'), utc('2026-03-15T23:00'), berlinOffice)).toBe(0);
  });

  it('measures the autumn night in New York as 9 h and the spring night in Berlin as 7 h', () => {
    expect(businessTimeBetween(utc('2026-10-31T12:00'), utc('2026-11-01T12:00'), newYorkNights)).toBe(2 * HOUR + 7 * HOUR);
    // Sat 28 Mar 12:00 to Sun 29 Mar 12:00 Berlin: Sat 22–24 (2 h) + Sun 00–06 with the jump (5 h).
    expect(businessTimeBetween(utc('2026-03-28T11:00'), utc('2026-03-29T10:00'), berlinNights)).toBe(7 * HOUR);
  });
});

describe('isOpen and nextOpening', () => {
  it('treats opening as open and closing as closed', () => {
    expect(isOpen(utc('2026-03-16T08:00'), berlinOffice)).toBe(true); // Mon 09:00 CET
    expect(isOpen(utc('2026-03-16T07:59:59.999'), berlinOffice)).toBe(false);
    expect(isOpen(utc('2026-03-16T16:59:59.999'), berlinOffice)).toBe(true);
    expect(isOpen(utc('2026-03-16T17:00'), berlinOffice)).toBe(false); // Mon 18:00 CET
  });

  it('is closed on weekends and holidays, open at night on a night desk', () => {
    expect(isOpen(utc('2026-03-14T12:00'), berlinOffice)).toBe(false);
    expect(isOpen(utc('2026-04-03T10:00'), berlinOffice)).toBe(false); // Good Friday 12:00 CEST
    expect(isOpen(utc('2026-03-16T23:30'), berlinNights)).toBe(true); // Tue 00:30 CET
    expect(isOpen(utc('2026-03-16T12:00'), berlinNights)).toBe(false);
    expect(isOpen(utc('2026-12-25T12:00'), berlinAroundTheClock)).toBe(false);
    expect(isOpen(utc('2026-12-25T23:00'), berlinAroundTheClock)).toBe(true); // 26 Dec 00:00 CET
  });

  it('finds the next opening, or the instant itself when open, or null when never open', () => {
    expect(nextOpening(utc('2026-03-14T12:00'), berlinOffice)).toEqual(utc('2026-03-16T08:00'));
    expect(nextOpening(utc('2026-04-02T17:00'), berlinOffice)).toEqual(utc('2026-04-07T07:00'));
    expect(nextOpening(utc('2026-03-16T10:00'), berlinOffice)).toEqual(utc('2026-03-16T10:00'));
    const never: BusinessCalendar = { timeZone: 'UTC', weekly: weekly([], []), holidays: [] };
    expect(nextOpening(utc('2026-03-16T10:00'), never)).toBeNull();
  });
});

describe('validateCalendar', () => {
  it('accepts the shipped examples and the 24/7 default', () => {
    for (const calendar of [alwaysOpen, berlinOffice, berlinNights, newYorkOffice, berlinAroundTheClock]) {
      expect(validateCalendar(calendar)).toEqual([]);
    }
  });

  it('names each problem', () => {
    const problems = validateCalendar({
      timeZone: 'Mars/Olympus_Mons',
      weekly: {
        ...weekly([], []),
        mon: [{ start: '22:00', end: '06:00' }],
        tue: [{ start: '9:00', end: '25:00' }],
        wed: [{ start: '09:00', end: '13:00' }, { start: '12:30', end: '18:00' }],
      },
      holidays: ['2026-02-30', '25.12.2026'],
    });
    expect(problems).toEqual([
      'unknown time zone "Mars/Olympus_Mons": use an IANA name such as Europe/Berlin',
      'mon: 22:00–06:00 does not end after it starts; write an overnight shift as two intervals (…–24:00 and 00:00–…)',
      'tue: start "9:00" is not a time HH:MM (00:00–23:59)',
      'tue: end "25:00" is not a time HH:MM (00:00–24:00)',
      'wed: 09:00–13:00 overlaps 12:30–18:00',
      'holiday "2026-02-30" is not a date YYYY-MM-DD',
      'holiday "25.12.2026" is not a date YYYY-MM-DD',
    ]);
  });

  it('rejects a calendar that is never open, and start ≥ end', () => {
    expect(validateCalendar({ timeZone: 'UTC', weekly: weekly([], []), holidays: [] })).toEqual([
      'the calendar is never open: give at least one opening interval',
    ]);
    expect(validateCalendar({ timeZone: 'UTC', weekly: weekly(['mon'], [{ start: '10:00', end: '10:00' }]), holidays: [] }))
      .toContain('the calendar is never open: give at least one opening interval');
    expect(validateCalendar({ timeZone: 'UTC', weekly: weekly(['mon'], [{ start: '24:00', end: '24:00' }]), holidays: [] })[0])
      .toMatch(/^mon: start "24:00"/);
  });

  it('lets adjacent intervals touch', () => {
    const touching = weekly(['mon'], [{ start: '09:00', end: '12:00' }, { start: '12:00', end: '18:00' }]);
    expect(validateCalendar({ timeZone: 'UTC', weekly: touching, holidays: [] })).toEqual([]);
  });

  it('throws a 400 validation_failed error listing the problems', () => {
    expect(() => assertValidCalendar({ timeZone: 'Nowhere', weekly: 'always', holidays: [] })).toThrow(
      expect.objectContaining({ code: 'validation_failed', status: 400, details: { problems: [expect.stringContaining('Nowhere')] } }),
    );
    expect(() => assertValidCalendar(berlinOffice)).not.toThrow();
  });
});
