/** The preview's working copies (spools, see src/import/spool.ts) as tests read and damage them: gzip-compressed lines. */
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

export const spoolName = (jobId: string) => `customer-book-import-${jobId}.ndjson.gz`;

/** The spools in a folder (complete ones, not a ".part" being written). */
export function spoolFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(".ndjson.gz"));
}

export function readSpoolLines(file: string): string[] {
  return zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
}

export function writeSpoolLines(file: string, lines: string[]): void {
  fs.writeFileSync(file, zlib.gzipSync(lines.join("\n")));
}

/** Changes the lines of the one spool in `dir`. */
export function damageSpoolIn(dir: string, damage: (lines: string[]) => void): string {
  const [name] = spoolFiles(dir);
  const file = path.join(dir, name ?? "none");
  const lines = readSpoolLines(file);
  damage(lines);
  writeSpoolLines(file, lines);
  return file;
}
