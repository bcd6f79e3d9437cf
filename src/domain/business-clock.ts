/**
 * The business-hours SLA clock: pure functions over instants (`Date`), a calendar (IANA time zone and
 * working hours per ISO weekday) and pauses (time a ticket spent in "pending").
 *
 * Business time is real elapsed time while the calendar is open. A calendar is open, on a local date
 * whose ISO weekday has working hours, from the first instant the wall clock reads `startMinute` until
 * the first instant it reads `endMinute` (`endMinute` 1440 is the next local midnight). So:
 * - across a daylight-saving change, a 24/7 calendar counts 24 real hours for 24 hours of target
 *   (the spring-forward day is 23 hours long, the fall-back day 25);
 * - hours that straddle the change count real time (01:00–04:00 is 2 hours on the spring-forward day
 *   in Europe/Rome and 4 hours on the fall-back day);
 * - a wall time that does not exist (inside the spring-forward gap) is read as the end of the gap;
 *   a wall time that exists twice (the repeated hour on fall-back) is read as its first occurrence.
 *
 * An empty `workingHours` list means the clock runs 24/7 (every instant is business time). Several
 * ranges on one weekday are allowed (08:00–12:00 and 13:00–17:00) and may overlap; overnight ranges
 * are not (each range is within one local day: 0 <= start < end <= 1440).
 *
 * Everything is computed in milliseconds; minutes in the API are `ms / 60000`, never rounded. Large
 * targets walk whole day windows, not minutes. The day windows of a calendar are memoised (the
 * time-zone offset lookups are the slow part); the memo is invisible to callers, so the functions
 * stay pure.
 */
import { IANAZone } from "luxon";
import type { WorkingHours } from "./sla.js";

export type BusinessCalendar = {
  /** IANA time zone, e.g. "Europe/Rome". */
  timeZone: string;
  /** Working hours per ISO weekday (1 = Monday .. 7 = Sunday). Empty: the clock runs 24/7. */
  workingHours: readonly WorkingHours[];
};

/** A pause of the clock (ticket pending). `to` null: still paused. */
export type Pause = { from: Date; to: Date | null };

export type TimerState = "on_track" | "at_risk" | "breached" | "met" | "missed";

/** At risk when this share of the target (20%) or less is left. */
export const AT_RISK_SHARE: number = 0.2;

export type SlaTimer = { targetMinutes: number; dueAt: Date; atRiskAt: Date; pausedAt: Date | null; stoppedAt: Date | null };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** No real calendar needs this many days to find its next open hour; stops a runaway walk. */
const MAX_WALK_DAYS = 366 * 200;

/**
 * The instant when `minutes` business minutes have passed after `start`. `minutes` <= 0 returns
 * `start` itself (even outside hours). When the target ends exactly at closing time, the answer is
 * the closing instant (Monday 09:00 + 8h on a 9–17 calendar is Monday 17:00, not Tuesday 09:00).
 */
export function addBusinessMinutes(cal: BusinessCalendar, start: Date, minutes: number): Date {
  const model = calendarModel(cal);
  return new Date(addMs(model, instant(start, "start"), minutesToMs(minutes, "minutes")));
}

/** Business minutes between two instants (ms precision, fractional minutes); 0 when `to` <= `from`. */
export function businessMinutesBetween(cal: BusinessCalendar, from: Date, to: Date): number {
  const model = calendarModel(cal);
  return msBetween(model, instant(from, "from"), instant(to, "to")) / MINUTE_MS;
}

/**
 * Business minutes the clock has run from `start` until `at`, without the paused intervals. An open
 * pause (`to` null) counts as paused until `at`. Pauses may overlap, lie outside hours or start
 * before `start`; only their business time inside [start, at) is taken off.
 */
export function elapsedBusinessMinutes(cal: BusinessCalendar, start: Date, pauses: readonly Pause[], at: Date): number {
  const model = calendarModel(cal);
  const s = instant(start, "start");
  const a = instant(at, "at");
  if (a <= s) return 0;
  let ms = msBetween(model, s, a);
  for (const [from, to] of mergePauses(pauses, s, a, a)) ms -= msBetween(model, from, to);
  return ms / MINUTE_MS;
}

/**
 * The instant the clock, started at `start`, reaches `targetMinutes` of business time when the
 * CLOSED pauses are excluded (the earliest such instant). An open pause (`to` null) is ignored on
 * purpose: callers compare this deadline with the pause's start ("was the target already used up
 * when it paused?") and recompute it when the pause closes. `targetMinutes` <= 0 returns `start`.
 */
