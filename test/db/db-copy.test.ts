/**
 * `npm run db:copy`: a seeded SQLite customer book (every table has rows, 12,000 imported customers
 * so the copy goes in several batches) copied into an empty PostgreSQL database. Checked with
 * Prisma on both sides, independently of the copy's own SQL: each table's row count and a checksum
 * of its rows (every column of every row, as Prisma reads them). Needs a PostgreSQL server: runs in
 * the postgres test project.
 */
import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { en } from "../../src/i18n/en.js";
import Database from "better-sqlite3";
import { inject } from "vitest";
import { createPostgresDatabase, createTestDb, onPostgres, testImportStore, type TestDb } from "../support/db.js";
import { createDb, type Db } from "../../src/db/client.js";
import { ensureDefaults } from "../../src/db/defaults.js";
import { CopyRefused, copyDatabase } from "../../src/db/copy.js";
import { PROJECT_ROOT } from "../../src/app.js";
import { Prisma } from "../../src/generated/prisma/client.js";
import { ImportJobRepository } from "../../src/repositories/import-jobs.js";
import { ImportService } from "../../src/services/import/service.js";
import { TicketRepository } from "../../src/repositories/tickets.js";
import { TicketService } from "../../src/services/tickets/service.js";
import { managementRepos, transactor } from "../../src/repositories/unit-of-work.js";
import { createCustomerSearch } from "../../src/repositories/backend.js";
import { SlaRepository } from "../../src/repositories/slas.js";
import { AlertProfileRepository } from "../../src/repositories/alert-profiles.js";
import { CustomerManagementService } from "../../src/services/customers/management.js";
import { OutboundEmailRepository } from "../../src/repositories/outbound-emails.js";
import { RequestClaimRepository } from "../../src/repositories/request-claims.js";
import { SlackRateSlotRepository } from "../../src/repositories/slack-rate-slots.js";
import { SlackDeliveryRepository } from "../../src/repositories/slack-deliveries.js";
import { SlackRevocationRepository } from "../../src/repositories/slack-revocations.js";
import { retainer, seedCustomer } from "../support/customer-seed.js";

const at = new Date("2026-11-26T12:00:00.123Z");
let source: TestDb;
let sourceFingerprint: Awaited<ReturnType<typeof fingerprint>>;
let target: { url: string; drop(): Promise<void> } | undefined;
let targetDb: Db | undefined;

// One seeded SQLite book for the file (seeding takes a while); each test copies it into a database of its own.
beforeAll(async () => {
  if (!onPostgres) return;
  source = await createTestDb("sqlite");
  await seed(source.db, source.url);
  sourceFingerprint = await fingerprint(source.db);
}, 120_000);
afterAll(async () => {
  if (onPostgres) await source.close();
});
afterEach(async () => {
  await targetDb?.$disconnect();
  targetDb = undefined;
  await target?.drop();
  target = undefined;
});

/** A target database: empty (db:copy migrates it, as for a new install), or already migrated (faster). */
async function newTarget(o: { migrated: boolean }) {
  target = await createPostgresDatabase(o.migrated ? inject("postgresTemplate") : undefined);
  return target;
}

