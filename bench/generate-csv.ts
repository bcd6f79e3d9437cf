/**
 * Writes realistic import files for benchmarks and load tests.
 *
 *   tsx bench/generate-csv.ts customers 100000 bench/.out/customers.csv
 *   tsx bench/generate-csv.ts contacts 200000 bench/.out/contacts.csv [customerCount]
 *
 * The customers file has all 14 template columns (about 130 bytes a row) and names
 * "Customer 000001", "Customer 000002"...; the contacts file refers to those names, so importing
 * the customers file first makes every contact's customer exist. Both start with a UTF-8 BOM, as
 * Excel's "CSV UTF-8" does. The data is deterministic: the same arguments give the same bytes.
 */
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { pathToFileURL } from "node:url";
import { BOM, csvLine } from "../src/import/csv-writer.js";

const CUSTOMER_HEADERS = [
  "Customer Name", "Rank", "Domains", "Business ID Number", "Phone", "Fax", "Address", "City",
  "Country", "State", "Zip Code", "Notes", "SLA", "Alert Profile",
];
const CONTACT_HEADERS = [
  "Customer Name", "First Name", "Last Name", "Email", "Phone", "Mobile", "Job Title", "Department",
  "Primary Contact",
];

const RANKS = ["Gold", "Silver", "Bronze", ""];
const STREETS = ["Main Street", "Oak Avenue", "Market St", "Via Roma", "Hauptstraße", "Station Road"];
const CITIES: [city: string, state: string, country: string, zip: string][] = [
  ["Springfield", "IL", "US", "62701"],
  ["Austin", "TX", "US", "73301"],
  ["Leeds", "", "GB", "LS1 4AP"],
  ["München", "BY", "DE", "80331"],
  ["Milano", "MI", "IT", "20121"],
  ["Toronto", "ON", "CA", "M5H 2N2"],
];
const NOTES = ["", "", "", "", "", "", "", "Prefers email, not phone", 'Ask for "Sam" at reception', "Società Müller group"];
const SLAS = ["Standard", "Standard", "Premium"];
const PROFILES = ["Default", "Default", "Servers"];
const FIRST_NAMES = ["Anna", "Ben", "Chloé", "David", "Emma", "Farid", "Giulia", "Hiro", "Ines", "Jörg"];
const LAST_NAMES = ["Smith", "Müller", "Rossi", "O'Brien", "García López", "Nguyen", "Kowalski", "Dubois"];
const JOBS: [title: string, department: string][] = [
  ["Office Manager", "Operations"],
  ["IT Lead", "IT"],
  ["CFO", "Finance"],
  ["Receptionist", ""],
];

const ROWS_PER_WRITE = 1_000;

export function customerName(n: number): string {
  return `Customer ${String(n).padStart(6, "0")}`;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length] as T;
}

function customerCells(n: number): string[] {
  const [city, state, country, zip] = pick(CITIES, n * 7);
  const id = String(n).padStart(6, "0");
  return [
    customerName(n),
    pick(RANKS, n),
    n % 10 === 0 ? `c${id}.example.com, c${id}.example.net` : `c${id}.example.com`,
    `BN-${id}`,
    `(555) 010-${id.slice(2)}`,
    n % 3 === 0 ? `(555) 020-${id.slice(2)}` : "",
    `${(n % 250) + 1} ${pick(STREETS, n * 3)}`,
    city,
    country,
    state,
    zip,
    pick(NOTES, n * 11),
    pick(SLAS, n),
    pick(PROFILES, n * 5),
  ];
}

function contactCells(n: number, customerCount: number): string[] {
  const customer = ((n - 1) % customerCount) + 1;
  const first = pick(FIRST_NAMES, n);
  const last = pick(LAST_NAMES, n * 3);
  const [title, department] = pick(JOBS, n * 5);
  const id = String(n).padStart(6, "0");
  return [
    customerName(customer),
    first,
    last,
    `${first.toLowerCase().normalize("NFD").replace(/[^a-z]/g, "")}.${id}@c${String(customer).padStart(6, "0")}.example.com`,
    `(555) 030-${id.slice(2)}`,
    n % 2 === 0 ? `(555) 040-${id.slice(2)}` : "",
    title,
    department,
    n <= customerCount ? "yes" : "",
  ];
}

async function writeRows(path: string, headers: string[], n: number, row: (i: number) => string[]): Promise<void> {
  const out = createWriteStream(path);
  const finished = once(out, "finish");
  let batch = BOM + csvLine(headers);
  for (let i = 1; i <= n; i++) {
    batch += csvLine(row(i));
    if (i % ROWS_PER_WRITE === 0 || i === n) {
      if (!out.write(batch)) await once(out, "drain");
      batch = "";
    }
  }
  if (batch) out.write(batch);
  out.end();
  await finished;
}

export function generateCustomersCsv(path: string, n: number): Promise<void> {
  return writeRows(path, CUSTOMER_HEADERS, n, customerCells);
}

/** Contact i belongs to customer ((i - 1) mod customerCount) + 1; the first contact of each is primary. */
export function generateContactsCsv(path: string, n: number, customerCount: number): Promise<void> {
  if (customerCount < 1) throw new Error("customerCount must be at least 1");
  return writeRows(path, CONTACT_HEADERS, n, (i) => contactCells(i, customerCount));
}

async function main(argv: string[]): Promise<void> {
  const [kind, count, path, customerCount] = argv;
  const n = Number(count);
  if ((kind !== "customers" && kind !== "contacts") || !Number.isInteger(n) || n < 0 || !path) {
    console.error("usage: tsx bench/generate-csv.ts customers|contacts <rows> <out.csv> [customerCount]");
    process.exitCode = 2;
    return;
  }
  if (kind === "customers") await generateCustomersCsv(path, n);
  else await generateContactsCsv(path, n, Number(customerCount ?? Math.max(1, Math.ceil(n / 2))));
  console.log(`wrote ${n} ${kind} rows to ${path}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
