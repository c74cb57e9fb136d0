/**
 * Business hours: when a team is open, in its own time zone, and how much open time lies between
 * two instants. SLA clocks count only open time, so "first response within 1 h" asked at 17:30
 * with hours 09:00–18:00 is due at 09:30 the next working day.
 *
 * The arithmetic walks local day by local day and works on whole open intervals, never minute by
 * minute: a month of calendar costs a few dozen time-zone lookups, and none once they are cached.
 */
import { DomainError } from '../errors.ts';
import {
  DAY_MS,
  MINUTE_MS,
  dayOfIsoDate,
  isKnownTimeZone,
  localDayOf,
  wallClockResolver,
  weekdayIndexOf,
} from './time-zone.ts';

/** Weekday keys of weekly hours, Monday first. */
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** A day of the week as weekly hours name it. */
export type Weekday = (typeof weekdays)[number];

/** One stretch of opening hours on a local day, `HH:MM` wall-clock; `end` may be `24:00`. */
export interface OpeningHours {
  start: string;
  end: string;
}

/** Opening hours per weekday, or `always` for a team that works 24/7. */
export type WeeklyHours = 'always' | Readonly<Record<Weekday, readonly OpeningHours[]>>;

/**
 * When a team is open. An overnight shift is two intervals (22:00–24:00 and 00:00–06:00 of the
 * next day); holidays are local dates closed all day, also for a 24/7 team.
 */
export interface BusinessCalendar {
  /** IANA time zone the hours and holidays are written in, e.g. `Europe/Berlin`. */
  timeZone: string;
  weekly: WeeklyHours;
  /** Local dates `YYYY-MM-DD`, closed all day. */
  holidays: readonly string[];
}

/** The default calendar: open around the clock, every day, no holidays. */
export const alwaysOpen: BusinessCalendar = Object.freeze({
  timeZone: 'UTC',
  weekly: 'always',
  holidays: Object.freeze([]),
});

/** [start, end) in epoch ms. */
type Span = readonly [number, number];
/** [start, end) in minutes after local midnight. */
type MinuteRange = readonly [number, number];

interface CompiledCalendar {
  timeZone: string;
  /** Per weekday (Monday first): merged, sorted opening minutes. */
  week: readonly (readonly MinuteRange[])[];
  holidays: ReadonlySet<number>;
  neverOpen: boolean;
  /** Open all the time with no holidays: open time is wall time, no walk needed. */
  wallTime: boolean;
}

const wholeDay: readonly MinuteRange[] = [[0, 24 * 60]];
// Calendars are values: a caller that wants other hours passes a new object, never edits one.
const compiledCalendars = new WeakMap<BusinessCalendar, CompiledCalendar>();

/** Minutes after midnight for `HH:MM` (00:00–24:00), or null when malformed. */
function minutesOf(text: string): number | null {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return null;
  return hours * 60 + minutes;
}

