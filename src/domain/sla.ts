/** SLA targets and business-hours calendars. Durations are minutes of business time. */
export const PRIORITIES = ["low", "medium", "high", "critical"] as const;
export type Priority = (typeof PRIORITIES)[number];

export type WorkingHours = { weekday: number; startMinute: number; endMinute: number };

export type SlaInput = {
  name: string;
  responseMinutes: Record<Priority, number>;
  resolutionMinutes: Record<Priority, number>;
  timeZone: string;
  workingHours: WorkingHours[];
};

/** Length of a business day for "d" durations. */
export const BUSINESS_DAY_MINUTES = 8 * 60;

/** "30m", "4h", "1h30m", "2d", "90" (minutes) -> minutes; undefined if not understood. */
export function parseDuration(raw: string): number | undefined {
  const s = raw.trim().toLowerCase().replace(/\s+/g, "");
  if (s === "") return undefined;
  if (/^\d+$/.test(s)) return Number(s);
  // d and g (giorni) are business days: an Italian writes 2g, and either is read in any language
  const re = /(\d+(?:[.,]\d+)?)(d|g|h|m)/gy;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const n = Number((m[1] ?? "").replace(",", "."));
    total += m[2] === "d" || m[2] === "g" ? n * BUSINESS_DAY_MINUTES : m[2] === "h" ? n * 60 : n;
    consumed = re.lastIndex;
  }
  if (consumed !== s.length || consumed === 0) return undefined;
  return Math.round(total);
}

/** 90 -> "1h 30m", 960 -> "2d" (business days of 8 hours; `dayUnit` "g" for an Italian reader: "2g") */
export function formatDuration(minutes: number, dayUnit: "d" | "g" = "d"): string {
  if (minutes > 0 && minutes % BUSINESS_DAY_MINUTES === 0 && minutes >= BUSINESS_DAY_MINUTES) return `${minutes / BUSINESS_DAY_MINUTES}${dayUnit}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h ${m}m`;
}

/** "09:00" -> 540 */
export function parseClock(raw: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2})$/.exec(raw.trim());
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 24 || min > 59 || (h === 24 && min > 0)) return undefined;
  return h * 60 + min;
}

export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** The SLA every install starts with. */
export function defaultSla(timeZone: string): SlaInput {
  return {
    name: "Standard",
    responseMinutes: { low: 8 * 60, medium: 4 * 60, high: 2 * 60, critical: 30 },
    resolutionMinutes: { low: 5 * 480, medium: 3 * 480, high: 480, critical: 4 * 60 },
    timeZone,
    workingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 9 * 60, endMinute: 17 * 60 })),
  };
}

/** ISO weekdays, Monday first. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export type HoursRangeResult =
  | { ok: true; hours: { startMinute: number; endMinute: number } | undefined }
  | { ok: false; reason: "invalid" | "end_before_start" };

/**
 * One weekday's working hours as typed: "09:00-17:00" (also "9:00 – 17:30", "09:00 to 17:00").
 * Empty means closed (`hours: undefined`).
 */
export function parseHoursRange(raw: string | undefined): HoursRangeResult {
  const s = (raw ?? "").trim();
  if (s === "") return { ok: true, hours: undefined };
  const m = /^(\d{1,2}:\d{2})\s*(?:-|–|—|to)\s*(\d{1,2}:\d{2})$/i.exec(s);
  const start = m ? parseClock(m[1] ?? "") : undefined;
  const end = m ? parseClock(m[2] ?? "") : undefined;
  if (start === undefined || end === undefined) return { ok: false, reason: "invalid" };
  if (end <= start) return { ok: false, reason: "end_before_start" };
  return { ok: true, hours: { startMinute: start, endMinute: end } };
}

/** 540, 1020 -> "09:00–17:00" (parseHoursRange reads it back). */
export function formatHoursRange(startMinute: number, endMinute: number): string {
  return `${formatClock(startMinute)}–${formatClock(endMinute)}`;
}
