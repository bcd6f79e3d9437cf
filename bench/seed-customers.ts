/**
 * Fast bulk seeding of a customer book for benchmarks: better-sqlite3 prepared inserts in large
 * transactions, into the tables Prisma created, with the value formats Prisma's SQLite adapter
 * writes (ISO-8601 text timestamps ending in +00:00, booleans as 0/1), so Prisma reads the rows
 * like its own. The default SLA and alert profile must exist already (ensureDefaults).
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";

const FIRST = [
  "Acme", "Alpine", "Amber", "Apex", "Atlas", "Aurora", "Beacon", "Birch", "Blue", "Bright",
  "Cedar", "Citadel", "Coastal", "Cobalt", "Crest", "Delta", "Eagle", "Echo", "Elm", "Ember",
  "Falcon", "Fjord", "Granite", "Harbor", "Horizon", "Iris", "Juniper", "Keystone", "Lakeside", "Maple",
  "Meridian", "Nimbus", "Northwind", "Oak", "Orion", "Pacific", "Pinnacle", "Quartz", "Redwood", "Riverside",
  "Sage", "Silver", "Summit", "Terra", "Trident", "Union", "Vertex", "Willow", "Zenith", "Zephyr",
];
const SECOND = [
  "Dental", "Legal", "Logistics", "Clinic", "Bakery", "Architects", "Accounting", "Motors", "Realty", "Pharmacy",
  "Studios", "Consulting", "Engineering", "Foods", "Hotels", "Insurance", "Labs", "Media", "Partners", "Veterinary",
];
const GIVEN = ["Jane", "John", "Maria", "Luca", "Aisha", "Chen", "Olga", "Pedro", "Sara", "Tom", "Ines", "Raj"];
const FAMILY = ["Roe", "Doe", "Rossi", "Khan", "Li", "Novak", "Silva", "Berg", "Okafor", "Smith", "Muller", "Sato"];

export type SeededBook = { customers: number; contacts: number; contracts: number; names: string[]; seconds: number };

/** The customer name of seed number i (stable, so a benchmark can ask for names that exist). */
export function seedName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${SECOND[Math.floor(i / FIRST.length) % SECOND.length]} ${String(i).padStart(5, "0")}`;
}

export function seedCustomerBook(file: string, o: { customers: number; contactsPerCustomer: number; now?: Date; batch?: number }): SeededBook {
  const started = performance.now();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const stamp = (o.now ?? new Date()).toISOString().replace("Z", "+00:00");
  const sla = db.prepare(`SELECT id FROM Sla WHERE isDefault = 1`).get() as { id: string } | undefined;
  const profile = db.prepare(`SELECT id FROM AlertThresholdProfile WHERE isDefault = 1`).get() as { id: string } | undefined;
  if (!sla || !profile) throw new Error("seedCustomerBook needs the default SLA and alert profile (run ensureDefaults first)");

  const insertCustomer = db.prepare(
    `INSERT INTO Customer (id, name, nameKey, rank, phone, city, country, ticketsOnlyFromPrimary, slaId, alertProfileId, createdBy, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'U0BENCH001', ?, ?)`,
  );
  const insertDomain = db.prepare(`INSERT INTO CustomerDomain (id, customerId, domain) VALUES (?, ?, ?)`);
  const insertContact = db.prepare(
    `INSERT INTO Contact (id, customerId, firstName, lastName, email, emailKey, phone, jobTitle, noEmailTickets, createdBy, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 'U0BENCH001', ?, ?)`,
  );
  const insertContract = db.prepare(
    `INSERT INTO Contract (id, customerId, name, type, quantity, rateCents, billingPeriod, active, isDefault, taxable, createdBy, createdAt, updatedAt)
     VALUES (?, ?, ?, 'retainer', 1, ?, 'monthly', 1, 1, 0, 'U0BENCH001', ?, ?)`,
  );
  const setPrimary = db.prepare(`UPDATE Customer SET primaryContactId = ? WHERE id = ?`);

  const names: string[] = [];
  let contacts = 0;
  const batch = o.batch ?? 5000;
  const writeBatch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const id = randomUUID();
      const name = seedName(i);
      names.push(name);
      insertCustomer.run(id, name, name.toLowerCase(), ["Gold", "Silver", "Bronze"][i % 3] ?? null, `+39 06 ${String(i).padStart(6, "0")}`, "Rome", "Italy", sla.id, profile.id, stamp, stamp);
      const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.com`;
      insertDomain.run(randomUUID(), id, domain);
      insertContract.run(randomUUID(), id, `Managed services ${i}`, 10_000 + (i % 500) * 100, stamp, stamp);
      let primary: string | undefined;
      for (let k = 0; k < o.contactsPerCustomer; k++) {
        const contactId = randomUUID();
        const first = GIVEN[(i + k) % GIVEN.length] ?? "Pat";
        const last = FAMILY[(i * 7 + k) % FAMILY.length] ?? "Lee";
        const email = `${first}.${last}.${k}@${domain}`.toLowerCase();
        insertContact.run(contactId, id, first, last, email, email, `+39 333 ${String(i * 10 + k).padStart(7, "0")}`, k === 0 ? "Office manager" : null, stamp, stamp);
        primary ??= contactId;
        contacts++;
      }
      if (primary) setPrimary.run(primary, id);
    }
  });
  for (let from = 0; from < o.customers; from += batch) writeBatch(from, Math.min(o.customers, from + batch));
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return { customers: o.customers, contacts, contracts: o.customers, names, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
}
