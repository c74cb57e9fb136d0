/** Business calendars the SLA tests share, and a terse way to write instants. */
import type { BusinessCalendar, OpeningHours, Weekday } from '../../../src/core/sla/business-hours.ts';

export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** An instant written in UTC, e.g. `utc('2026-03-16T16:30')`; tests say the local time beside it. */
export function utc(isoWithoutZone: string): Date {
  return new Date(`${isoWithoutZone}Z`);
}

/** The same hours on each listed weekday, closed on the others. */
export function weekly(days: readonly Weekday[], hours: OpeningHours[]): Record<Weekday, OpeningHours[]> {
  const all: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  return Object.fromEntries(all.map((day) => [day, days.includes(day) ? hours : []])) as Record<Weekday, OpeningHours[]>;
}

const workdays: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const everyDay: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Berlin office: Monday to Friday 09:00–18:00, Easter 2026 and Christmas closed. */
export const berlinOffice: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: weekly(workdays, [{ start: '09:00', end: '18:00' }]),
  holidays: ['2026-04-03', '2026-04-06', '2026-12-25', '2026-12-26'],
};

/** Berlin, every day 08:00–20:00 (weekend cover too). */
export const berlinDaily: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: weekly(everyDay, [{ start: '08:00', end: '20:00' }]),
  holidays: [],
};

/** Berlin night desk, every night 22:00–06:00, written as two intervals per day. */
export const berlinNights: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: weekly(everyDay, [{ start: '00:00', end: '06:00' }, { start: '22:00', end: '24:00' }]),
  holidays: [],
};

/** New York office: Monday to Friday 09:00–17:00. */
export const newYorkOffice: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: weekly(workdays, [{ start: '09:00', end: '17:00' }]),
  holidays: [],
};

/** New York night desk, every night 22:00–06:00. */
export const newYorkNights: BusinessCalendar = {
  timeZone: 'America/New_York',
  weekly: weekly(everyDay, [{ start: '00:00', end: '06:00' }, { start: '22:00', end: '24:00' }]),
  holidays: [],
};

/** Berlin 24/7 except Christmas Day. */
export const berlinAroundTheClock: BusinessCalendar = {
  timeZone: 'Europe/Berlin',
  weekly: 'always',
  holidays: ['2026-12-25'],
};

/** Lord Howe Island: a half-hour DST shift; split shifts with a lunch break, every day. */
export const lordHoweSplitShift: BusinessCalendar = {
  timeZone: 'Australia/Lord_Howe',
  weekly: weekly(everyDay, [{ start: '08:30', end: '12:00' }, { start: '13:00', end: '17:30' }]),
  holidays: ['2026-12-25'],
};

/** Kathmandu (UTC+05:45, no DST): Sunday to Friday 10:00–17:00. */
export const kathmanduOffice: BusinessCalendar = {
  timeZone: 'Asia/Kathmandu',
  weekly: weekly(['sun', 'mon', 'tue', 'wed', 'thu', 'fri'], [{ start: '10:00', end: '17:00' }]),
  holidays: [],
};
