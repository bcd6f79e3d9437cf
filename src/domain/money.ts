/**
 * Exact amounts: money in integer cents, hours in hundredths of an hour. Never floats.
 * Accepts what people type: "1200", "1,200.50", "1200.5", "$ 99", "99 EUR"; "€99,00" is refused
 * (ambiguous) unless the reader writes decimal commas (`decimalComma`, an Italian reader): then
 * "95,50", "1.234,50", "95,50 €" and "EUR 1.234" are read the Italian way, and "95.50" still as 95.50.
 * A currency symbol or ISO code typed with the amount is taken off; the currency is the app's
 * (CURRENCY), not what was typed.
 */
export type ParseResult = { ok: true; value: number } | { ok: false; reason: "not_a_number" | "negative" | "too_precise" | "too_large" };

const MAX_UNITS = 2_000_000_000; // fits a 32-bit signed integer column

/** Separators taken out, the decimal mark made a point: "1.234,50" (decimal comma) and "1,234.50" both become "1234.50". */
function normalise(raw: string, decimalComma: boolean): string {
  const bare = raw
    .trim()
    .replace(/^(?:[$€£¥]|[A-Za-z]{3}(?=[\s\d]))\s*/, "")
    .replace(/\s*(?:[$€£¥]|(?<=[\s\d])[A-Za-z]{3})$/, "")
    .replace(/(?<=\d)[\s\u00a0\u202f'](?=\d{3}(\D|$))/g, "");
  if (!decimalComma) return bare.replace(/(?<=\d),(?=\d{3}(\D|$))/g, "");
  // Italian: "." groups thousands when three digits follow it ("1.234"); "," is the decimal mark.
  const grouped = bare.replace(/(?<=\d)\.(?=\d{3}(\D|$))/g, "");
  return grouped.includes(",") ? grouped.replace(/\.(?=\d)/g, "").replace(",", ".") : grouped;
}

function parseFixed2(raw: string, decimalComma = false): ParseResult {
  const cleaned = normalise(raw, decimalComma);
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

export function parseWholeNumber(raw: string, decimalComma = false): ParseResult {
  const cleaned = normalise(raw, decimalComma);
  if (cleaned.startsWith("-")) return { ok: false, reason: "negative" };
  if (!/^\d+$/.test(cleaned)) return { ok: false, reason: "not_a_number" };
  const n = Number(cleaned);
  if (n > MAX_UNITS) return { ok: false, reason: "too_large" };
  return { ok: true, value: n };
}

/** 123456 -> "1,234.56" (en) · "1.234,56" (it-IT), through Intl; exact for any whole number of cents. */
export function formatCents(cents: number, tag = "en-US"): string {
  return new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions).format(cents / 100);
}

/** The currency money is written in when none is configured (CURRENCY, src/config.ts). */
export const DEFAULT_CURRENCY = "EUR";

/** Whether Node's Intl knows an ISO 4217 code ("EUR", "CHF", "USD"). */
export function isCurrencyCode(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/**
 * 9550 -> "95,50 €" (it-IT) · "€95.50" (en-GB): Intl's currency style for the reader's locale.
 * Always two decimals, as amounts are kept in hundredths (a currency without minor units, JPY,
 * still shows them rather than round a stored amount away).
 */
export function formatMoney(cents: number, tag: string, currency: string): string {
  return new Intl.NumberFormat(tag, { style: "currency", currency, minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: "always" } as Intl.NumberFormatOptions).format(cents / 100);
}

/** 750 -> "7.5" · "7,5" (hundredths of an hour to a short decimal) */
export function formatHours(centis: number, tag = "en-US"): string {
  return new Intl.NumberFormat(tag, { maximumFractionDigits: 2, useGrouping: false }).format(centis / 100);
}

/** Raw input for a pre-filled field: 123456 -> "1234.56" ("1234,56" with decimal commas) */
export function centsToInput(cents: number, decimalComma = false): string {
  const frac = cents % 100;
  const text = frac === 0 ? String(Math.floor(cents / 100)) : `${Math.floor(cents / 100)}.${String(frac).padStart(2, "0")}`;
  return decimalComma ? text.replace(".", ",") : text;
}