export function deadline(cal: BusinessCalendar, start: Date, targetMinutes: number, pauses: readonly Pause[]): Date {
  const model = calendarModel(cal);
  const s = instant(start, "start");
  let remaining = minutesToMs(targetMinutes, "targetMinutes");
  if (remaining <= 0) return new Date(s);
  const closed = pauses.filter((p) => p.to !== null);
  let segmentStart = s;
  for (const [from, to] of mergePauses(closed, s, Number.POSITIVE_INFINITY, s)) {
    const available = msBetween(model, segmentStart, from);
    if (available >= remaining) return new Date(addMs(model, segmentStart, remaining));
    remaining -= available;
    segmentStart = to;
  }
  return new Date(addMs(model, segmentStart, remaining));
}

/** dueAt = deadline(target); atRiskAt = deadline(target * (1 - AT_RISK_SHARE)). */
export function startTimer(
  cal: BusinessCalendar,
  start: Date,
  targetMinutes: number,
  pauses: readonly Pause[],
): { dueAt: Date; atRiskAt: Date } {
  return {
    dueAt: deadline(cal, start, targetMinutes, pauses),
    atRiskAt: deadline(cal, start, targetMinutes * (1 - AT_RISK_SHARE), pauses),
  };
}

/**
 * `stoppedAt` set: met if stoppedAt <= dueAt, else missed. Otherwise, at t = pausedAt ?? now:
 * breached if t > dueAt, at risk if t >= atRiskAt, else on track (a paused timer keeps the state it
 * had when it paused).
 */
export function timerState(timer: SlaTimer, now: Date): TimerState {
  if (timer.stoppedAt) return timer.stoppedAt.getTime() <= timer.dueAt.getTime() ? "met" : "missed";
  const t = (timer.pausedAt ?? now).getTime();
  if (t > timer.dueAt.getTime()) return "breached";
  if (t >= timer.atRiskAt.getTime()) return "at_risk";
  return "on_track";
}

/**
 * Business minutes left until `dueAt` (negative when overdue: business minutes since `dueAt`), for
 * display ("2h 10m left", "overdue by 35m"). Measured at `stoppedAt ?? pausedAt ?? now`: a stopped
 * timer keeps the margin it was met or missed by, a paused one the margin it had when it paused.
 */
export function businessMinutesLeft(cal: BusinessCalendar, timer: SlaTimer, now: Date): number {
  const t = timer.stoppedAt ?? timer.pausedAt ?? now;
  const due = timer.dueAt;
  return t.getTime() <= due.getTime() ? businessMinutesBetween(cal, t, due) : -businessMinutesBetween(cal, due, t);
}

/** Checks a calendar as the clock reads it; throws a RangeError naming the first problem. */
export function assertBusinessCalendar(cal: BusinessCalendar): void {
  calendarModel(cal);
}

// ---------------------------------------------------------------------------------------------
// Calendar model: merged minute ranges per weekday, and memoised real-time windows per local day.

type CalendarModel = {
  zone: IANAZone;
  /** 24/7: no working hours given. */
  always: boolean;
  /** Index 1..7 (ISO weekday): sorted, merged [startMinute, endMinute] pairs, flattened. */
  ranges: number[][];
  /** Local day number (days since 1970-01-01 in local wall time) -> flattened [startMs, endMs) windows. */
  days: Map<number, number[]>;
};

const MAX_MODELS = 256;
const MAX_CACHED_DAYS = 50_000;
const models = new Map<string, CalendarModel>();

function calendarModel(cal: BusinessCalendar): CalendarModel {
  const key = `${cal.timeZone}|${cal.workingHours.map((h) => `${h.weekday},${h.startMinute},${h.endMinute}`).join(";")}`;
  const cached = models.get(key);
  if (cached) return cached;
  if (typeof cal.timeZone !== "string" || !IANAZone.isValidZone(cal.timeZone)) {
    throw new RangeError(`Unknown time zone: ${String(cal.timeZone)}`);
  }
  const perDay: [number, number][][] = [[], [], [], [], [], [], [], []];
  for (const h of cal.workingHours) {
    const ok =
      Number.isInteger(h.weekday) &&
      h.weekday >= 1 &&
      h.weekday <= 7 &&
      Number.isFinite(h.startMinute) &&
      Number.isFinite(h.endMinute) &&
      h.startMinute >= 0 &&
      h.startMinute < h.endMinute &&
      h.endMinute <= 1440;
    if (!ok) throw new RangeError(`Invalid working hours: ${JSON.stringify(h)}`);
    perDay[h.weekday]?.push([h.startMinute, h.endMinute]);
  }
  const ranges = perDay.map((list) => {
    const merged: number[] = [];
    for (const [s, e] of [...list].sort((a, b) => a[0] - b[0])) {
      const last = merged.length - 1; // the end of the previous range, when there is one
      if (merged.length > 0 && s <= (merged[last] ?? 0)) merged[last] = Math.max(merged[last] ?? 0, e);
      else merged.push(s, e);
    }
    return merged;
  });
  const model: CalendarModel = {
    zone: IANAZone.create(cal.timeZone),
    always: cal.workingHours.length === 0,
    ranges,
    days: new Map(),
  };
  if (models.size >= MAX_MODELS) models.clear();
  models.set(key, model);
  return model;
}

