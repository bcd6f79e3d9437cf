/**
 * For the end-to-end tests of the CSV import (test/e2e/import*.test.ts): CSV files the way people
 * upload them (encodings, delimiters, quoting, exports of other tools), readers for the files the
 * app writes, and the steps of an import through Slack (upload, preview, Import, final report).
 *
 * The encoders here are written independently of src/import, so a test does not check the app's
 * decoding against itself.
 */
import { parse } from "csv-parse/sync";
import { expect } from "vitest";
import type { ImportJob } from "../../src/generated/prisma/client.js";
import { ADMIN, CHANNEL, eventually, type TestApp } from "./app-harness.js";
import type { SlackFile, StoredMessage, UploadRecord } from "./fake-slack/index.js";
import type { JsonObject } from "./fake-slack/json.js";
import type { EventOptions } from "./slack-driver.js";

// ---- Writing CSV files ---------------------------------------------------------------------

export type Delimiter = "," | ";" | "\t";
export type Row = readonly (string | undefined)[];

/** One RFC 4180 cell: quoted when it holds the delimiter, a quote or a line break. */
function cell(value: string | undefined, delimiter: Delimiter): string {
  const v = value ?? "";
  return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** A CSV text: header and rows, CRLF line ends unless told otherwise, no BOM. */
export function csvText(header: Row, rows: readonly Row[], o: { delimiter?: Delimiter; eol?: string } = {}): string {
  const delimiter = o.delimiter ?? ",";
  const eol = o.eol ?? "\r\n";
  return [header, ...rows].map((r) => r.map((c) => cell(c, delimiter)).join(delimiter) + eol).join("");
}

/** The Windows-1252 bytes 0x80-0x9F (WHATWG encoding standard); undefined where the byte is unassigned. */
const CP1252_HIGH: readonly (string | undefined)[] = [
  "€", undefined, "‚", "ƒ", "„", "…", "†", "‡", "ˆ", "‰", "Š", "‹", "Œ", undefined, "Ž", undefined,
  undefined, "‘", "’", "“", "”", "•", "–", "—", "˜", "™", "š", "›", "œ", undefined, "ž", "Ÿ",
];

export const encode = {
  utf8: (text: string): Buffer => Buffer.from(text, "utf8"),
  /** Excel's "CSV UTF-8 (Comma delimited)". */
  utf8Bom: (text: string): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]),
  /** Excel's "Unicode Text": UTF-16 little endian with BOM (and tabs between the cells). */
  utf16leBom: (text: string): Buffer => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]),
  /** Excel's "CSV (Comma delimited)" on a Western-European Windows. Throws on a character it cannot hold. */
  windows1252: (text: string): Buffer =>
    Buffer.from(
      [...text].map((ch) => {
        const code = ch.codePointAt(0) ?? 0;
        if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
        const high = CP1252_HIGH.indexOf(ch);
        if (high < 0) throw new Error(`${ch} has no Windows-1252 byte`);
        return 0x80 + high;
      }),
    ),
};

/** Bytes that look like an .xlsx workbook (a ZIP file), as when someone renames book.xlsx to book.csv. */
export function workbookBytes(): Buffer {
  const bytes = Buffer.alloc(4096);
  Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]).copy(bytes);
  Buffer.from("[Content_Types].xml").copy(bytes, 30);
  for (let i = 64; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
  return bytes;
}

export const CUSTOMER_HEADER = ["Customer Name", "Domains", "City"] as const;

export function customerName(n: number): string {
  return `Customer ${String(n).padStart(6, "0")}`;
}

/** Customers `from`..`to`, one line each: "Customer 000001,c000001.example.com,Springfield". */
export function generatedCustomersCsv(to: number, from = 1): string {
  const lines = [`${CUSTOMER_HEADER.join(",")}\r\n`];
  for (let n = from; n <= to; n++) {
    const id = String(n).padStart(6, "0");
    lines.push(`Customer ${id},c${id}.example.com,${n % 2 ? "Springfield" : "München"}\r\n`);
  }
  return lines.join("");
}