/** A customer book with rows in every table, written by the app's own services. */
async function seed(db: Db, url: string): Promise<void> {
  await ensureDefaults(db, "UTC");
  const acme = await seedCustomer(db, {
    name: "Acme Dental",
    domains: ["acme.com", "acme.co.uk"],
    contract: retainer("Care"),
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "Tom", lastName: "Hill", email: "tom@acme.com", phone: "+39 02 1234" },
    ],
    notes: "Line one\nLine two, with 'quotes' and \"double\" and ünïcode ✓",
  });
  const management = new CustomerManagementService({
    search: createCustomerSearch(db),
    repos: managementRepos(db),
    transaction: transactor(db),
    slas: new SlaRepository(db),
    alertProfiles: new AlertProfileRepository(db),
    isAdmin: async () => true,
    clock: () => at,
  });
  await management.setPrimary(en, "U0ADMIN001", acme.contactIds[1]!);
  await management.archive(en, "U0ADMIN001", (await seedCustomer(db, { name: "Old Customer", domains: ["old.example"] })).id);

  // 12,000 customers and 2,000 contacts through the importer: several copy batches per table.
  const jobs = new ImportJobRepository(db);
  const store = testImportStore({ url } as TestDb);
  const service = new ImportService({ jobs, store, maxBytes: 50_000_000, clock: () => at });
  const importCsv = async (fileId: string, csv: string) => {
    const { job } = await jobs.register({ fileId, fileName: `${fileId}.csv`, uploadedBy: "U1", channelId: "C1", threadTs: "1.0" });
    const open = async () =>
      (async function* () {
        yield Buffer.from(csv);
      })();
    expect((await service.preview(en, job, open)).ok).toBe(true);
    await service.claim(job.id, "U1");
    await (await service.run(en, (await jobs.get(job.id))!, open, () => undefined)).settled;
  };
  await importCsv("F1", ["Customer Name,Domains,City", ...Array.from({ length: 12_000 }, (_, i) => `Imported ${i},imp${i}.example,Città ${i % 7}`)].join("\n"));
  await importCsv("F2", ["Customer Name,First Name,Last Name,Email,Primary Contact", ...Array.from({ length: 2_000 }, (_, i) => `Imported ${i},F${i},L${i},p${i}@imp${i}.example,${i % 2 ? "yes" : "no"}`)].join("\n"));
  await store.close();

  const tickets = new TicketService({ tickets: new TicketRepository(db), transaction: (work) => TicketRepository.transaction(db, work), clock: () => at });
  const ticket = await tickets.open({ customerId: acme.id, contactId: acme.contactIds[0]!, subject: "VPN down", description: "Since 9:00", priority: "high", source: "email", requesterEmail: "jane@acme.com" });
  await tickets.setPending(ticket.id, "U0TECH0001");
  await tickets.resume(ticket.id, { actorId: "U0TECH0001" });
  await tickets.respond(ticket.id, "U0TECH0001");
  await tickets.resolve(ticket.id, "U0TECH0001");
  await tickets.open({ customerId: null, contactId: null, subject: "Triage", description: "", priority: "low", source: "slack", openedBy: "U0TECH0001" });
  await new OutboundEmailRepository(db).enqueue(
    { key: `reply:${ticket.id}:1`, ticketId: ticket.id, kind: "reply", messageId: "<r1@customerbook.example>", toEmail: "jane@acme.com", cc: ["tom@acme.com"], subject: "Re: VPN down", text: "Fixed: «ünïcode» ✓", html: "<p>Fixed</p>", inReplyTo: "<m1@acme.com>", references: ["<m1@acme.com>"], automatic: false, sentBy: "U0TECH0001" },
    at,
    at,
  );
  await db.inboundEmail.create({ data: { messageId: "m1@acme.com", format: "rfc822", fromEmail: "jane@acme.com", subject: "VPN down", outcome: "ticket_opened", ticketId: ticket.id, customerId: acme.id, receivedAt: at } });
  await db.wizardDraft.create({ data: { id: "draft-1", userId: "U0ADMIN001", data: JSON.stringify({ step: 2 }), expiresAt: new Date(at.getTime() + 86_400_000) } });
  await db.scheduledRun.create({ data: { key: "sla-summary:2026-11-26T08:00", instance: "host-1", createdAt: at } });
  await new RequestClaimRepository(db).claim("view:V0VIEW0001:hash-1", at);
  await new SlackRateSlotRepository(db).take("chat.update", at);
  // Two queued deliveries: a message, and a file of bytes that are not text (bytea on PostgreSQL).
  const deliveries = new SlackDeliveryRepository(db);
  await deliveries.enqueue({ key: "import:F1:report:1", orderKey: "import:F1", method: "chat.update", payload: JSON.stringify({ channel: "C1", ts: "1.0", text: "Import finished" }) }, at);
  const file = Uint8Array.from([0x00, 0xff, 0x0a, 0x5c, 0x27, ...Buffer.from("Città,ü\n")]);
  await deliveries.enqueue({ key: "import:F1:errors:1", orderKey: "import:F1", method: "files.uploadV2", payload: JSON.stringify({ channel_id: "C1", filename: "errors.csv" }), file, purpose: "import_errors:F1" }, new Date(at.getTime() + 1));
  await new SlackRevocationRepository(db).record({ tokenFingerprint: "0123456789abcdef0123456789abcdef", teamId: "T0FAKETEAM", event: "app_uninstalled", revokedAt: at });
  // The portal: a sign-in request with its email (about no ticket), a request for an address that is no contact, a session.
  const signIn = await db.portalSignIn.create({ data: { emailKey: "jane@acme.com", clientIp: "192.0.2.1", contactId: acme.contactIds[0]!, tokenHash: "a".repeat(64), createdAt: at, expiresAt: new Date(at.getTime() + 900_000) } });
  await db.portalSignIn.create({ data: { emailKey: "nobody@else.example", clientIp: "192.0.2.1", contactId: null, tokenHash: null, createdAt: at, expiresAt: new Date(at.getTime() + 900_000) } });
  await new OutboundEmailRepository(db).enqueue(
    { key: `portal-sign-in:${signIn.id}`, ticketId: null, kind: "sign_in", messageId: "<s1@customerbook.example>", toEmail: "jane@acme.com", cc: [], subject: "Your sign-in link", text: "https://support.msp.example/portal/sign-in/x", html: "<p>link</p>", inReplyTo: null, references: [], automatic: false, sentBy: null },
    at,
    new Date(at.getTime() + 2),
  );
  await db.portalSession.create({ data: { tokenHash: "b".repeat(64), contactId: acme.contactIds[0]!, createdAt: at, expiresAt: new Date(at.getTime() + 7 * 86_400_000), locale: "it" } });
  await db.contact.update({ where: { id: acme.contactIds[0]! }, data: { portalSignInAt: at } });
}

