/**
 * Numbers and dates for a locale (`en-GB`, `it-IT`, …) and a time zone, through Node's Intl (full
 * ICU): what a catalog's functions are handed, already formatted, so a second language is a new
 * catalog file and nothing else. Pure.
 */
export type LocaleFormat = {
  locale: string;
  /** 1,234 (en) · 1.234 (it) */
  int: (n: number) => string;
  /** 9 Apr (en-GB) · 9 apr (it-IT), in the time zone */
  day: (d: Date) => string;
  /** 9 Apr 2025 */
  dayYear: (d: Date) => string;
  /** the separators of the locale's numbers, for chart libraries that format their own axis labels */
  separators: { decimal: string; group: string };
};

export function localeFormat(locale: string, timeZone: string): LocaleFormat {
  const ints = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const day = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone });
  const dayYear = new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", year: "numeric", timeZone });
  const parts = new Intl.NumberFormat(locale, { useGrouping: "always" } as Intl.NumberFormatOptions).formatToParts(1234567.5);
  return {
    locale,
    int: (n) => ints.format(n),
    day: (d) => day.format(d),
    dayYear: (d) => dayYear.format(d),
    separators: { decimal: parts.find((p) => p.type === "decimal")?.value ?? ".", group: parts.find((p) => p.type === "group")?.value ?? "," },
  };
}
