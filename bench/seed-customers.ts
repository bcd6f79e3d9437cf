/**
 * Fast bulk seeding of a customer book for benchmarks: better-sqlite3 prepared inserts in large
 * transactions, into the tables Prisma created, with the value formats Prisma's SQLite adapter
 * writes (ISO-8601 text timestamps ending in +00:00, booleans as 0/1), so Prisma reads the rows
 * like its own; on PostgreSQL, multi-row inserts from arrays (seedPostgres). The default SLA and
 * alert profile must exist already (ensureDefaults). The search indexes fill as for any other
 * writer (SQLite: through their triggers; PostgreSQL: its expression indexes). Names, business IDs (Partita IVA,
 * codice fiscale), phones and contacts (40 given x 50 family names, some accented) are made to be
 * searched for: bench/customers.ts asks for them through the seed* functions.
 */
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import pg from "pg";
import type { TestDb } from "../test/support/db.js";
import { insertRowsPostgres } from "../test/support/ticket-seed.js";

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
  "Città", "Caffè", "Società", "Ingegneria", "Farmacia",
];
const GIVEN = [
  "Jane", "John", "Maria", "Luca", "Aisha", "Chen", "Olga", "Pedro", "Sara", "Tom", "Ines", "Raj",
  "Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Matteo", "Elena", "Lorenzo", "Sofia", "Niccolò",
  "Martina", "Davide", "Federica", "Simone", "Anna", "Stefano", "Valentina", "Andrea", "Paolo", "Silvia",
  "Hannah", "Lukas", "Emma", "Noah", "Chloé", "Mateo", "Zoë", "Oskar",
];
const FAMILY = [
  "Roe", "Doe", "Rossi", "Khan", "Li", "Novak", "Silva", "Berg", "Okafor", "Smith", "Muller", "Sato",
  "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
  "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri",
  "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo",
  "Gentile", "Martinelli", "Vitale", "Lombardo", "Serra", "Coppola", "D'Amico", "Fabbri", "Nicolò", "Schäfer",
];

export type SeededBook = { customers: number; contacts: number; contracts: number; names: string[]; seconds: number };

