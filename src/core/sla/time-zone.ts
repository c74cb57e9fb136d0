/**
 * Wall-clock time in an IANA time zone, as the business-hours walk needs it: which local day an
 * instant falls on, and which instant a local wall-clock time of a given day means.
 *
 * The zone's UTC offset comes from `tzOffset` of @date-fns/tz: a small, dependency-free package of
 * the date-fns project that reads the runtime's own time-zone data through Intl (no tz database
 * shipped with us) and costs one `Intl.DateTimeFormat#format` call (~5 µs). Luxon was the other
 * candidate; it answers the same question with `formatToParts` (~15 µs) several times per
 * conversion, which a day-by-day walk over a month cannot afford. Turning a wall-clock time into an
 * instant across DST gaps and overlaps is the SLA model's own rule, so it is written here.
 */
import { tzOffset } from '@date-fns/tz';

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;
/** One day of UTC time (a local day may be an hour shorter or longer). */
export const DAY_MS = 86_400_000;

/** Whether the runtime's time-zone data knows `timeZone` (an IANA name such as `Europe/Berlin`). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Offsets and day rules are pure functions of (zone, instant) and the same few days come up in
 * every walk (most deadlines fall in the coming weeks), so both are kept, up to a bound.
 */
const MAX_CACHED_PER_ZONE = 20_000;
/** The IANA database has about 600 zones; a bound keeps unvalidated names from growing the cache. */
const MAX_CACHED_ZONES = 1_000;

/** How wall-clock times of one local day map to instants. */
interface DayRule {
  /** Offset (ms east of UTC) before and after the day's window; equal on nearly every day. */
  before: number;
  after: number;
  /** The first instant with offset `after`; Infinity when the two are equal. */
  change: number;
}

interface ZoneCache {
  offsets: Map<number, number>;
  days: Map<number, DayRule>;
}

const zoneCaches = new Map<string, ZoneCache>();

function zoneCache(timeZone: string): ZoneCache {
  let cache = zoneCaches.get(timeZone);
  if (!cache) {
    cache = { offsets: new Map(), days: new Map() };
    remember(zoneCaches, timeZone, cache, MAX_CACHED_ZONES);
  }
  return cache;
}

function remember<K, V>(map: Map<K, V>, key: K, value: V, limit = MAX_CACHED_PER_ZONE): V {
  if (map.size >= limit) map.clear();
  map.set(key, value);
  return value;
}

/** Milliseconds east of UTC in `timeZone` at `instant` (epoch ms); a RangeError for an unknown zone. */
export function offsetAt(timeZone: string, instant: number): number {
  const { offsets } = zoneCache(timeZone);
  const cached = offsets.get(instant);
  if (cached !== undefined) return cached;
  const minutes = tzOffset(timeZone, new Date(instant));
  if (!Number.isFinite(minutes)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return remember(offsets, instant, Math.round(minutes * MINUTE_MS));
}

/** The local calendar day of `instant`, counted in days since 1970-01-01 (local). */
export function localDayOf(timeZone: string, instant: number): number {
  return Math.floor((instant + offsetAt(timeZone, instant)) / DAY_MS);
}

/**
 * A function from wall-clock times of local day `day` (ms since 1970-01-01T00:00 local, up to and
 * including the day's 24:00) to instants. A wall time means the first instant at which the local
 * clock reads it or later: in the spring-forward gap that is the instant of the jump (a shift
 * "from 02:30" starts when clocks show 03:00); in the autumn overlap it is the first of the two.
 * This rule never maps a later wall time to an earlier instant, so an interval never turns inside out.
 */
export function wallClockResolver(timeZone: string, day: number): (wallMs: number) => number {
  const { before, after, change } = dayRule(timeZone, day);
  if (before === after) return (wallMs) => wallMs - before;
  return (wallMs) => {
    const early = wallMs - before;
    if (early < change) return early;
    const late = wallMs - after;
    if (late >= change) return late;
    return change;
  };
}

function dayRule(timeZone: string, day: number): DayRule {
  const { days } = zoneCache(timeZone);
  const cached = days.get(day);
  if (cached) return cached;
  return steadyWeekRule(timeZone, day) ?? changingDayRule(timeZone, day);
}

/**
 * Most weeks have no offset change: four lookups, three days apart, settle all seven days (each
 * day's three-day window below lies inside the week's nine). Sampling every three days, not just
 * the ends, catches a change and its reversal within one week, as three Brazilian zones had in
 * October 2000. Null when the week has a change.
 */
function steadyWeekRule(timeZone: string, day: number): DayRule | null {
  const firstDay = Math.floor(day / 7) * 7;
  const offset = offsetAt(timeZone, (firstDay - 1) * DAY_MS);
  for (const sample of [firstDay + 2, firstDay + 5, firstDay + 8]) {
    if (offsetAt(timeZone, sample * DAY_MS) !== offset) return null;
  }
  const { days } = zoneCache(timeZone);
  const rule: DayRule = { before: offset, after: offset, change: Infinity };
  for (let weekDay = firstDay; weekDay < firstDay + 7; weekDay += 1) remember(days, weekDay, rule);
  return rule;
}

function changingDayRule(timeZone: string, day: number): DayRule {
  const { days } = zoneCache(timeZone);
  // The day's instants lie within UTC-14h..UTC+12h of its wall times, well inside this window,
  // which holds at most one offset change: no zone's offset has changed twice within three days
  // since 1970 (checked against the runtime's tz data, every 6 hours, 1970–2040).
  const windowStart = (day - 1) * DAY_MS;
  const windowEnd = (day + 2) * DAY_MS;
  const before = offsetAt(timeZone, windowStart);
  const after = offsetAt(timeZone, windowEnd);
  if (before === after) return remember(days, day, { before, after, change: Infinity });
  // The day before shares two thirds of this window: a change found there is this one.
  const previous = days.get(day - 1);
  const change = previous && previous.before === before && previous.after === after && previous.change > windowStart
    ? previous.change
    : firstInstantWithNewOffset(timeZone, windowStart, windowEnd, before);
  return remember(days, day, { before, after, change });
}

/**
 * The first instant in (`low`, `high`] whose offset is no longer `before`: bisected by whole
 * minutes (offsets change on a minute in every rule since 1970), then to the millisecond if not.
 */
function firstInstantWithNewOffset(timeZone: string, low: number, high: number, before: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / MINUTE_MS / 2) * MINUTE_MS;
    if (offsetAt(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  if (offsetAt(timeZone, hi - 1) !== before) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(timeZone, mid) === before) lo = mid;
      else hi = mid;
    }
  }
  return hi;
}

/** Monday = 0 … Sunday = 6 for a day counted since 1970-01-01 (a Thursday). */
export function weekdayIndexOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** The day number of a `YYYY-MM-DD` date, or null when the text is not a real calendar date. */
export function dayOfIsoDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, date));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== date) return null;
  return utc.getTime() / DAY_MS;
}
