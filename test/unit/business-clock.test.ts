/** The business-hours SLA clock: business time, deadlines with pending time excluded, timer states. */
import { describe, expect, it } from "vitest";
import { DateTime } from "luxon";
import {
  AT_RISK_SHARE,
  addBusinessMinutes,
  assertBusinessCalendar,
  businessMinutesBetween,
  businessMinutesLeft,
  deadline,
  elapsedBusinessMinutes,
  startTimer,
  timerState,
  type BusinessCalendar,
  type Pause,
  type SlaTimer,
} from "../../src/domain/business-clock.js";
import type { WorkingHours } from "../../src/domain/sla.js";

const HOUR = 60;
const hours = (weekdays: number[], start: number, end: number): WorkingHours[] =>
  weekdays.map((weekday) => ({ weekday, startMinute: start * HOUR, endMinute: end * HOUR }));
const MON_FRI = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

const ROME_9_17: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: hours(MON_FRI, 9, 17) };
const ROME_24_7: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: [] };
const ROME_ALL_DAY: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: hours(EVERY_DAY, 0, 24) };
/** Open 01:00–04:00 every day: straddles the 02:00–03:00 daylight-saving hour. */
const ROME_NIGHT: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: hours(EVERY_DAY, 1, 4) };
const SUNDAY_ONLY: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: hours([7], 10, 14) };
const NY_SPLIT: BusinessCalendar = {
  timeZone: "America/New_York",
  workingHours: [...hours(MON_FRI, 8, 12), ...hours(MON_FRI, 13, 17)],
};
const NY_24_7: BusinessCalendar = { timeZone: "America/New_York", workingHours: [] };

/** A wall time in Rome (use explicit offsets for the repeated hour of the fall-back night). */
const rome = (iso: string): Date => local(iso, "Europe/Rome");
const ny = (iso: string): Date => local(iso, "America/New_York");
function local(iso: string, zone: string): Date {
  const dt = DateTime.fromISO(iso, { zone });
  if (!dt.isValid) throw new Error(`bad test date ${iso}`);
  return dt.toJSDate();
}
const plusMinutes = (d: Date, minutes: number): Date => new Date(d.getTime() + minutes * 60_000);

describe("business time on a 9–17 Monday–Friday calendar", () => {
  it("carries a target across the weekend: Friday 16:00 + 2h is Monday 10:00", () => {
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-09T16:00"), 120)).toEqual(rome("2026-01-12T10:00"));
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-09T16:00"), rome("2026-01-12T10:00"))).toBe(120);
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-09T17:00"), rome("2026-01-12T09:00"))).toBe(0);
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-05T09:00"), rome("2026-01-12T09:00"))).toBe(5 * 8 * HOUR);
  });

  it("starts counting at the next opening when started outside hours (Friday 18:00 counts from Monday 09:00)", () => {
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-09T18:00"), 60)).toEqual(rome("2026-01-12T10:00"));
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-09T18:00"), 1 / 60_000)).toEqual(rome("2026-01-12T09:00:00.001"));
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-13T07:00"), 30)).toEqual(rome("2026-01-13T09:30"));
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-10T12:00"), 30)).toEqual(rome("2026-01-12T09:30"));
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-13T06:00"), rome("2026-01-13T08:59"))).toBe(0);
  });

  it("returns the start itself for a zero (or negative) target, even outside hours", () => {
    const saturday = rome("2026-01-10T12:00");
    expect(addBusinessMinutes(ROME_9_17, saturday, 0)).toEqual(saturday);
    expect(addBusinessMinutes(ROME_9_17, saturday, -5)).toEqual(saturday);
    expect(deadline(ROME_9_17, saturday, 0, [])).toEqual(saturday);
  });

  it("ends a target that uses up the day at closing time, not at the next opening", () => {
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-12T09:00"), 480)).toEqual(rome("2026-01-12T17:00"));
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-12T09:00"), 481)).toEqual(rome("2026-01-13T09:01"));
  });

  it("counts nothing when `to` is not after `from`", () => {
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-12T12:00"), rome("2026-01-12T10:00"))).toBe(0);
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-12T12:00"), rome("2026-01-12T12:00"))).toBe(0);
  });

  it("keeps millisecond precision and fractional minutes", () => {
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-12T09:00"), rome("2026-01-12T09:00:00.001"))).toBe(1 / 60_000);
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-12T16:59:59.999"), 0.5)).toEqual(rome("2026-01-13T09:00:29.999"));
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-12T16:59:30"), rome("2026-01-13T09:00:15"))).toBe(0.75);
  });

  it("reaches 30 business days (six calendar weeks) at Friday closing, also across the spring change", () => {
    expect(addBusinessMinutes(ROME_9_17, rome("2026-01-05T09:00"), 30 * 480)).toEqual(rome("2026-02-13T17:00"));
    expect(addBusinessMinutes(ROME_9_17, rome("2026-03-02T09:00"), 30 * 480)).toEqual(rome("2026-04-10T17:00"));
    expect(businessMinutesBetween(ROME_9_17, rome("2026-01-01T00:00"), rome("2027-01-01T00:00"))).toBe(261 * 480);
  });

  it("merges overlapping ranges on one weekday and counts split days (lunch break) per range", () => {
    const overlapping: BusinessCalendar = {
      timeZone: "Europe/Rome",
      workingHours: [...hours([1], 9, 13), ...hours([1], 12, 17), ...hours([1], 10, 11)],
    };
    expect(businessMinutesBetween(overlapping, rome("2026-01-12T00:00"), rome("2026-01-13T00:00"))).toBe(8 * HOUR);
    expect(addBusinessMinutes(NY_SPLIT, ny("2026-01-12T11:30"), 60)).toEqual(ny("2026-01-12T13:30"));
    expect(businessMinutesBetween(NY_SPLIT, ny("2026-01-12T11:00"), ny("2026-01-12T14:00"))).toBe(2 * HOUR);
  });
});

