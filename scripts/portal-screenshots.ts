/**
 * npm run docs:screenshots: pictures of the customer portal's main pages (sign-in, My tickets, a
 * ticket, New ticket) at a desktop and a phone width, into docs/portal/, for README. The pages come
 * from the real page builders (src/http/portal/pages.tsx) and style sheet with sample data, served
 * on loopback and taken by headless Chromium (Debian's chromium, as the browser tests use).
 */
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { chromiumPath } from "../test/support/browser.js";
import { confirmPage, newTicketPage, signInPage, ticketPage, ticketsPage, type PageContext } from "../src/http/portal/pages.js";
import type { TicketList, TicketPage, Viewer } from "../src/services/portal/service.js";
import type { PortalTicketRow } from "../src/repositories/portal.js";
import type { TicketPriority, TicketStatus } from "../src/domain/ticket.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const OUT = path.join(ROOT, "docs", "portal");
const css = fs.readFileSync(path.join(ROOT, "assets", "portal.css"), "utf8");

const viewer: Viewer = {
  sessionId: "sample",
  locale: null,
  contact: { id: "c1", name: "Jane Roe", email: "jane@acme.com", customerId: "k1", customerName: "Acme Dental", primary: true },
};
const at = (iso: string) => new Date(iso);
const SUBJECTS: [string, TicketStatus, TicketPriority, string][] = [
  ["Email to the lab bounces", "open", "high", "Jane Roe"],
  ["Scanner offline in room 2", "pending", "medium", "Bob Stone"],
  ["New laptop for reception", "open", "low", "Bob Stone"],
  ["VPN drops every hour", "resolved", "critical", "Jane Roe"],
  ["Printer jams on page 2", "closed", "medium", "Jane Roe"],
];
const rows: PortalTicketRow[] = SUBJECTS.map(([subject, status, priority, openedBy], i) => ({
  id: `t${i}`,
  number: 142 - i,
  subject,
  status,
  priority,
  createdAt: at(`2026-12-0${3 - Math.min(i, 2)}T0${8 + i}:15:00Z`),
  responseDueAt: at(`2026-12-03T1${i}:15:00Z`),
  resolutionDueAt: at(`2026-12-0${4 + (i % 3)}T16:00:00Z`),
  firstResponseAt: i % 2 ? at("2026-12-03T09:00:00Z") : null,
  resolvedAt: status === "resolved" || status === "closed" ? at("2026-12-02T15:00:00Z") : null,
  openedBy,
}));
const list: TicketList = { items: rows, total: 57, page: 1, pages: 3, timeZone: "Europe/Rome" };
const ticket: TicketPage = {
  ticket: { ...rows[0]!, description: "Since this morning every email to lab@acme-lab.example comes back with\n\"550 5.1.1 recipient rejected\". Other addresses work." },
  conversation: [
    { at: at("2026-12-03T08:40:00Z"), from: "team", author: null, text: "Hello Jane, thanks for the details. The lab changed its mail provider last night; we are checking the MX records now." },
    { at: at("2026-12-03T09:05:00Z"), from: "customer", author: "jane@acme.com", text: "Thank you. Could you let me know when it works again? We send the orders at noon." },
  ],
  timeZone: "Europe/Rome",
};

function pages(): Record<string, string> {
  const c = (p: string, signedIn: boolean): PageContext => ({ locale: "en", csrf: "sample", viewer: signedIn ? viewer : undefined, path: p });
  return {
    "/portal/sign-in": signInPage(c("/portal", false), "form", ""),
    "/portal/sign-in-sent": signInPage(c("/portal", false), "sent"),
    "/portal/confirm": confirmPage(c("/portal/sign-in/x", false), "x".repeat(43)),
    "/portal/tickets": ticketsPage(c("/portal/tickets", true), list),
    "/portal/ticket": ticketPage(c("/portal/tickets/142", true), ticket, undefined),
    "/portal/new": newTicketPage(c("/portal/tickets/new", true), { subject: "", description: "", priority: "medium" }),
  };
}

const SHOTS: { name: string; path: string }[] = [
  { name: "sign-in", path: "/portal/sign-in" },
  { name: "my-tickets", path: "/portal/tickets" },
  { name: "ticket", path: "/portal/ticket" },
  { name: "new-ticket", path: "/portal/new" },
];
const SIZES = [
  { suffix: "desktop", width: 1280, height: 800 },
  { suffix: "phone", width: 390, height: 844 },
];

async function main(): Promise<void> {
  const html = pages();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost").pathname;
    if (url === "/portal/assets/portal.css") return void res.writeHead(200, { "content-type": "text/css" }).end(css);
    const page = html[url];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  try {
    fs.mkdirSync(OUT, { recursive: true });
    for (const size of SIZES) {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      for (const shot of SHOTS) {
        await page.goto(`http://127.0.0.1:${port}${shot.path}`);
        const file = path.join(OUT, `${shot.name}-${size.suffix}.png`);
        await page.screenshot({ path: file, fullPage: size.suffix === "phone" });
        console.log(`wrote ${path.relative(ROOT, file)}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