/** Sorted, merged ranges: the arithmetic stays right even for a calendar that failed validation. */
function mergedRanges(hours: readonly OpeningHours[]): MinuteRange[] {
  const ranges = hours
    .map((interval) => [minutesOf(interval.start), minutesOf(interval.end)] as const)
    .filter((range): range is readonly [number, number] => range[0] !== null && range[1] !== null && range[0] < range[1])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

function compile(calendar: BusinessCalendar): CompiledCalendar {
  const cached = compiledCalendars.get(calendar);
  if (cached) return cached;
  const { weekly } = calendar;
  const week = weekdays.map((weekday) => (weekly === 'always' ? wholeDay : mergedRanges(weekly[weekday] ?? [])));
  const holidays = new Set(calendar.holidays.map(dayOfIsoDate).filter((day): day is number => day !== null));
  const compiled: CompiledCalendar = {
    timeZone: calendar.timeZone,
    week,
    holidays,
    neverOpen: week.every((ranges) => ranges.length === 0),
    wallTime: weekly === 'always' && holidays.size === 0,
  };
  compiledCalendars.set(calendar, compiled);
  return compiled;
}

/** The open spans of one local day, as instants; empty on a holiday. */
function daySpans(calendar: CompiledCalendar, day: number): Span[] {
  if (calendar.holidays.has(day)) return [];
  const ranges = calendar.week[weekdayIndexOf(day)] ?? [];
  if (ranges.length === 0) return [];
  const resolve = wallClockResolver(calendar.timeZone, day);
  const midnight = day * DAY_MS;
  const spans: Span[] = [];
  for (const [start, end] of ranges) {
    const span = [resolve(midnight + start * MINUTE_MS), resolve(midnight + end * MINUTE_MS)] as const;
    // An interval wholly inside a spring-forward gap never happens that day.
    if (span[1] > span[0]) spans.push(span);
  }
  return spans;
}

/**
 * Open spans from `from` on, in order, the first one clipped to start at `from`; stops once a
 * local day begins after `until`. Yields nothing for a calendar that is never open.
 */
function* openSpans(calendar: CompiledCalendar, from: number, until = Infinity): Generator<Span> {
  if (calendar.neverOpen) return;
  if (calendar.wallTime) {
    yield [from, Infinity];
    return;
  }
  // Start a day early: the day before may still hold `from` in an autumn overlap at midnight.
  // A day's instants all come after the previous day's midnight, whatever the offset.
  for (let day = localDayOf(calendar.timeZone, from) - 1; (day - 1) * DAY_MS <= until; day += 1) {
    for (const [start, end] of daySpans(calendar, day)) {
      if (end > from) yield [Math.max(start, from), end];
    }
  }
}

/** Whether the calendar is open at `at`. */
export function isOpen(at: Date, calendar: BusinessCalendar): boolean {
  const t = at.getTime();
  const first = openSpans(compile(calendar), t, t).next();
  return !first.done && first.value[0] === t;
}

/** The first instant at or after `at` when the calendar is open (`at` itself if open), or null if never. */
export function nextOpening(at: Date, calendar: BusinessCalendar): Date | null {
  const first = openSpans(compile(calendar), at.getTime()).next();
  return first.done ? null : new Date(first.value[0]);
}

/**
 * The instant at which `ms` of open time has elapsed, counting from `start`: the earliest such
 * instant, so a target that runs out exactly at closing time is due at closing, not at the next
 * opening. `ms` = 0 gives `start`. Throws a RangeError for a negative `ms` or a never-open calendar.
 */
export function addBusinessTime(start: Date, ms: number, calendar: BusinessCalendar): Date {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new RangeError(`Business time must be a finite ms >= 0, got ${ms}`);
  // Instants are whole milliseconds; rounding up keeps "the target has fully elapsed".
  let left = Math.ceil(ms);
  if (left === 0) return new Date(start.getTime());
  for (const [spanStart, spanEnd] of openSpans(compile(calendar), start.getTime())) {
    if (spanEnd - spanStart >= left) return new Date(spanStart + left);
    left -= spanEnd - spanStart;
  }
  throw new RangeError('The business calendar is never open');
}

/** Milliseconds of open time in [`from`, `to`); 0 when `to` is not after `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: BusinessCalendar): number {
  const end = to.getTime();
  let total = 0;
  for (const [spanStart, spanEnd] of openSpans(compile(calendar), from.getTime(), end)) {
    if (spanStart >= end) break;
    total += Math.min(spanEnd, end) - spanStart;
  }
  return total;
}

/** The problems of one weekday's intervals: malformed times, inverted and overlapping intervals. */
function weekdayProblems(weekday: Weekday, hours: readonly OpeningHours[]): string[] {
  const problems: string[] = [];
  const ranges: { label: string; start: number; end: number }[] = [];
  for (const { start, end } of hours) {
    // 24:00 ends a day; nothing starts there.
    const startMinutes = start === '24:00' ? null : minutesOf(start);
    const endMinutes = minutesOf(end);
    const label = `${start}–${end}`;
    if (startMinutes === null) problems.push(`${weekday}: start "${start}" is not a time HH:MM (00:00–23:59)`);
    if (endMinutes === null) problems.push(`${weekday}: end "${end}" is not a time HH:MM (00:00–24:00)`);
    if (startMinutes === null || endMinutes === null) continue;
    if (startMinutes >= endMinutes) {
      problems.push(`${weekday}: ${label} does not end after it starts; write an overnight shift as two intervals (…–24:00 and 00:00–…)`);
      continue;
    }
    ranges.push({ label, start: startMinutes, end: endMinutes });
  }
  ranges.sort((a, b) => a.start - b.start);
  for (let i = 1; i < ranges.length; i += 1) {
    const previous = ranges[i - 1];
    const current = ranges[i];
    if (previous && current && current.start < previous.end) {
      problems.push(`${weekday}: ${previous.label} overlaps ${current.label}`);
    }
  }
  return problems;
}

/** Everything wrong with a calendar, in words an admin can act on; empty when it is valid. */
export function validateCalendar(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  if (!isKnownTimeZone(calendar.timeZone)) {
    problems.push(`unknown time zone "${calendar.timeZone}": use an IANA name such as Europe/Berlin`);
  }
  const { weekly } = calendar;
  if (weekly !== 'always') {
    for (const weekday of weekdays) problems.push(...weekdayProblems(weekday, weekly[weekday] ?? []));
    if (weekdays.every((weekday) => mergedRanges(weekly[weekday] ?? []).length === 0)) {
      problems.push('the calendar is never open: give at least one opening interval');
    }
  }
  for (const holiday of calendar.holidays) {
    if (dayOfIsoDate(holiday) === null) problems.push(`holiday "${holiday}" is not a date YYYY-MM-DD`);
  }
  return problems;
}

/** Throws a `validation_failed` DomainError (400) listing the problems when the calendar is invalid. */
export function assertValidCalendar(calendar: BusinessCalendar): void {
  const problems = validateCalendar(calendar);
  if (problems.length > 0) {
    throw new DomainError('validation_failed', `Invalid business calendar: ${problems.join('; ')}`, { problems });
  }
}