/** ISO weekday of a local day number (day 0, 1970-01-01, was a Thursday). */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function offsetMs(model: CalendarModel, ms: number): number {
  return model.zone.offset(ms) * MINUTE_MS;
}

function localDay(model: CalendarModel, ms: number): number {
  return Math.floor((ms + offsetMs(model, ms)) / DAY_MS);
}

/** Real-time windows [start, end) of one local day, flattened, sorted, non-overlapping, non-empty. */
function dayWindows(model: CalendarModel, day: number): number[] {
  const cached = model.days.get(day);
  if (cached) return cached;
  const ranges = model.ranges[isoWeekday(day)] ?? [];
  const windows: number[] = [];
  if (ranges.length > 0) {
    const midnight = day * DAY_MS; // local midnight as if the wall clock were UTC
    // Offsets in force well before and well after this local day (zones are within -12h..+14h).
    const before = offsetMs(model, midnight - DAY_MS);
    const after = offsetMs(model, midnight + 2 * DAY_MS);
    const toInstant =
      before === after ? (wall: number) => wall - before : (wall: number) => wallToInstant(model, wall, before, after);
    for (let i = 0; i + 1 < ranges.length; i += 2) {
      const s = toInstant(midnight + (ranges[i] ?? 0) * MINUTE_MS);
      const e = toInstant(midnight + (ranges[i + 1] ?? 0) * MINUTE_MS);
      if (e > s) windows.push(s, e);
    }
  }
  if (model.days.size >= MAX_CACHED_DAYS) model.days.clear();
  model.days.set(day, windows);
  return windows;
}

/**
 * The first instant whose wall clock reads `wall` or later, near an offset change from `before` to
 * `after`: the earlier of the valid readings for a repeated wall time, the end of the gap for a
 * skipped one.
 */
function wallToInstant(model: CalendarModel, wall: number, before: number, after: number): number {
  const valid: number[] = [];
  const c1 = wall - before;
  const c2 = wall - after;
  if (offsetMs(model, c1) === before) valid.push(c1);
  if (offsetMs(model, c2) === after) valid.push(c2);
  if (valid.length > 0) return Math.min(...valid);
  // In the gap: find the transition between the two candidates (first instant with the new offset).
  let lo = Math.min(c1, c2);
  let hi = Math.max(c1, c2);
  const first = offsetMs(model, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetMs(model, mid) === first) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Business ms in [a, b). */
function msBetween(model: CalendarModel, a: number, b: number): number {
  if (b <= a) return 0;
  if (model.always) return b - a;
  const lastDay = localDay(model, b) + 1;
  let total = 0;
  for (let day = localDay(model, a) - 1; day <= lastDay; day++) {
    const w = dayWindows(model, day);
    for (let i = 0; i + 1 < w.length; i += 2) {
      const s = Math.max(w[i] ?? 0, a);
      const e = Math.min(w[i + 1] ?? 0, b);
      if (e > s) total += e - s;
    }
  }
  return total;
}

/** The earliest instant at which `ms` business ms have passed after `a`. */
function addMs(model: CalendarModel, a: number, ms: number): number {
  if (ms <= 0) return a;
  if (model.always) return a + ms;
  let remaining = ms;
  const firstDay = localDay(model, a) - 1;
  for (let day = firstDay; day < firstDay + MAX_WALK_DAYS; day++) {
    const w = dayWindows(model, day);
    for (let i = 0; i + 1 < w.length; i += 2) {
      const e = w[i + 1] ?? 0;
      const s = Math.max(w[i] ?? 0, a);
      if (e <= s) continue;
      if (remaining <= e - s) return s + remaining;
      remaining -= e - s;
    }
  }
  throw new RangeError("The calendar has no working hours to reach the target in");
}

/**
 * Pauses as sorted, merged [from, to) intervals clipped to [lower, upper); an open pause ends at
 * `openEnd`. Pauses that end before they start are ignored.
 */
function mergePauses(pauses: readonly Pause[], lower: number, upper: number, openEnd: number): [number, number][] {
  const clipped: [number, number][] = [];
  for (const p of pauses) {
    const from = Math.max(instant(p.from, "pause.from"), lower);
    const to = Math.min(p.to === null ? openEnd : instant(p.to, "pause.to"), upper);
    if (to > from) clipped.push([from, to]);
  }
  clipped.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of clipped) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

function instant(d: Date, name: string): number {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

function minutesToMs(minutes: number, name: string): number {
  if (Number.isNaN(minutes)) throw new RangeError(`${name} is not a number`);
  if (minutes === Number.POSITIVE_INFINITY) throw new RangeError(`${name} is infinite`);
  return Math.round(minutes * MINUTE_MS);
}
