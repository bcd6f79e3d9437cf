/** A fresh, migrated SQLite database file for one test (a copy of the global template). */
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { createDb, type Db } from "../../src/db/client.js";

function tmpDir(): string {
  const dir = process.env.TEST_TMP_DIR;
  if (!dir) throw new Error("TEST_TMP_DIR is not set: run the tests with vitest (test/support/global-setup.ts)");
  return dir;
}

export type TestDb = { db: Db; url: string; file: string; close(): Promise<void> };

export function createTestDb(): TestDb {
  const file = path.join(tmpDir(), `${randomUUID()}.db`);
  fs.copyFileSync(path.join(tmpDir(), "template.db"), file);
  const url = `file:${file}`;
  const db = createDb(url);
  return {
    db,
    url,
    file,
    async close() {
      await db.$disconnect();
      for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) fs.rmSync(f, { force: true });
    },
  };
}
