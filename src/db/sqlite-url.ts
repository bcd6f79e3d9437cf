import fs from "node:fs";
import path from "node:path";

/**
 * Turns a `file:` DATABASE_URL into an absolute file path. Relative paths are relative to the
 * working directory (the project root when started with npm), for the app and the Prisma CLI alike.
 */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  const raw = url.startsWith("file:") ? url.slice("file:".length) : url;
  const withoutQuery = raw.split("?")[0] ?? raw;
  if (withoutQuery === ":memory:") return withoutQuery;
  return path.resolve(cwd, withoutQuery);
}

export function ensureSqliteDirectory(filePath: string): void {
  if (filePath === ":memory:") return;
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
}
