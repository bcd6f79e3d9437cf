/**
 * The separator of a CSV file, read from its header line: comma (the standard), semicolon
 * (Excel where the decimal separator is a comma: most of Europe), tab (Excel "Unicode Text").
 */
import type { Delimiter } from "./csv-writer.js";

export type { Delimiter };

/** On a tie the rarer character wins: a header may contain "City, State" but rarely a tab. */
const BY_PRIORITY: readonly Delimiter[] = ["\t", ";", ","];

/**
 * The index of the line break ending the first line, ignoring breaks inside double quotes;
 * -1 when `text` holds no complete first line yet.
 */
export function headerLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (!quoted && (c === 0x0a || c === 0x0d)) return i;
  }
  return -1;
}

/** Counts the candidates outside double quotes on the first line of `headerSample`. */
export function detectDelimiter(headerSample: string): Delimiter {
  const end = headerLineEnd(headerSample);
  const line = end === -1 ? headerSample : headerSample.slice(0, end);
  const counts: Record<Delimiter, number> = { ",": 0, ";": 0, "\t": 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === "," || c === ";" || c === "\t")) counts[c]++;
  }
  const most = Math.max(counts[","], counts[";"], counts["\t"]);
  if (most === 0) return ","; // a single column
  return BY_PRIORITY.find((candidate) => counts[candidate] === most) ?? ",";
}