// ---- Reading the files the app writes --------------------------------------------------------

export const BOM_BYTES = Buffer.from([0xef, 0xbb, 0xbf]);

/** Rows of a CSV file the app wrote (UTF-8, BOM dropped), as strings. */
export function readCsv(content: Buffer | string): string[][] {
  const text = (Buffer.isBuffer(content) ? content.toString("utf8") : content).replace(/^\uFEFF/, "");
  return parse(text, { relax_column_count: true }) as string[][];
}

// ---- Messages ---------------------------------------------------------------------------------

/** Every text a person sees in a message: header, sections, context, button labels; then the fallback text. */
export function messageText(message: { text?: string; blocks?: JsonObject[] } | undefined): string {
  if (!message) return "";
  const parts: string[] = [];
  const textOf = (x: unknown) => (x && typeof x === "object" && "text" in x && typeof x.text === "string" ? x.text : undefined);
  for (const block of message.blocks ?? []) {
    const own = textOf(block.text);
    if (own) parts.push(own);
    for (const element of (block.elements ?? []) as JsonObject[]) {
      const text = typeof element.text === "string" ? element.text : textOf(element.text);
      if (text) parts.push(text);
    }
  }
  return parts.length > 0 ? parts.join("\n") : (message.text ?? "");
}

/** The action ids of the buttons in a message. */
export function buttonsOf(message: { blocks?: JsonObject[] } | undefined): string[] {
  return (message?.blocks ?? []).flatMap((b) => ((b.elements ?? []) as JsonObject[]).filter((e) => e.type === "button").map((e) => String(e.action_id)));
}

const number = (text: string, pattern: RegExp): number => {
  const match = pattern.exec(text);
  if (!match?.[1]) throw new Error(`${String(pattern)} not found in:\n${text}`);
  return Number(match[1].replace(/,/g, ""));
};

export type PreviewCounts = { rows: number; create: number; update: number; unchanged: number; errors: number };
export type ResultCounts = { created: number; updated: number; unchanged: number; failed: number };

/** The figures of a preview message. */
export function previewCounts(text: string): PreviewCounts {
  return {
    rows: number(text, /\*([\d,]+)\* rows found/),
    create: number(text, /• ([\d,]+) to create/),
    update: number(text, /• ([\d,]+) to update/),
    unchanged: number(text, /• ([\d,]+) unchanged/),
    errors: number(text, /• ([\d,]+) with errors/),
  };
}

/** The figures of a final report (or of a stopped import). */
export function resultCounts(text: string): ResultCounts {
  return {
    created: number(text, /\*([\d,]+)\* created/),
    updated: number(text, /\*([\d,]+)\* updated/),
    unchanged: number(text, /\*([\d,]+)\* unchanged/),
    failed: number(text, /\*([\d,]+)\* failed/),
  };
}

// ---- The steps of an import ------------------------------------------------------------------

/** `eventually`, typed for a check that answers undefined (or false) until the thing it waits for exists. */
export async function waitFor<T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs?: number): Promise<T> {
  const value = await eventually(check, what, timeoutMs);
  if (value === undefined || value === false) throw new Error(`Timed out waiting for ${what}`);
  return value;
}

/** What the import steps need of a running app: startTestApp's, or an app in another process. */
export type AppUnderTest = Pick<TestApp, "slack" | "driver" | "db">;

/** An uploaded file, the thread its share message starts, and the file_shared event Slack sent (to send again as a retry). */
export type Upload = { file: SlackFile; channel: string; threadTs: string; event: JsonObject };

