/**
 * Helpers the catalogs share that hold no words of a language: durations in business time, a
 * ticket event's stored change record, cutting a long text.
 */

/** "45m", "2h 10m" (business minutes as hours and minutes; days of 24h are not used). Read alike in English and Italian. */
export function formatMinutes(minutes: number): string {
  const m = Math.max(0, Math.round(Math.abs(minutes)));
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? `${h}h ${rest}m` : `${h}h`;
}

export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A ticket event's body `{"from":…,"to":…}` (src/services/tickets/service.ts writes it). */
export function parseChange(body: string | null): { from: string | null; to: string } | undefined {
  if (!body) return undefined;
  try {
    const v = JSON.parse(body) as unknown;
    if (v && typeof v === "object" && "to" in v && typeof (v as { to: unknown }).to === "string") {
      const from = (v as { from?: unknown }).from;
      return { from: typeof from === "string" ? from : null, to: (v as { to: string }).to };
    }
  } catch {
    /* not a change record */
  }
  return undefined;
}