describe("calendars with days without hours", () => {
  it("a Sunday-only calendar waits for Sunday and carries over to the next Sunday", () => {
    const monday = rome("2026-01-05T12:00");
    expect(addBusinessMinutes(SUNDAY_ONLY, monday, 60)).toEqual(rome("2026-01-11T11:00"));
    expect(addBusinessMinutes(SUNDAY_ONLY, monday, 240)).toEqual(rome("2026-01-11T14:00"));
    expect(addBusinessMinutes(SUNDAY_ONLY, monday, 300)).toEqual(rome("2026-01-18T11:00"));
    expect(businessMinutesBetween(SUNDAY_ONLY, monday, rome("2026-01-19T12:00"))).toBe(480);
    expect(deadline(SUNDAY_ONLY, monday, 60, [{ from: rome("2026-01-11T10:30"), to: rome("2026-01-11T13:00") }])).toEqual(
      rome("2026-01-11T13:30"),
    );
  });

  it("an empty working-hours list runs the clock 24/7", () => {
    const saturday = rome("2026-01-10T23:00");
    expect(addBusinessMinutes(ROME_24_7, saturday, 90)).toEqual(plusMinutes(saturday, 90));
    expect(businessMinutesBetween(ROME_24_7, saturday, plusMinutes(saturday, 3 * 24 * HOUR))).toBe(3 * 24 * HOUR);
  });
});