/** Every model's rows as Prisma reads them, in a stable order: count and SHA-256 per table. */
async function fingerprint(db: Db): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const model of Object.values(Prisma.ModelName)) {
    const delegate = (db as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>)[model.charAt(0).toLowerCase() + model.slice(1)];
    // Dates as ISO text, bytes as hex (one adapter gives a Buffer, the other a Uint8Array).
    const value = (v: unknown) => (v instanceof Date ? v.toISOString() : v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString("hex")}` : v);
    const rows = (await delegate!.findMany()).map((r) => JSON.stringify(Object.keys(r).sort().map((k) => [k, value(r[k])])));
    rows.sort();
    out[model] = { rows: rows.length, sha256: createHash("sha256").update(rows.join("\n")).digest("hex") };
  }
  return out;
}

describe.skipIf(!onPostgres)("db:copy from SQLite to PostgreSQL", () => {
  it("copies every table with ids and history: row counts and checksums equal, and the app's queries see the same book", { timeout: 120_000 }, async () => {
    const target = await newTarget({ migrated: false });
    const before = sourceFingerprint;
    for (const [model, f] of Object.entries(before)) expect(f.rows, `the seed leaves ${model} empty: extend it`).toBeGreaterThan(0);
    expect(before.Customer?.rows).toBe(12_002);

    const progress: string[] = [];
    const result = await copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT, onProgress: (p) => progress.push(`${p.table} ${p.copied}/${p.total}`) });
    expect(result.tables.find((t) => t.table === "Customer")?.rows).toBe(12_002);
    expect(progress).toContain("Customer 5000/12002");
    expect(progress).toContain("Customer 12002/12002");

    targetDb = createDb(target.url);
    expect(await fingerprint(targetDb)).toEqual(before);
    // History and relations came along: the customer's change log, its primary contact, its ticket's events.
    const acme = await targetDb.customer.findFirstOrThrow({ where: { nameKey: "acme dental" }, include: { primaryContact: true, domains: true, tickets: { include: { events: true, pauses: true } } } });
    expect(acme.primaryContact?.email).toBe("tom@acme.com");
    expect(acme.tickets[0]?.events.map((e) => e.kind)).toContain("responded");
    expect(await targetDb.changeLog.count({ where: { customerId: acme.id } })).toBeGreaterThan(1);
    // A queued file's bytes, byte for byte (bytea), and the claims and revocations of other tables.
    expect(await new SlackDeliveryRepository(targetDb).fileOf((await targetDb.slackDelivery.findUniqueOrThrow({ where: { key: "import:F1:errors:1" } })).id)).toEqual(
      Buffer.from([0x00, 0xff, 0x0a, 0x5c, 0x27, ...Buffer.from("Città,ü\n")]),
    );
    expect(await new RequestClaimRepository(targetDb).claim("view:V0VIEW0001:hash-1", at)).toBe(false);
  });

  it("refuses to copy into a database that has rows (run twice: nothing duplicated)", { timeout: 120_000 }, async () => {
    const target = await newTarget({ migrated: true });
    await copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT });
    targetDb = createDb(target.url);
    const once = await fingerprint(targetDb);
    await expect(copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT })).rejects.toThrow(CopyRefused);
    await expect(copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT })).rejects.toThrow(/not empty/);
    expect(await fingerprint(targetDb)).toEqual(once);
  });

  it("a row PostgreSQL refuses stops the copy with nothing written; once the SQLite book is fixed the copy goes through", { timeout: 120_000 }, async () => {
    const target = await newTarget({ migrated: true });
    // A contact whose customer is gone (SQLite's importer connection does not check foreign keys).
    const raw = new Database(source.file);
    raw.pragma("foreign_keys = OFF");
    raw.prepare(`INSERT INTO Contact (id, customerId, firstName, lastName, email, emailKey, createdBy, createdAt, updatedAt) VALUES ('orphan', 'no-such-customer', 'O', 'R', 'o@r.example', 'o@r.example', 'U1', ?, ?)`).run(at.toISOString(), at.toISOString());
    await expect(copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT })).rejects.toThrow(/foreign key/i);
    targetDb = createDb(target.url);
    for (const [model, f] of Object.entries(await fingerprint(targetDb))) expect(f.rows, model).toBe(0);
    raw.prepare(`DELETE FROM Contact WHERE id = 'orphan'`).run();
    raw.close();
    await copyDatabase({ from: source.url, to: target.url, projectRoot: PROJECT_ROOT });
    expect(await fingerprint(targetDb)).toEqual(sourceFingerprint);
  });

  it("refuses a SQLite database whose migrations are behind, and a target URL that is not PostgreSQL", async () => {
    const target = await newTarget({ migrated: true });
    const behind = await createTestDb("sqlite");
    try {
      const raw = new Database(behind.file);
      raw.prepare(`DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`).run();
      raw.close();
      await expect(copyDatabase({ from: behind.url, to: target.url, projectRoot: PROJECT_ROOT })).rejects.toThrow(/lacks migrations/);
      await expect(copyDatabase({ from: behind.url, to: "file:./other.db", projectRoot: PROJECT_ROOT })).rejects.toThrow(/--to must be a PostgreSQL URL/);
    } finally {
      await behind.close();
    }
  });
});
