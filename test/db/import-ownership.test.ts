/**
 * Several instances on one database, at the level of the import service: each instance is an
 * ImportService with its own id, database client and machine clock (injected, so a lease can lapse
 * without waiting). An import's owner beats; only a job whose owner went silent is recovered, once;
 * an owner taken for dead writes nothing more; SIGTERM's drain gives a job up after its batch.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../src/db/client.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { JobLost, type ImportStore } from "../../src/repositories/import-store.js";
import { ImportJobRepository, JobStatus } from "../../src/repositories/import-jobs.js";
import { ImportDrained, ImportService } from "../../src/services/import/service.js";
import { en } from "../../src/i18n/en.js";
import { createTestDb, testImportStore, type TestDb } from "../support/db.js";
import { generatedCustomersCsv } from "../support/csv-fixtures.js";

const LEASE_MS = 60_000;
const T0 = Date.parse("2026-11-26T12:00:00Z");

let t: TestDb;
const closing: (() => Promise<void>)[] = [];
beforeEach(async () => {
  t = await createTestDb();
  await ensureDefaults(t.db, "UTC");
});
afterEach(async () => {
  for (const close of closing.splice(0).reverse()) await close();
  await t.close();
});

/** One instance: its own database client, bulk writer, id and machine clock. */
function instance(id: string, clock: { ms: number }) {
  const db: Db = createDb(t.url);
  const store: ImportStore = testImportStore(t);
  closing.push(async () => {
    await store.close();
    await db.$disconnect();
  });
  const jobs = new ImportJobRepository(db);
  const service = new ImportService({ jobs, store, maxBytes: 50_000_000, clock: () => new Date(clock.ms), owner: id, leaseMs: LEASE_MS, now: () => clock.ms });
  return { jobs, service };
}

