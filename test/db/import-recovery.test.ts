import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/db.js";
import { ImportJobRepository, JobStatus } from "../../src/repositories/import-jobs.js";
import { SqliteImportStore } from "../../src/repositories/import-store.js";
import { ImportService } from "../../src/services/import/service.js";

let t: TestDb;
let store: SqliteImportStore;
let jobs: ImportJobRepository;
let service: ImportService;
beforeEach(() => {
  t = createTestDb();
  store = new SqliteImportStore(t.url);
  jobs = new ImportJobRepository(t.db);
  service = new ImportService({ jobs, store, maxBytes: 1_000_000, clock: () => new Date("2026-11-26T12:00:00Z") });
});
afterEach(async () => {
  store.close();
  await t.close();
});

const upload = (fileId: string) => jobs.register({ fileId, fileName: `${fileId}.csv`, uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });

describe("recovering imports after a restart", () => {
  it("fails running imports with their counts kept, and closes previews that were being checked", async () => {
    const running = (await upload("F1")).job;
    await jobs.update(running.id, { status: JobStatus.running, created: 5000, processedRows: 5000 });
    const checking = (await upload("F2")).job;
    const done = (await upload("F3")).job;
    await jobs.update(done.id, { status: JobStatus.completed });

    const recovered = await service.recoverInterrupted();

    expect(recovered.map((j) => [j.fileName, j.status]).sort()).toEqual([
      ["F1.csv", "failed"],
      ["F2.csv", "preview_failed"],
    ]);
    expect(await jobs.get(running.id)).toMatchObject({ status: "failed", created: 5000, processedRows: 5000, errorMessage: expect.stringMatching(/Import again/) });
    expect(await jobs.get(checking.id)).toMatchObject({ status: "preview_failed", errorMessage: expect.stringMatching(/Upload the file again/) });
    expect((await jobs.get(done.id))?.status).toBe("completed");
    expect(await service.recoverInterrupted()).toEqual([]);
  });
});
