/**
 * Lines of the CSV files the app hands out (templates, error reports): RFC 4180 quoting, CRLF
 * line ends, and spreadsheet formula injection neutralised. Start the file with BOM so that
 * Excel reads it as UTF-8 rather than the machine's ANSI code page.
 */

export const BOM = "\uFEFF";

export type Delimiter = "," | ";" | "\t";

/**
 * A cell starting with one of these is run as a formula by Excel, LibreOffice or Google Sheets
 * (OWASP "CSV Injection"). A leading single quote makes it text. The importer removes that quote
 * again (see `unneutralise`), so a file the app wrote can be edited and uploaded back unchanged.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

const NEEDS_QUOTES: Record<Delimiter, RegExp> = {
  ",": /[",\r\n]/,
  ";": /[";\r\n]/,
  "\t": /["\t\r\n]/,
};

export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Undoes `neutraliseFormula`: "'=SUM(A1)" becomes "=SUM(A1)"; any other text is returned as is. */
export function unneutralise(cell: string): string {
  return cell.charCodeAt(0) === 0x27 && FORMULA_START.test(cell.slice(1, 2)) ? cell.slice(1) : cell;
}

export function csvCell(cell: string | undefined, delimiter: Delimiter = ","): string {
  if (cell === undefined || cell === "") return "";
  const safe = neutraliseFormula(cell);
  return NEEDS_QUOTES[delimiter].test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One record, CRLF-terminated. `undefined` is written as an empty cell. */
export function csvLine(cells: readonly (string | undefined)[], delimiter: Delimiter = ","): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    if (i > 0) line += delimiter;
    line += csvCell(cells[i], delimiter);
  }
  return `${line}\r\n`;
}
