/**
 * Exact amounts: money in integer cents, hours in hundredths of an hour. Never floats.
 * Accepts what people type: "1200", "1,200.50", "1200.5", "$ 99", "€99,00" is refused (ambiguous).
 */
export type ParseResult = { ok: true; value: number } | { ok: false; reason: "not_a_number" | "negative" | "too_precise" | "too_large" };

const MAX_UNITS = 2_000_000_000; // fits a 32-bit signed integer column

function parseFixed2(raw: string): ParseResult {
  const cleaned = raw.trim().replace(/^[$€£¥]\s*/, "").replace(/\s*[$€£¥]$/, "").replace(/(?<=\d),(?=\d{3}(\D|$))/g, "");
  if (cleaned.startsWith("-")) return { ok: false, reason: "negative" };
  const m = /^(\d+)(?:\.(\d+))?$/.exec(cleaned);
  if (!m) return { ok: false, reason: "not_a_number" };
  const whole = m[1] ?? "0";
  const frac = m[2] ?? "";
  if (frac.length > 2) return { ok: false, reason: "too_precise" };
  const units = Number(whole) * 100 + Number(frac.padEnd(2, "0"));
  if (!Number.isSafeInteger(units) || units > MAX_UNITS) return { ok: false, reason: "too_large" };
  return { ok: true, value: units };
}

export const parseMoneyCents = parseFixed2;
export const parseHoursCentis = parseFixed2;

export function parseWholeNumber(raw: string): ParseResult {
  const cleaned = raw.trim().replace(/(?<=\d),(?=\d{3}(\D|$))/g, "");
  if (cleaned.startsWith("-")) return { ok: false, reason: "negative" };
  if (!/^\d+$/.test(cleaned)) return { ok: false, reason: "not_a_number" };
  const n = Number(cleaned);
  if (n > MAX_UNITS) return { ok: false, reason: "too_large" };
  return { ok: true, value: n };
}

/** 123456 -> "1,234.56" */
export function formatCents(cents: number): string {
  const whole = Math.floor(cents / 100);
  const frac = String(cents % 100).padStart(2, "0");
  return `${whole.toLocaleString("en-US")}.${frac}`;
}

/** 750 -> "7.5" (hundredths of an hour to a short decimal) */
export function formatHours(centis: number): string {
  const whole = Math.floor(centis / 100);
  const frac = centis % 100;
  if (frac === 0) return String(whole);
  return `${whole}.${String(frac).padStart(2, "0").replace(/0$/, "")}`;
}

/** Raw input for a pre-filled field: 123456 -> "1234.56" */
export function centsToInput(cents: number): string {
  const frac = cents % 100;
  return frac === 0 ? String(Math.floor(cents / 100)) : `${Math.floor(cents / 100)}.${String(frac).padStart(2, "0")}`;
}
