import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, testImportStore, type TestDb } from "../support/db.js";
import type { ImportStore } from "../../src/repositories/import-store.js";
import { ImportJobRepository, JobStatus } from "../../src/repositories/import-jobs.js";
import { ImportService } from "../../src/services/import/service.js";
import { en } from "../../src/i18n/en.js";
import { it as italian } from "../../src/i18n/it.js";
import { storedReason } from "../../src/slack/views/imports.js";

let t: TestDb;
let store: ImportStore;
let jobs: ImportJobRepository;
let service: ImportService;
beforeEach(async () => {
  t = await createTestDb();
  store = testImportStore(t);
  jobs = new ImportJobRepository(t.db);
  service = new ImportService({ jobs, store, maxBytes: 1_000_000, clock: () => new Date("2026-11-26T12:00:00Z") });
});
afterEach(async () => {
  await store.close();
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
    // Stored as codes, rendered when read: the same job reads in English to one admin and in Italian to another.
    expect(await jobs.get(running.id)).toMatchObject({ status: "failed", created: 5000, processedRows: 5000, errorOutcome: '{"code":"interrupted"}', errorMessage: null });
    expect(await jobs.get(checking.id)).toMatchObject({ status: "preview_failed", errorOutcome: '{"code":"interrupted_preview"}' });
    expect(storedReason(en, (await jobs.get(running.id))!)).toMatch(/Import again/);
    expect(storedReason(italian, (await jobs.get(running.id))!)).toMatch(/Importa di nuovo/);
    expect(storedReason(en, (await jobs.get(checking.id))!)).toMatch(/Upload the file again/);
    expect((await jobs.get(done.id))?.status).toBe("completed");
    expect(await service.recoverInterrupted()).toEqual([]);
  });
});

describe("the preview's spool of rows", () => {
  it("feeds the import without a second download, and the import downloads again when the spool is gone", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-"));
    const svc = new ImportService({ jobs, store, maxBytes: 1_000_000, clock: () => new Date(), tmpDir });
    const csv = "Customer Name,City\nAcme,Rome\nBeta,Milan\n";
    let downloads = 0;
    const open = async () => {
      downloads++;
      return (async function* () {
        yield Buffer.from(csv);
      })();
    };
    await t.db.sla.create({ data: { name: "S", nameKey: "s", isDefault: true, responseLowMinutes: 1, responseMediumMinutes: 1, responseHighMinutes: 1, responseCriticalMinutes: 1, resolutionLowMinutes: 1, resolutionMediumMinutes: 1, resolutionHighMinutes: 1, resolutionCriticalMinutes: 1, timeZone: "UTC" } });
    await t.db.alertThresholdProfile.create({ data: { name: "P", nameKey: "p", isDefault: true } });

    const first = (await upload("F10")).job;
    expect((await svc.preview(en, first, open)).ok).toBe(true);
    expect(fs.readdirSync(tmpDir)).toHaveLength(1);
    expect(await svc.claim(first.id, "U1")).toBe("claimed");
    const r1 = await svc.run(en, (await jobs.get(first.id))!, open, () => undefined);
    expect(r1.tally).toMatchObject({ rows: 2, created: 2 });
    expect(downloads).toBe(1);
    expect(fs.readdirSync(tmpDir)).toHaveLength(0);

    const second = (await upload("F11")).job;
    await svc.preview(en, second, open);
    for (const f of fs.readdirSync(tmpDir)) fs.rmSync(path.join(tmpDir, f));
    await svc.claim(second.id, "U1");
    const r2 = await svc.run(en, (await jobs.get(second.id))!, open, () => undefined);
    expect(r2.tally).toMatchObject({ rows: 2, unchanged: 2 });
    expect(downloads).toBe(3);
    fs.rmSync(tmpDir, { recursive: true, force: true });
  });
});

describe("a file that cannot be read", () => {
  it("leaves no spool of its rows behind", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "spool-"));
    const svc = new ImportService({ jobs, store, maxBytes: 1_000_000, clock: () => new Date(), tmpDir });
    try {
      for (const [id, csv] of [["F20", "Customer Name,City\n"], ["F21", ""], ["F22", "First,Second\n1,2\n"]] as const) {
        const job = (await upload(id)).job;
        const open = async () =>
          (async function* () {
            yield Buffer.from(csv);
          })();
        const r = await svc.preview(en, job, open);
        expect(r.ok, id).toBe(false);
      }
      await new Promise((r) => setTimeout(r, 100)); // the spool stream closes asynchronously
      expect(fs.readdirSync(tmpDir)).toEqual([]);
    } finally {
      fs.rmSync(tmpDir, { recursive: true, force: true });
    }
  });
});