describe("daylight-saving changes in Europe/Rome (2026-03-29 and 2026-10-25)", () => {
  it("24/7: a 24h target across the spring-forward night is 24 real hours", () => {
    const start = new Date("2026-03-28T12:00:00+01:00");
    const due = addBusinessMinutes(ROME_24_7, start, 24 * HOUR);
    expect(due).toEqual(new Date("2026-03-29T13:00:00+02:00"));
    expect(due.getTime() - start.getTime()).toBe(24 * 3_600_000);
    expect(addBusinessMinutes(ROME_ALL_DAY, start, 24 * HOUR)).toEqual(due);
    expect(businessMinutesBetween(ROME_ALL_DAY, start, due)).toBe(24 * HOUR);
    // The local day itself is 23 hours long.
    expect(businessMinutesBetween(ROME_ALL_DAY, rome("2026-03-29T00:00"), rome("2026-03-30T00:00"))).toBe(23 * HOUR);
  });

  it("24/7: a 24h target across the fall-back night is 24 real hours", () => {
    const start = new Date("2026-10-24T12:00:00+02:00");
    const due = addBusinessMinutes(ROME_24_7, start, 24 * HOUR);
    expect(due).toEqual(new Date("2026-10-25T11:00:00+01:00"));
    expect(due.getTime() - start.getTime()).toBe(24 * 3_600_000);
    expect(addBusinessMinutes(ROME_ALL_DAY, start, 24 * HOUR)).toEqual(due);
    expect(businessMinutesBetween(ROME_ALL_DAY, rome("2026-10-25T00:00"), rome("2026-10-26T00:00"))).toBe(25 * HOUR);
  });

  it("hours that straddle 02:00–03:00 count real time: 01:00–04:00 is 2h in spring, 4h in autumn, 3h otherwise", () => {
    const day = (d: string) => businessMinutesBetween(ROME_NIGHT, rome(`${d}T00:00`), rome(`${d}T12:00`));
    expect(day("2026-03-28")).toBe(3 * HOUR);
    expect(day("2026-03-29")).toBe(2 * HOUR);
    expect(day("2026-10-25")).toBe(4 * HOUR);
    expect(day("2026-10-26")).toBe(3 * HOUR);
    // 01:00 CET + 90 min jumps the missing hour: 03:30 CEST.
    expect(addBusinessMinutes(ROME_NIGHT, new Date("2026-03-29T01:00:00+01:00"), 90)).toEqual(new Date("2026-03-29T03:30:00+02:00"));
    // 01:00 CEST + 150 min passes 02:xx twice: 02:30 CET, and the window closes at 04:00 CET.
    expect(addBusinessMinutes(ROME_NIGHT, new Date("2026-10-25T01:00:00+02:00"), 150)).toEqual(new Date("2026-10-25T02:30:00+01:00"));
    expect(addBusinessMinutes(ROME_NIGHT, new Date("2026-10-25T01:00:00+02:00"), 240)).toEqual(new Date("2026-10-25T04:00:00+01:00"));
  });

  it("an opening time that does not exist (inside the spring gap) opens when the gap ends", () => {
    const gap: BusinessCalendar = { timeZone: "Europe/Rome", workingHours: [{ weekday: 7, startMinute: 150, endMinute: 300 }] };
    expect(addBusinessMinutes(gap, rome("2026-03-29T00:00"), 1)).toEqual(new Date("2026-03-29T03:01:00+02:00"));
    expect(businessMinutesBetween(gap, rome("2026-03-29T00:00"), rome("2026-03-29T12:00"))).toBe(2 * HOUR);
    expect(businessMinutesBetween(gap, rome("2026-03-22T00:00"), rome("2026-03-22T12:00"))).toBe(2.5 * HOUR);
  });

  it("9–17: Friday 16:00 + 2h is Monday 10:00 local time across both changes", () => {
    expect(addBusinessMinutes(ROME_9_17, new Date("2026-03-27T16:00:00+01:00"), 120)).toEqual(new Date("2026-03-30T10:00:00+02:00"));
    expect(addBusinessMinutes(ROME_9_17, new Date("2026-10-23T16:00:00+02:00"), 120)).toEqual(new Date("2026-10-26T10:00:00+01:00"));
    expect(businessMinutesBetween(ROME_9_17, new Date("2026-03-27T09:00:00+01:00"), new Date("2026-03-30T17:00:00+02:00"))).toBe(16 * HOUR);
    expect(businessMinutesBetween(ROME_9_17, new Date("2026-10-23T09:00:00+02:00"), new Date("2026-10-26T17:00:00+01:00"))).toBe(16 * HOUR);
  });
});

describe("America/New_York as a second zone (2026-03-08 and 2026-11-01)", () => {
  it("counts its own local hours: Rome has closed when New York is still open", () => {
    const fridayRome17 = rome("2026-01-09T17:00"); // 11:00 in New York
    expect(businessMinutesBetween(ROME_9_17, fridayRome17, plusMinutes(fridayRome17, 60))).toBe(0);
    expect(businessMinutesBetween(NY_SPLIT, fridayRome17, plusMinutes(fridayRome17, 3 * HOUR))).toBe(2 * HOUR);
  });

  it("9–17 with lunch: Friday 16:00 EST + 2h is Monday 09:00 EDT", () => {
    expect(addBusinessMinutes(NY_SPLIT, new Date("2026-03-06T16:00:00-05:00"), 120)).toEqual(new Date("2026-03-09T09:00:00-04:00"));
    expect(addBusinessMinutes(NY_SPLIT, new Date("2026-10-30T16:00:00-04:00"), 120)).toEqual(new Date("2026-11-02T09:00:00-05:00"));
  });

  it("24/7: 24h targets across both changes are 24 real hours", () => {
    for (const start of [new Date("2026-03-07T12:00:00-05:00"), new Date("2026-10-31T12:00:00-04:00")]) {
      const due = addBusinessMinutes(NY_24_7, start, 24 * HOUR);
      expect(due.getTime() - start.getTime()).toBe(24 * 3_600_000);
    }
    const allDay: BusinessCalendar = { timeZone: "America/New_York", workingHours: hours(EVERY_DAY, 0, 24) };
    expect(businessMinutesBetween(allDay, ny("2026-03-08T00:00"), ny("2026-03-09T00:00"))).toBe(23 * HOUR);
    expect(businessMinutesBetween(allDay, ny("2026-11-01T00:00"), ny("2026-11-02T00:00"))).toBe(25 * HOUR);
  });
});

