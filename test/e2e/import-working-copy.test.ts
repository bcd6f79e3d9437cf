/**
 * The preview's working copy of a file (its spool, in the temp folder): compact, kept no longer
 * than the preview stays valid (24 hours, said in the preview), and an Import after that is
 * refused with a message instead of importing a day-old picture of the customer book.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ADMIN, startTestApp, type TestApp } from "../support/app-harness.js";
import { buttonsOf, generatedCustomersCsv, messageText, pressImport, tableCounts, uploadForPreview, waitFor } from "../support/csv-fixtures.js";
import { spoolName } from "../support/spool-files.js";
import { sweepImports } from "../../src/jobs/import-sweep.js";
import { ImportJobRepository } from "../../src/repositories/import-jobs.js";
import { testImportStore } from "../support/db.js";
import { ImportService } from "../../src/services/import/service.js";
import { SlackDeliveryRepository } from "../../src/repositories/slack-deliveries.js";
import { SlackDeliveryQueue } from "../../src/slack/delivery-queue.js";
import { testPeople } from "../support/people.js";

let app: TestApp;
let now: Date;
const start = async () => {
  now = new Date("2026-05-04T09:00:00Z");
  app = await startTestApp({ clock: () => now });
};
afterEach(async () => app.close());
const hours = (h: number) => new Date(now.getTime() + h * 3600_000);

describe("the preview's working copy", () => {
  it("takes at most 1.5 times the file's size (8 times, uncompressed, for a file of short rows), and the preview says how long it stays valid", async () => {
    await start();
    // Short rows (name, domain, city): the ids the preview plans for each row weigh most.
    const csv = generatedCustomersCsv(20_000);
    const preview = await uploadForPreview(app, { name: "big.csv", content: csv });
    const spool = path.join(os.tmpdir(), spoolName(preview.job.id));
    expect(fs.statSync(spool).size).toBeLessThan(1.5 * Buffer.byteLength(csv));
    const until = Math.floor(hours(24).getTime() / 1000);
    expect(preview.text).toContain(`This preview is valid for 24 hours, until <!date^${until}^{date_short_pretty} at {time}|2026-05-05 09:00 UTC>`);
    expect((await pressImport(app, preview)).text).toContain("Import finished");
    expect(fs.existsSync(spool)).toBe(false);
  });

  it("an Import pressed more than 24 hours after the preview imports nothing, says why, and the preview loses its buttons", async () => {
    await start();
    const preview = await uploadForPreview(app, { name: "late.csv", content: generatedCustomersCsv(30) });
    const spool = path.join(os.tmpdir(), spoolName(preview.job.id));
    expect(fs.existsSync(spool)).toBe(true);
    now = hours(24.5);
    await app.driver.clickMessageButton(preview.channel, preview.message.ts, "import_confirm", { userId: ADMIN, value: preview.job.id });
    const told = await waitFor(() => app.slack.ephemerals(ADMIN).find((e) => messageText(e).includes("more than 24 hours old")), "the refusal");
    expect(messageText(told)).toContain("Upload the file again for a new preview");
    const message = await waitFor(() => {
      const m = app.slack.message(preview.channel, preview.message.ts);
      return messageText(m).includes("Import preview expired") ? m : undefined;
    }, "the expired preview");
    expect(buttonsOf(message)).toEqual([]);
    expect(await app.db.importJob.findUniqueOrThrow({ where: { id: preview.job.id } })).toMatchObject({ status: "expired", processedRows: 0 });
    expect(await tableCounts(app)).toEqual({ customers: 0, domains: 0, contacts: 0 });
    expect(fs.existsSync(spool)).toBe(false);
  });

  it("the hourly sweep ends previews past their 24 hours, deletes their working copies and says so in their threads", async () => {
    await start();
    const old = await uploadForPreview(app, { name: "old.csv", content: generatedCustomersCsv(10) });
    now = hours(20);
    const recent = await uploadForPreview(app, { name: "recent.csv", content: generatedCustomersCsv(110, 100) });
    now = hours(5); // 25 hours after the first preview, 5 after the second
    // The sweep the app runs every hour, run now through the same database, temp folder and Slack client.
    const store = testImportStore(app.testDb);
    const imports = new ImportService({ jobs: new ImportJobRepository(app.db), store, maxBytes: 50_000_000, clock: () => now });
    // What it queues for the threads, the app's own delivery worker sends (as another instance's would be).
    const deliveries = new SlackDeliveryQueue({ repo: new SlackDeliveryRepository(app.db), client: app.application.app.client, logger: app.application.app.logger });
    const swept = await sweepImports({ imports, deliveries, logger: app.application.app.logger, people: testPeople(app.application.app.client) }).finally(() => store.close());
    await waitFor(() => messageText(app.slack.message(old.channel, old.message.ts)).includes("Import preview expired"), "the expired notice");
    expect(swept.expired).toBe(1);
    expect(fs.existsSync(path.join(os.tmpdir(), spoolName(old.job.id)))).toBe(false);
    expect(fs.existsSync(path.join(os.tmpdir(), spoolName(recent.job.id)))).toBe(true);
    expect(messageText(app.slack.message(old.channel, old.message.ts))).toContain("Import preview expired: old.csv");
    expect(buttonsOf(app.slack.message(recent.channel, recent.message.ts))).toContain("import_confirm");
  });
});