/** The customer name of seed number i (stable, so a benchmark can ask for names that exist). */
export function seedName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${SECOND[Math.floor(i / FIRST.length) % SECOND.length]} ${String(i).padStart(5, "0")}`;
}

/** Letters and digits only, accents dropped: "D'Amico" -> "damico" (for made-up emails and domains). */
const plainAscii = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The seed's business ID of customer i: a Partita IVA with and without its IT prefix, a codice fiscale, or none. */
export function seedBusinessId(i: number): string | null {
  const vat = `0${String(i).padStart(6, "0")}${String((i * 37) % 10_000).padStart(4, "0")}`;
  switch (i % 4) {
    case 0:
      return `IT${vat}`;
    case 1:
      return `RSSMRA${80 + (i % 20)}A${String((i % 28) + 1).padStart(2, "0")}H501${String.fromCharCode(65 + (i % 26))}`;
    case 2:
      return vat;
    default:
      return null;
  }
}

/** The seed's contact k of customer i (names spread by a hash, so the 40 x 50 name pairs all occur). */
export function seedContact(i: number, k: number, domain: string) {
  const h = (Math.imul(i + 1, 2654435761) ^ Math.imul(k + 1, 40503)) >>> 0;
  const firstName = GIVEN[h % GIVEN.length] ?? "Pat";
  const lastName = FAMILY[(h >>> 8) % FAMILY.length] ?? "Lee";
  const email = `${plainAscii(firstName).replace(/[^a-z0-9]/g, "")}.${plainAscii(lastName).replace(/[^a-z0-9]/g, "")}.${k}@${domain}`;
  return {
    firstName,
    lastName,
    email,
    phone: `+39 333 ${String(i * 10 + k).padStart(7, "0")}`,
    mobile: k === 1 ? `+39 347 ${String(i * 10 + k).padStart(7, "0")}` : null,
  };
}

/** The seed's only email domain of customer i. */
export const seedDomain = (i: number) => `${plainAscii(seedName(i)).replace(/[^a-z0-9]+/g, "-")}.example.com`;

/** The seed's phone and fax of customer i. */
export const seedPhone = (i: number) => `+39 06 ${String(i).padStart(6, "0")}`;
export const seedFax = (i: number) => (i % 5 === 0 ? `+39 06 9${String(i).padStart(6, "0")}` : null);

/** Seeds the test database's book: SQLite with prepared inserts, PostgreSQL with multi-row inserts from arrays. */
export async function seedCustomerBook(t: TestDb, o: { customers: number; contactsPerCustomer: number; now?: Date; batch?: number }): Promise<SeededBook> {
  return t.kind === "postgresql" ? seedPostgres(t.url, o) : seedSqlite(t.file, o);
}

/** The same book as seedSqlite, written with insertRowsPostgres (one statement per table and 5,000 rows). */
async function seedPostgres(url: string, o: { customers: number; contactsPerCustomer: number; now?: Date }): Promise<SeededBook> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sla = (await client.query<{ id: string }>(`SELECT "id" FROM "Sla" WHERE "isDefault"`)).rows[0];
    const profile = (await client.query<{ id: string }>(`SELECT "id" FROM "AlertThresholdProfile" WHERE "isDefault"`)).rows[0];
    if (!sla || !profile) throw new Error("seedCustomerBook needs the default SLA and alert profile (run ensureDefaults first)");
    const now = o.now ?? new Date();
    const audit = { createdBy: "U0BENCH001", createdAt: now, updatedAt: now };
    const customers: Record<string, unknown>[] = [];
    const domains: Record<string, unknown>[] = [];
    const contracts: Record<string, unknown>[] = [];
    const contacts: Record<string, unknown>[] = [];
    const primaries: [string, string][] = [];
    const names: string[] = [];
    for (let i = 0; i < o.customers; i++) {
      const id = randomUUID();
      const name = seedName(i);
      names.push(name);
      const rank = ["Gold", "Silver", "Bronze"][i % 3] ?? null;
      customers.push({ id, name, nameKey: name.toLowerCase(), rank, businessId: seedBusinessId(i), phone: seedPhone(i), fax: seedFax(i), city: "Rome", country: "Italy", ticketsOnlyFromPrimary: false, slaId: sla.id, alertProfileId: profile.id, ...audit });
      const domain = seedDomain(i);
      domains.push({ id: randomUUID(), customerId: id, domain });
      contracts.push({ id: randomUUID(), customerId: id, name: `Managed services ${i}`, type: "retainer", quantity: 1, rateCents: 10_000 + (i % 500) * 100, billingPeriod: "monthly", active: true, isDefault: true, taxable: false, ...audit });
      for (let k = 0; k < o.contactsPerCustomer; k++) {
        const contactId = randomUUID();
        const c = seedContact(i, k, domain);
        contacts.push({ id: contactId, customerId: id, firstName: c.firstName, lastName: c.lastName, email: c.email, emailKey: c.email, phone: c.phone, mobile: c.mobile, jobTitle: k === 0 ? "Office manager" : null, noEmailTickets: false, ...audit });
        if (k === 0) primaries.push([id, contactId]);
      }
    }
    await insertRowsPostgres(url, "Customer", customers);
    await insertRowsPostgres(url, "CustomerDomain", domains);
    await insertRowsPostgres(url, "Contract", contracts);
    await insertRowsPostgres(url, "Contact", contacts);
    for (let at = 0; at < primaries.length; at += 5_000) {
      const part = primaries.slice(at, at + 5_000);
      await client.query(`UPDATE "Customer" c SET "primaryContactId" = u.p FROM unnest($1::text[], $2::text[]) AS u(id, p) WHERE c."id" = u.id`, [part.map((x) => x[0]), part.map((x) => x[1])]);
    }
    await client.query("ANALYZE");
    return { customers: o.customers, contacts: contacts.length, contracts: o.customers, names, seconds: Number(((performance.now() - started) / 1000).toFixed(2)) };
  } finally {
    await client.end();
  }
}

function seedSqlite(file: string, o: { customers: number; contactsPerCustomer: number; now?: Date; batch?: number }): SeededBook {
  const started = performance.now();
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  const stamp = (o.now ?? new Date()).toISOString().replace("Z", "+00:00");
  const sla = db.prepare(`SELECT id FROM Sla WHERE isDefault = 1`).get() as { id: string } | undefined;
  const profile = db.prepare(`SELECT id FROM AlertThresholdProfile WHERE isDefault = 1`).get() as { id: string } | undefined;
  if (!sla || !profile) throw new Error("seedCustomerBook needs the default SLA and alert profile (run ensureDefaults first)");

  const insertCustomer = db.prepare(
    `INSERT INTO Customer (id, name, nameKey, rank, businessId, phone, fax, city, country, ticketsOnlyFromPrimary, slaId, alertProfileId, createdBy, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, 'U0BENCH001', ?, ?)`,
  );
  const insertDomain = db.prepare(`INSERT INTO CustomerDomain (id, customerId, domain) VALUES (?, ?, ?)`);
  const insertContact = db.prepare(
    `INSERT INTO Contact (id, customerId, firstName, lastName, email, emailKey, phone, mobile, jobTitle, noEmailTickets, createdBy, createdAt, updatedAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'U0BENCH001', ?, ?)`,
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
      const rank = ["Gold", "Silver", "Bronze"][i % 3] ?? null;
      insertCustomer.run(id, name, name.toLowerCase(), rank, seedBusinessId(i), seedPhone(i), seedFax(i), "Rome", "Italy", sla.id, profile.id, stamp, stamp);
      const domain = seedDomain(i);
      insertDomain.run(randomUUID(), id, domain);
      insertContract.run(randomUUID(), id, `Managed services ${i}`, 10_000 + (i % 500) * 100, stamp, stamp);
      let primary: string | undefined;
      for (let k = 0; k < o.contactsPerCustomer; k++) {
        const contactId = randomUUID();
        const c = seedContact(i, k, domain);
        insertContact.run(contactId, id, c.firstName, c.lastName, c.email, c.email, c.phone, c.mobile, k === 0 ? "Office manager" : null, stamp, stamp);
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
