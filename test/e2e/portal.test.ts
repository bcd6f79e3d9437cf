/**
 * The customer portal in a real headless Chromium (test/support/browser.ts), end to end: the real
 * app over HTTP with the portal on, the fake Slack, and the loopback SMTP server the sign-in links
 * go out through. One app, one SMTP server and one browser for the file (each test its own browser
 * context, so its own cookies); the tests build on each other's tickets in order.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ADMIN, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { click, command } from "../support/customer-ui.js";
import { seedCustomer, type SeededCustomer } from "../support/customer-seed.js";
import { INBOUND_SECRET, email, sendEmail } from "../support/email.js";
import { startSmtp, type TestSmtp } from "../support/smtp.js";
import { launchBrowser } from "../support/browser.js";
import { createRequire } from "node:module";
import { CONTENT_SECURITY_POLICY, SESSION_COOKIE } from "../../src/http/portal/routes.js";

const TICKETS = "C0TICKETS1";
const MONDAY_10 = new Date("2026-03-02T10:00:00Z");
/** the public address the links in email start with; the test maps it onto the app's port */
const PORTAL_URL = "https://support.msp.example/portal";

let smtp: TestSmtp;
let app: TestApp;
let browser: Browser;
let base: string;
let now: Date;
let acme: SeededCustomer;
let beta: SeededCustomer;

beforeAll(async () => {
  now = MONDAY_10;
  smtp = await startSmtp();
  app = await startTestApp({
    env: { TICKETS_CHANNEL_ID: TICKETS, INBOUND_EMAIL_SECRET: INBOUND_SECRET, SMTP_URL: smtp.url, EMAIL_FROM: `Acme Support <help@msp.example>`, PORTAL_URL },
    clock: () => now,
  });
  base = `http://127.0.0.1:${app.port}`;
  acme = await seedCustomer(app.db, {
    name: "Acme Dental",
    domains: ["acme.com"],
    contacts: [
      { firstName: "Jane", lastName: "Roe", email: "jane@acme.com" },
      { firstName: "Bob", lastName: "Stone", email: "bob@acme.com" },
    ],
  });
  beta = await seedCustomer(app.db, { name: "Beta Labs", domains: ["beta.io"], contacts: [{ firstName: "Carl", lastName: "Sand", email: "carl@beta.io" }] });
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await smtp?.close();
});

async function until<T>(check: () => T | null | undefined | false | Promise<T | null | undefined | false>, what: string, ms = 8000): Promise<T> {
  return (await eventually(check, what, ms)) as T;
}

/** A browser context of its own, with JavaScript off: the portal works without it. */
async function fresh(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-GB", javaScriptEnabled: false });
  return { context, page: await context.newPage() };
}

/** Asks for a link on the sign-in page and answers the sign-in link the email carried (its path on this app). */
async function askForLink(page: Page, address: string): Promise<string> {
  const before = smtp.received.filter((m) => m.envelopeTo.includes(address)).length;
  await page.goto(`${base}/portal`);
  await page.getByLabel("Email address").fill(address);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect.poll(() => page.getByRole("status").textContent()).toMatch(/sign-in link is on its way/);
  const mail = await until(() => smtp.received.filter((m) => m.envelopeTo.includes(address))[before], `the sign-in email to ${address}`);
  const link = /https:\/\/support\.msp\.example\/portal\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? "")?.[0];
  expect(link, mail.parsed.text).toBeTruthy();
  return link!.replace(PORTAL_URL, `${base}/portal`);
}

