/**
 * Runs once before the tests: applies the real migrations with the Prisma CLI (exactly what
 * `npm start` does) to a template SQLite file that each test copies. Each run has its own
 * folder, so runs in parallel (two terminals, CI) do not delete each other's files.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export default function setup(): () => void {
  const dir = path.resolve("test/.tmp", `run-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${path.join(dir, "template.db")}` },
    stdio: "pipe",
  });
  // Test workers are started after this and inherit the environment. The system temp folder is the
  // run's folder too, so what the app leaves there on purpose (the spool of a preview nobody
  // imported, kept for Import until a start-up sweep) goes when the run ends.
  process.env.TEST_TMP_DIR = dir;
  process.env.TMPDIR = dir;
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