describe("pending time is excluded", () => {
  const start = rome("2026-01-12T09:00"); // Monday
  const pause = (from: string, to: string | null): Pause => ({ from: rome(from), to: to === null ? null : rome(to) });

  it("without pauses, elapsed time is the business time between start and now", () => {
    expect(elapsedBusinessMinutes(ROME_9_17, start, [], rome("2026-01-13T10:00"))).toBe(9 * HOUR);
    expect(elapsedBusinessMinutes(ROME_9_17, start, [], rome("2026-01-12T08:00"))).toBe(0);
  });

  it("a closed pause inside hours is taken off elapsed time and pushes the deadline", () => {
    const pauses = [pause("2026-01-12T10:00", "2026-01-12T11:00")];
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-12T12:00"))).toBe(2 * HOUR);
    expect(deadline(ROME_9_17, start, 4 * HOUR, pauses)).toEqual(rome("2026-01-12T14:00"));
  });

  it("an open pause counts as paused until now, and deadline ignores it", () => {
    const pauses = [pause("2026-01-12T10:00", null)];
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-12T12:00"))).toBe(HOUR);
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-20T12:00"))).toBe(HOUR);
    expect(deadline(ROME_9_17, start, 4 * HOUR, pauses)).toEqual(rome("2026-01-12T13:00"));
  });

  it("a pending stretch across the weekend takes off only its business time", () => {
    const pauses = [pause("2026-01-16T16:00", "2026-01-19T10:00")];
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-19T12:00"))).toBe(5 * 480 + 3 * HOUR - 2 * HOUR);
    expect(deadline(ROME_9_17, start, 5 * 480, pauses)).toEqual(rome("2026-01-19T11:00"));
  });

  it("a pause outside hours changes nothing", () => {
    const pauses = [pause("2026-01-12T17:30", "2026-01-13T08:30"), pause("2026-01-17T10:00", "2026-01-18T20:00")];
    expect(deadline(ROME_9_17, start, 20 * HOUR, pauses)).toEqual(deadline(ROME_9_17, start, 20 * HOUR, []));
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-19T09:00"))).toBe(40 * HOUR);
  });

  it("overlapping pauses are taken off once", () => {
    const pauses = [pause("2026-01-12T10:00", "2026-01-12T11:00"), pause("2026-01-12T10:30", "2026-01-12T11:30"), pause("2026-01-12T10:15", "2026-01-12T10:20")];
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-12T12:00"))).toBe(90);
    expect(deadline(ROME_9_17, start, 3 * HOUR, pauses)).toEqual(rome("2026-01-12T13:30"));
  });

  it("a pause that starts before the clock does delays its start", () => {
    const pauses = [pause("2026-01-11T12:00", "2026-01-12T10:00")];
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, rome("2026-01-12T12:00"))).toBe(2 * HOUR);
    expect(deadline(ROME_9_17, start, 4 * HOUR, pauses)).toEqual(rome("2026-01-12T14:00"));
  });

  it("a pause after the deadline, or one that ends before it starts, does not move it", () => {
    const pauses = [pause("2026-01-12T15:00", "2026-01-12T16:00"), pause("2026-01-12T10:00", "2026-01-12T09:30")];
    expect(deadline(ROME_9_17, start, 2 * HOUR, pauses)).toEqual(rome("2026-01-12T11:00"));
  });

  it("a deadline that lands exactly where a pause starts is that instant", () => {
    expect(deadline(ROME_9_17, start, 2 * HOUR, [pause("2026-01-12T11:00", "2026-01-12T12:00")])).toEqual(rome("2026-01-12T11:00"));
  });
});