async function signIn(page: Page, address: string): Promise<string> {
  const link = await askForLink(page, address);
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${base}/portal/tickets`);
  return link;
}

async function portalTicket(page: Page, subject: string, description: string, priority = "High"): Promise<number> {
  await page.getByRole("link", { name: "New ticket" }).click();
  await page.getByLabel("Subject").fill(subject);
  await page.getByLabel("Description").fill(description);
  await page.getByLabel("Priority").selectOption({ label: priority });
  await page.getByRole("button", { name: "Open the ticket" }).click();
  const status = await page.getByRole("status").textContent();
  const number = Number(/#(\d+)/.exec(status ?? "")?.[1]);
  expect(number, status ?? "").toBeGreaterThan(0);
  return number;
}

const ticketMessage = (number: number) =>
  until(() => app.slack.messages(TICKETS).find((m) => !m.threadTs && (m.text ?? "").startsWith(`Ticket #${number}:`)), `ticket #${number}'s message\n${app.slack.describeCalls()}`);
const thread = (ts: string) => app.slack.messages(TICKETS).filter((m) => m.threadTs === ts);

describe("Customer portal in a browser", () => {
  it("signs a contact in by a one-time link, with the same answer for an address that is no contact, and a strict CSP on every page", async () => {
    const { context, page } = await fresh();
    const response = await page.goto(`${base}/portal`);
    expect(response!.headers()["content-security-policy"]).toBe(CONTENT_SECURITY_POLICY);
    // an unknown address: the same words, and no email
    const sent = smtp.received.length;
    await page.getByLabel("Email address").fill("nobody@nowhere.example");
    await page.getByRole("button", { name: "Email me a sign-in link" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/sign-in link is on its way/);
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.received.length).toBe(sent);

    await signIn(page, "jane@acme.com");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("My tickets");
    // the link does not stay in the outbox once sent
    await until(async () => (await app.db.outboundEmail.findFirst({ where: { kind: "sign_in", toEmail: "jane@acme.com", status: "sent" } }))?.text === "", "the sent link forgotten");
    const cookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/portal" });
    // the admin's card will show it: the contact's sign-in is recorded
    expect((await app.db.contact.findUniqueOrThrow({ where: { id: acme.contactIds[0]! } })).portalSignInAt).toEqual(MONDAY_10);
    // Sign out ends the session: the cookie no longer opens the pages
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/portal\?signed=out$/);
    await context.addCookies([{ ...cookie }]);
    await page.goto(`${base}/portal/tickets`);
    expect(page.url()).toBe(`${base}/portal`);
    await context.close();
  });

  it("refuses a used link, an expired link and a forged session cookie", async () => {
    const { context, page } = await fresh();
    const used = await signIn(page, "bob@acme.com");
    await context.clearCookies();
    const again = await page.goto(used);
    expect(again!.status()).toBe(410);
    expect(await page.getByRole("alert").textContent()).toMatch(/not valid any more/);

    const late = await askForLink(page, "bob@acme.com");
    now = new Date(MONDAY_10.getTime() + 16 * 60_000);
    try {
      expect((await page.goto(late))!.status()).toBe(410);
    } finally {
      now = MONDAY_10;
    }

    await context.clearCookies();
    await context.addCookies([{ name: SESSION_COOKIE, value: "A".repeat(43), url: `${base}/portal` }]);
    await page.goto(`${base}/portal/tickets`);
    expect(page.url()).toBe(`${base}/portal`);
    await context.close();
  });

  it("opens a portal ticket that is posted to the tickets channel with its SLA due times, even for a customer that takes email tickets only from its primary contact", async () => {
    await app.db.customer.update({ where: { id: acme.id }, data: { ticketsOnlyFromPrimary: true } });
    // Bob is not the primary contact: his email is refused ...
    const res = await sendEmail(app.port, "rfc822", email({ from: "bob@acme.com", fromName: "Bob Stone", subject: "Scanner offline", text: "Since this morning." }));
    expect(res.body.outcome).toBe("refused_primary_only");
    // ... and the same request through the portal opens a ticket
    const { context, page } = await fresh();
    await signIn(page, "bob@acme.com");
    const number = await portalTicket(page, "Scanner offline", "Since this morning.");
    const message = await ticketMessage(number);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain("Scanner offline");
    expect(shown).toContain("Portal");
    expect(shown).toMatch(/due/i);
    const ticket = await app.db.ticket.findUniqueOrThrow({ where: { number } });
    expect(ticket).toMatchObject({ source: "portal", contactId: acme.contactIds[1], customerId: acme.id, priority: "high" });
    // the list shows it with its due time in the SLA's zone
    await page.goto(`${base}/portal/tickets`);
    await expect.poll(() => page.getByRole("link", { name: "Scanner offline" }).count()).toBe(1);
    await context.close();
  });

  it("shows a contact only its own tickets, the primary contact all of the customer's with who opened each, and never another customer's", async () => {
    const janes = await sendEmail(app.port, "rfc822", email({ from: "jane@acme.com", fromName: "Jane Roe", subject: "Printer jams", text: "Page 2 again." }));
    expect(janes.body.outcome).toBe("ticket_opened");
    const carls = await sendEmail(app.port, "rfc822", email({ from: "carl@beta.io", fromName: "Carl Sand", subject: "Beta VPN down", text: "No tunnel." }));
    const carlsNumber = carls.body.ticketNumber as number;

    const bob = await fresh();
    await signIn(bob.page, "bob@acme.com");
    const bobSees = await bob.page.locator("tbody tr").allTextContents();
    expect(bobSees.join("\n")).toContain("Scanner offline");
    expect(bobSees.join("\n")).not.toContain("Printer jams");
    // a colleague's ticket by its number: not there for Bob
    expect((await bob.page.goto(`${base}/portal/tickets/${janes.body.ticketNumber}`))!.status()).toBe(404);
    await bob.context.close();

    const jane = await fresh();
    await signIn(jane.page, "jane@acme.com");
    const rows = await jane.page.locator("tbody tr").allTextContents();
    expect(rows.join("\n")).toContain("Printer jams");
    expect(rows.join("\n")).toContain("Scanner offline");
    expect(rows.join("\n")).toContain("Bob Stone");
    expect(rows.join("\n")).not.toContain("Beta VPN down");
    // newest first
    expect(rows[0]).toContain("Printer jams");
    // another customer's ticket id in the URL
    expect((await jane.page.goto(`${base}/portal/tickets/${carlsNumber}`))!.status()).toBe(404);
    expect(await jane.page.content()).not.toContain("Beta VPN down");
    await jane.context.close();
    void beta;
  });

  it("puts a portal message in the ticket's Slack thread, shows a reply sent from Slack and never an internal note, and reopens a resolved ticket", async () => {
    const { context, page } = await fresh();
    await signIn(page, "jane@acme.com");
    const number = await portalTicket(page, "Email bounces", "Mail to our lab bounces.", "Medium");
    const message = await ticketMessage(number);
    await until(async () => (await app.db.ticket.findUniqueOrThrow({ where: { number } })).messageTs === message.ts, "the message stored on the ticket");

    // an internal note and a reply to the customer, from Slack
    await app.driver.userMessage(TICKETS, TECH, "Internal: their MX record is wrong", { threadTs: message.ts });
    const opened = app.slack.callsTo("views.open").length;
    await app.driver.clickMessageButton(TICKETS, message.ts, "ticket_email_reply", { userId: ADMIN });
    await until(() => app.slack.callsTo("views.open").length > opened, "the reply modal");
    const view = app.driver.currentView(ADMIN)!;
    await app.driver.submitView(view.id, { userId: ADMIN, values: { reply_body: "We are fixing your MX record." } as never });
    await until(() => smtp.received.some((m) => (m.parsed.text ?? "").includes("We are fixing your MX record.")), "the reply email");

    await page.goto(`${base}/portal/tickets/${number}`);
    const conversation = await page.locator("ol.conversation").textContent();
    expect(conversation).toContain("Mail to our lab bounces.");
    expect(conversation).toContain("We are fixing your MX record.");
    expect(conversation).not.toContain("MX record is wrong");

    // a message from the portal lands in the thread
    await page.getByRole("textbox", { name: "Message" }).fill("Thanks, it works now.");
    await page.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/added to the ticket/);
    await until(() => thread(message.ts).some((m) => (m.text ?? "").includes("Thanks, it works now.") && /portal/i.test(m.text ?? "")), `the portal message in the thread\n${app.slack.describeCalls()}`);

    // mark resolved, then a message reopens it
    await page.getByRole("button", { name: "Mark as resolved" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/marked as resolved/);
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).status).toBe("resolved");
    await page.getByRole("textbox", { name: "Message" }).fill("Sorry, it bounces again.");
    await page.getByRole("button", { name: "Send message" }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/added to the ticket/);
    expect((await app.db.ticket.findUniqueOrThrow({ where: { number } })).status).toBe("open");
    await until(() => thread(message.ts).some((m) => /Reopened/.test(m.text ?? "") && (m.text ?? "").includes("bounces again")), "the reopened note");
    await context.close();
  });

  it("refuses a form without its CSRF token and renders a script in a ticket subject as text", async () => {
    const { context, page } = await fresh();
    await signIn(page, "jane@acme.com");
    const scripts: string[] = [];
    page.on("dialog", (d) => {
      scripts.push(d.message());
      void d.dismiss();
    });
    const number = await portalTicket(page, `<script>alert("x")</script><img src=x onerror=alert(1)>`, "Hostile subject.");
    await page.goto(`${base}/portal/tickets/${number}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain(`<script>alert("x")</script>`);
    expect(await page.locator("main script, main img").count()).toBe(0);
    expect(scripts).toEqual([]);

    // the same browser, with its session cookie, posting without the token: refused, nothing written
    const before = await app.db.ticket.count();
    const refused = await page.request.post(`${base}/portal/tickets/new`, { form: { subject: "Forged", description: "No token", priority: "low" }, maxRedirects: 0 });
    expect(refused.status()).toBe(403);
    const wrong = await page.request.post(`${base}/portal/tickets/${number}/messages`, { form: { body: "Forged", _csrf: "x".repeat(43) }, maxRedirects: 0 });
    expect(wrong.status()).toBe(403);
    expect(await app.db.ticket.count()).toBe(before);
    await context.close();
  });

  it("speaks Italian to a browser that asks for it, and switches language on request", async () => {
    const context = await browser.newContext({ locale: "it-IT" });
    const page = await context.newPage();
    await page.goto(`${base}/portal`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Accedi");
    expect(await page.locator("html").getAttribute("lang")).toBe("it");
    await page.getByRole("button", { name: "English" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    await context.close();
  });

  it("shows the admin on the customer's card which contacts signed in and when, and links the portal from App Home", async () => {
    const card = await click(app, ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_tab_contacts");
    const text = card.text;
    expect(text).toMatch(/Jane Roe[\s\S]*Portal: last signed in/);
    await app.db.contact.update({ where: { id: acme.contactIds[1]! }, data: { portalSignInAt: null } });
    const again = (await click(app, ADMIN, await command(app, ADMIN, "show Acme Dental"), "customer_tab_contacts")).text;
    expect(again).toMatch(/Bob Stone[\s\S]*Portal: never signed in/);

    await andWaitFor(app, "views.publish", () => app.driver.appHomeOpened(TECH));
    const home = JSON.stringify(app.slack.callsTo("views.publish").at(-1));
    expect(home).toContain(`${PORTAL_URL}|customer portal`);
  });

  it("meets WCAG 2.1 AA on its main pages by axe-core's checks (contrast, labels, names), at desktop and phone width, and is usable by keyboard", async () => {
    // axe runs as a script in the page: this one context lets it past the CSP (the pages have no script of their own).
    const context = await browser.newContext({ locale: "en-GB", bypassCSP: true });
    const page = await context.newPage();
    const axe = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
    const check = async (what: string) => {
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await page.addScriptTag({ path: axe });
        const result = await page.evaluate(async () => {
          const run = (window as unknown as { axe: { run(o: unknown): Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> } }).axe;
          return run.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
        });
        expect(result.violations.map((v) => `${what} at ${width}px: ${v.id} (${v.help}) ${JSON.stringify(v.nodes.map((n) => n.target))}`)).toEqual([]);
      }
    };
    // by keyboard: Tab to the address, type it, Enter sends the form
    await page.goto(`${base}/portal`);
    await check("sign-in");
    await page.keyboard.press("Tab"); // skip link
    await page.keyboard.press("Tab"); // English
    await page.keyboard.press("Tab"); // Italiano
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("email");
    await page.keyboard.type("carl@beta.io");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").textContent()).toMatch(/sign-in link is on its way/);
    const mail = await until(() => smtp.received.find((m) => m.envelopeTo.includes("carl@beta.io") && /sign-in link/.test(m.parsed.subject ?? "")), "Carl's sign-in email");
    const link = /https:\/\/support\.msp\.example\/portal\/sign-in\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? "")![0].replace(PORTAL_URL, `${base}/portal`);
    await page.goto(link);
    await page.getByRole("button", { name: "Sign in" }).focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}/portal/tickets`);
    await check("My tickets");
    await page.goto(`${base}/portal/tickets/new`);
    await check("New ticket");
    const number = await portalTicket(page, "Badge reader", "The badge reader at the door is dead.");
    await page.goto(`${base}/portal/tickets/${number}`);
    await check("a ticket");
    await context.close();
  });
});