/** A job waiting for Import (as after a preview). */
async function awaitingJob(jobs: ImportJobRepository, fileId: string) {
  const { job } = await jobs.register({ fileId, fileName: `${fileId}.csv`, uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
  await jobs.update(job.id, { status: JobStatus.awaiting, kind: "customers", totalRows: 12_000 });
  return job;
}

/** The file in two pieces: the first 5,499 rows, then (once `release` is called) the rest. */
function gatedFile() {
  const csv = generatedCustomersCsv(12_000);
  const cut = csv.indexOf("Customer 005500"); // a few hundred rows past the first batch: the reader holds back a piece's last line
  let release = () => undefined as void;
  const gate = new Promise<void>((r) => (release = r));
  const open = async () =>
    (async function* () {
      yield Buffer.from(csv.slice(0, cut));
      await gate;
      yield Buffer.from(csv.slice(cut));
    })();
  return { open, release: () => release() };
}

async function until<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const customers = async () => t.db.customer.count();

describe("import jobs with several instances on one database", () => {
  it("a job whose owner beats is not recovered; once silent for the lease, two instances sweeping at once recover it once", async () => {
    const clock = { ms: T0 };
    const a = instance("instance-a", clock);
    const b = instance("instance-b", clock);
    const c = instance("instance-c", clock);
    const job = await awaitingJob(a.jobs, "F1");
    expect(await a.service.claim(job.id, "U1")).toBe("claimed");
    expect(await a.jobs.get(job.id)).toMatchObject({ status: "running", owner: "instance-a", heartbeatAt: new Date(T0) });

    // Another instance starts 59 s later, and A beats at 50 s: nothing to recover.
    clock.ms = T0 + 50_000;
    expect(await a.jobs.beat(job.id, "instance-a", [JobStatus.running], new Date(clock.ms))).toBe(true);
    clock.ms = T0 + 50_000 + LEASE_MS - 1;
    expect(await b.service.recoverInterrupted()).toEqual([]);
    expect((await a.jobs.get(job.id))?.status).toBe("running");

    // A goes silent past the lease: B and C sweep at the same moment; one of them recovers it.
    clock.ms = T0 + 50_000 + LEASE_MS + 1;
    const [byB, byC] = await Promise.all([b.service.recoverStale(), c.service.recoverStale()]);
    expect(byB.length + byC.length).toBe(1);
    expect(await a.jobs.get(job.id)).toMatchObject({ status: "failed", owner: null, errorOutcome: '{"code":"interrupted"}' });
    // A's heartbeat now tells it the job is gone.
    expect(await a.jobs.beat(job.id, "instance-a", [JobStatus.running], new Date(clock.ms))).toBe(false);
  });

  it("an instance taken for dead writes nothing more: its next batch rolls back, and Import again on another instance finishes with exact counts", async () => {
    const clock = { ms: T0 };
    const a = instance("instance-a", clock);
    const b = instance("instance-b", clock);
    const job = await awaitingJob(a.jobs, "F2");
    expect(await a.service.claim(job.id, "U1")).toBe("claimed");
    const file = gatedFile();
    const running = a.service.run(en, (await a.jobs.get(job.id))!, file.open, () => undefined);
    running.catch(() => undefined);
    await until(async () => ((await b.jobs.get(job.id))?.processedRows === 5_000 ? true : undefined), "the first batch");

    // A stalls past the lease (a long pause, a lost network): B takes it for dead.
    clock.ms = T0 + LEASE_MS + 1;
    expect((await b.service.recoverStale()).map((j) => j.id)).toEqual([job.id]);
    file.release();
    await expect(running).rejects.toBeInstanceOf(JobLost);
    expect(await b.jobs.get(job.id)).toMatchObject({ status: "failed", processedRows: 5_000, created: 5_000, errorOutcome: '{"code":"interrupted"}' });
    expect(await customers()).toBe(5_000); // A's second batch was rolled back

    // Import again, on B: the saved rows come out unchanged, the rest created, once.
    expect(await b.service.claim(job.id, "U2")).toBe("claimed");
    const again = await b.service.run(en, (await b.jobs.get(job.id))!, gatedFileOpen(), () => undefined);
    expect(again.tally).toEqual({ rows: 12_000, created: 7_000, updated: 0, unchanged: 5_000, failed: 0 });
    expect(await b.jobs.get(job.id)).toMatchObject({ status: "completed", owner: null, processedRows: 12_000, created: 7_000, unchanged: 5_000 });
    expect(await customers()).toBe(12_000);
  });

  it("on SIGTERM the batch in progress commits, the job is given up at once with its exact counts, and no new import is taken", async () => {
    const clock = { ms: T0 };
    const a = instance("instance-a", clock);
    const b = instance("instance-b", clock);
    const job = await awaitingJob(a.jobs, "F3");
    const other = await awaitingJob(a.jobs, "F4");
    expect(await a.service.claim(job.id, "U1")).toBe("claimed");
    const file = gatedFile();
    const running = a.service.run(en, (await a.jobs.get(job.id))!, file.open, () => undefined);
    running.catch(() => undefined);
    await until(async () => ((await b.jobs.get(job.id))?.processedRows === 5_000 ? true : undefined), "the first batch");

    const drained = a.service.drain(4_000);
    expect(await a.service.claim(other.id, "U1")).toBe("stopping");
    file.release(); // the second batch (rows 5,001-10,000) was being read: it commits, then the import stops
    await expect(running).rejects.toBeInstanceOf(ImportDrained);
    await drained;
    expect(await b.jobs.get(job.id)).toMatchObject({ status: "failed", owner: null, processedRows: 10_000, created: 10_000, errorOutcome: '{"code":"interrupted"}' });
    expect(await customers()).toBe(10_000);
    expect((await b.jobs.get(other.id))?.status).toBe("awaiting_confirmation");

    // No lease to wait for: another instance's Import again finishes it now.
    expect(await b.service.claim(job.id, "U2")).toBe("claimed");
    const again = await b.service.run(en, (await b.jobs.get(job.id))!, gatedFileOpen(), () => undefined);
    expect(again.tally).toMatchObject({ rows: 12_000, created: 2_000, unchanged: 10_000, failed: 0 });
    expect(await customers()).toBe(12_000);
  });
});

/** The same 12,000-row file, not held back. */
function gatedFileOpen() {
  const csv = generatedCustomersCsv(12_000);
  return async () =>
    (async function* () {
      yield Buffer.from(csv);
    })();
}