/** Deterministic pseudo-random numbers (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe("elapsed time and deadlines agree (property-like)", () => {
  const calendars = { ROME_9_17, ROME_24_7, ROME_ALL_DAY, ROME_NIGHT, SUNDAY_ONLY, NY_SPLIT, NY_24_7 };
  const DAY_MS = 86_400_000;
  const yearStart = Date.UTC(2026, 0, 1);
  const dstChanges = ["2026-03-08T07:00Z", "2026-03-29T01:00Z", "2026-10-25T01:00Z", "2026-11-01T06:00Z"].map((iso) => Date.parse(iso));

  it("elapsed(start, pauses, deadline(start, t, pauses)) is t, and one ms earlier it is less", () => {
    const rnd = random(20260329);
    const int = (max: number) => Math.floor(rnd() * max);
    for (const [name, cal] of Object.entries(calendars)) {
      for (let i = 0; i < 400; i++) {
        // Half of the starts fall within three days of a daylight-saving change (Rome or New York).
        const near = dstChanges[int(dstChanges.length)] ?? yearStart;
        const start = new Date(rnd() < 0.5 ? near + int(6 * DAY_MS) - 3 * DAY_MS : yearStart + int(365 * DAY_MS));
        // Targets up to 30 business days, in whole ms (so fractional minutes too).
        const target = (rnd() < 0.5 ? int(30 * 480) * 60_000 : int(30 * 480 * 60_000)) / 60_000;
        const pauses: Pause[] = Array.from({ length: int(5) }, () => {
          const from = start.getTime() + int(23 * DAY_MS) - 3 * DAY_MS;
          return { from: new Date(from), to: new Date(from + int(3 * DAY_MS)) };
        });
        const due = deadline(cal, start, target, pauses);
        const context = `${name} #${i} start=${start.toISOString()} target=${target} pauses=${JSON.stringify(pauses)}`;
        expect(elapsedBusinessMinutes(cal, start, pauses, due), context).toBe(target);
        if (target > 0) expect(elapsedBusinessMinutes(cal, start, pauses, new Date(due.getTime() - 1)), context).toBeLessThan(target);
        expect(due.getTime(), context).toBeGreaterThanOrEqual(start.getTime());
        // Without pauses, adding and measuring are inverses.
        expect(businessMinutesBetween(cal, start, addBusinessMinutes(cal, start, target)), context).toBe(target);
      }
    }
  });

  it("an open pause after the deadline leaves elapsed time at the deadline unchanged", () => {
    const start = rome("2026-03-27T15:00");
    const due = deadline(ROME_9_17, start, 600, []);
    const pauses: Pause[] = [{ from: plusMinutes(due, 1), to: null }];
    expect(deadline(ROME_9_17, start, 600, pauses)).toEqual(due);
    expect(elapsedBusinessMinutes(ROME_9_17, start, pauses, due)).toBe(600);
  });
});

describe("SLA timers", () => {
  const start = rome("2026-01-12T09:00");
  const { dueAt, atRiskAt } = startTimer(ROME_9_17, start, 100, []);
  const timer = (over: Partial<SlaTimer> = {}): SlaTimer => ({ targetMinutes: 100, dueAt, atRiskAt, pausedAt: null, stoppedAt: null, ...over });

  it("is due at the target and at risk when 20% of it is left", () => {
    expect(AT_RISK_SHARE).toBe(0.2);
    expect(dueAt).toEqual(rome("2026-01-12T10:40"));
    expect(atRiskAt).toEqual(rome("2026-01-12T10:20"));
    const overnight = startTimer(ROME_9_17, rome("2026-01-12T16:00"), 8 * HOUR, [{ from: rome("2026-01-13T10:00"), to: rome("2026-01-13T11:00") }]);
    // Monday 16–17 and Tuesday 09–10 give 2h; the pause holds 10–11; 384 min (80%) are reached at 15:24.
    expect(overnight.atRiskAt).toEqual(rome("2026-01-13T15:24"));
    expect(overnight.dueAt).toEqual(rome("2026-01-13T17:00"));
  });

  it("is on track before the at-risk time", () => {
    expect(timerState(timer(), rome("2026-01-12T10:00"))).toBe("on_track");
    expect(timerState(timer(), rome("2026-01-12T10:19:59.999"))).toBe("on_track");
  });

  it("is at risk from the at-risk time up to and including the due time", () => {
    expect(timerState(timer(), rome("2026-01-12T10:20"))).toBe("at_risk");
    expect(timerState(timer(), rome("2026-01-12T10:40"))).toBe("at_risk");
  });

  it("is breached after the due time", () => {
    expect(timerState(timer(), rome("2026-01-12T10:40:00.001"))).toBe("breached");
    expect(timerState(timer(), rome("2026-02-01T10:00"))).toBe("breached");
  });

  it("is met when stopped by the due time and missed when stopped after it, whatever now is", () => {
    expect(timerState(timer({ stoppedAt: rome("2026-01-12T10:40") }), rome("2026-03-01T10:00"))).toBe("met");
    expect(timerState(timer({ stoppedAt: rome("2026-01-12T10:41") }), rome("2026-01-12T10:41"))).toBe("missed");
  });

  it("keeps the state it had when paused", () => {
    expect(timerState(timer({ pausedAt: rome("2026-01-12T10:00") }), rome("2026-03-01T10:00"))).toBe("on_track");
    expect(timerState(timer({ pausedAt: rome("2026-01-12T10:30") }), rome("2026-03-01T10:00"))).toBe("at_risk");
    expect(timerState(timer({ pausedAt: rome("2026-01-12T11:00") }), rome("2026-03-01T10:00"))).toBe("breached");
  });

  it("tells the business minutes left, negative when overdue, frozen while paused or stopped", () => {
    expect(businessMinutesLeft(ROME_9_17, timer(), rome("2026-01-12T10:00"))).toBe(40);
    expect(businessMinutesLeft(ROME_9_17, timer(), rome("2026-01-12T10:40"))).toBe(0);
    // Overdue: 10:40–17:00 on Monday and 09:00–09:30 on Tuesday.
    expect(businessMinutesLeft(ROME_9_17, timer(), rome("2026-01-13T09:30"))).toBe(-(380 + 30));
    expect(businessMinutesLeft(ROME_9_17, timer({ pausedAt: rome("2026-01-12T10:10") }), rome("2026-01-20T10:00"))).toBe(30);
    expect(businessMinutesLeft(ROME_9_17, timer({ stoppedAt: rome("2026-01-12T10:35") }), rome("2026-01-20T10:00"))).toBe(5);
    expect(businessMinutesLeft(ROME_9_17, timer({ stoppedAt: rome("2026-01-12T11:00") }), rome("2026-01-20T10:00"))).toBe(-20);
  });

  it("a paused timer whose pause closes is recomputed with the pause excluded", () => {
    const pauses: Pause[] = [{ from: rome("2026-01-12T10:00"), to: rome("2026-01-13T10:00") }];
    const resumed = startTimer(ROME_9_17, start, 100, pauses);
    expect(resumed.dueAt).toEqual(rome("2026-01-13T10:40"));
    expect(timerState({ ...timer(), ...resumed }, rome("2026-01-13T10:10"))).toBe("on_track");
  });
});

describe("calendar checks and speed", () => {
  it("refuses an unknown time zone and impossible working hours", () => {
    expect(() => addBusinessMinutes({ timeZone: "Mars/Olympus", workingHours: [] }, new Date(), 1)).toThrow(RangeError);
    expect(() => assertBusinessCalendar({ timeZone: "Europe/Rome", workingHours: [{ weekday: 1, startMinute: 600, endMinute: 600 }] })).toThrow(RangeError);
    expect(() => assertBusinessCalendar({ timeZone: "Europe/Rome", workingHours: [{ weekday: 8, startMinute: 0, endMinute: 60 }] })).toThrow(RangeError);
    expect(() => assertBusinessCalendar({ timeZone: "Europe/Rome", workingHours: [{ weekday: 1, startMinute: 0, endMinute: 1441 }] })).toThrow(RangeError);
    expect(() => deadline(ROME_9_17, new Date(Number.NaN), 10, [])).toThrow(RangeError);
    expect(() => assertBusinessCalendar(ROME_9_17)).not.toThrow();
  });

  it("computes 10,000 deadlines of 30 business days, with pauses, in well under a second", () => {
    const rnd = random(7);
    const cal: BusinessCalendar = { timeZone: "America/New_York", workingHours: hours([1, 2, 3, 4, 5, 6], 8, 18) };
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      const start = Date.UTC(2026, 0, 1) + Math.floor(rnd() * 730 * 86_400_000);
      const pauses: Pause[] = [{ from: new Date(start + 3_600_000), to: new Date(start + 30 * 3_600_000) }];
      deadline(cal, new Date(start), 30 * 600, pauses);
    }
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