/** A person uploads a file into a channel (CHANNEL and ADMIN unless told); Slack sends file_shared. */
export async function upload(
  app: AppUnderTest,
  input: { name: string; content: Buffer | string; user?: string; channel?: string; threadTs?: string; mimetype?: string; filetype?: string; servesHtml?: boolean },
  opts: EventOptions = {},
): Promise<Upload> {
  const isCsv = /\.csv$/i.test(input.name);
  const channel = input.channel ?? CHANNEL;
  const { file, envelope } = await app.driver.shareFile(
    { user: ADMIN, ...(isCsv ? { mimetype: "text/csv", filetype: "csv" } : {}), ...input, channel },
    opts,
  );
  const share = app.slack.messages(channel).find((m) => m.postedBy === "person" && JSON.stringify(m.files ?? []).includes(file.id));
  if (!share) throw new Error(`the share message of ${file.id} is missing`);
  return { file, channel, threadTs: share.ts, event: envelope.event as JsonObject };
}

/** The app's messages in the file's thread, oldest first. */
export function threadReplies(app: AppUnderTest, u: Upload): StoredMessage[] {
  return app.slack.messages(u.channel).filter((m) => m.postedBy === "app" && m.threadTs === u.threadTs);
}

export type Verdict = { job: ImportJob; message: StoredMessage; text: string };

/**
 * What the app answered in the file's thread once it has read the file: a preview, a refusal,
 * or why it cannot import it (the "Checking…" message updated, or a reply of its own).
 */
export async function verdict(app: AppUnderTest, u: Upload, timeoutMs = 10_000): Promise<Verdict> {
  return waitFor(
    async () => {
      const job = await app.db.importJob.findUnique({ where: { fileId: u.file.id } });
      const message = threadReplies(app, u)[0];
      if (!job || job.status === "checking" || !message) return undefined;
      const text = messageText(message);
      return text.includes("Checking") ? undefined : { job, message, text };
    },
    `the app's answer to ${u.file.name}`,
    timeoutMs,
  );
}

/** Upload, and the preview with its Import button (fails with the app's answer when there is none). */
export async function uploadForPreview(app: AppUnderTest, input: Parameters<typeof upload>[1], timeoutMs?: number): Promise<Verdict & Upload> {
  const u = await upload(app, input);
  const v = await verdict(app, u, timeoutMs);
  expect(buttonsOf(v.message), v.text).toContain("import_confirm");
  return { ...u, ...v };
}

export type Imported = { job: ImportJob; text: string; message: StoredMessage; errorCsv?: UploadRecord };

/** Presses Import on a preview (or Import again on a stopped import) and waits for the report. */
export async function pressImport(app: AppUnderTest, v: Verdict & Upload, userId = ADMIN, timeoutMs = 20_000): Promise<Imported> {
  const before = app.slack.message(v.channel, v.message.ts)?.updateCount ?? 0;
  const click = await app.driver.clickMessageButton(v.channel, v.message.ts, "import_confirm", { userId, value: v.job.id });
  expect(click.status).toBe(200);
  const text = await waitFor(
    () => {
      const message = app.slack.message(v.channel, v.message.ts);
      const shown = messageText(message);
      return message && message.updateCount > before && /Import finished|Import stopped/.test(shown) ? shown : undefined;
    },
    `the import report of ${v.file.name}`,
    timeoutMs,
  );
  const job = await app.db.importJob.findUniqueOrThrow({ where: { id: v.job.id } });
  const message = app.slack.message(v.channel, v.message.ts) as StoredMessage;
  if (job.status !== "completed" || job.failed === 0) return { job, text, message };
  const errorCsv = await waitFor(
    () => app.slack.uploads().find((f) => f.threadTs === v.threadTs && f.filename.endsWith("-errors.csv")),
    `the error file of ${v.file.name}`,
  );
  return { job, text, message, errorCsv };
}

/** Uploads a file, previews it and imports it; for setting up what a test starts from. */
export async function importFile(app: AppUnderTest, name: string, content: Buffer | string): Promise<Imported & { preview: Verdict & Upload }> {
  const preview = await uploadForPreview(app, { name, content });
  return { ...(await pressImport(app, preview)), preview };
}

/** Row counts of the tables an import writes. */
export async function tableCounts(app: AppUnderTest): Promise<{ customers: number; domains: number; contacts: number }> {
  return {
    customers: await app.db.customer.count(),
    domains: await app.db.customerDomain.count(),
    contacts: await app.db.contact.count(),
  };
}
