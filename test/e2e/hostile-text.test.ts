/**
 * Outside text never becomes a mention or a link in Slack. Hostile values — an email subject
 * `<!channel> <https://evil.example|Reset your password>`, a sender named `<@U0EVIL0001>`, an
 * address with `|` in its local part, a CSV file and its cells, customer, contact and SLA fields —
 * are sent through the app, and every payload the fake Slack recorded is read: no mrkdwn field and
 * no fallback `text` holds the sequence raw (it shows escaped, as written), and every mailto link
 * points at the address it shows. Before the fix, fallback texts (the notification of a ticket, an
 * import thread's messages, a customer card) carried the text unescaped, and `a|b@acme.com`
 * rewrote its mailto link.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ADMIN, CHANNEL, TECH, andWaitFor, eventually, startTestApp, type TestApp } from "../support/app-harness.js";
import { seedCustomer } from "../support/customer-seed.js";
import { answerTo, command } from "../support/customer-ui.js";
import { FORMATS, INBOUND_SECRET, email, sendEmail } from "../support/email.js";
import { csvText, pressImport, upload, verdict } from "../support/csv-fixtures.js";
import { leaks, mailtoTargets, mark, sentTexts } from "../support/slack-text.js";
import { slaCreateData } from "../../src/repositories/slas.js";
import { defaultSla } from "../../src/domain/sla.js";

const TICKETS = "C0TICKETS1";
const SUBJECT = "<!channel> <https://evil.example|Reset your password>";

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp({ env: { INBOUND_EMAIL_SECRET: INBOUND_SECRET, TICKETS_CHANNEL_ID: TICKETS } });
});
afterEach(async () => app.close());

/**
 * Every text sent since `from`: no mrkdwn text leaks, the hostile text is there, shown escaped, and
 * no plain_text is escaped (Slack shows plain_text as written: "&lt;" would be seen as such).
 */
function expectShownAsText(from: ReturnType<typeof mark>, shown: string[]) {
  const texts = sentTexts(app.slack, from);
  expect(leaks(texts)).toEqual([]);
  expect(texts.plain.filter((t) => /&(lt|gt|amp);/.test(t))).toEqual([]);
  const all = texts.mrkdwn.join("\n");
  for (const s of shown) expect(all).toContain(s);
  return texts;
}

describe("a hostile email", () => {
  it.each(FORMATS)("%s: its ticket message, thread notes, /ticket show and /ticket list show subject, sender and body as text", async (format) => {
    await seedCustomer(app.db, { name: "Acme Dental", domains: ["acme.com"] });
    const from = mark(app.slack);
    const first = email({ from: "a|b@acme.com", fromName: "<@U0EVIL0001> <!here>", subject: SUBJECT, text: "Click <https://evil.example|here> & <!everyone>" });
    const res = await sendEmail(app.port, format, first);
    expect(res.body.outcome).toBe("ticket_opened");
    const posted = await eventually(() => app.slack.callsTo("chat.postMessage").find((c) => c.args.channel === TICKETS), "the ticket message");
    expect(posted?.args.text).toBe(`Ticket #${res.body.ticketNumber}: &lt;!channel&gt; &lt;https://evil.example|Reset your password&gt; (Open)`);

    // A reply: its note in the ticket's thread names the sender.
    const reply = await sendEmail(app.port, format, email({ from: "a|b@acme.com", fromName: "<@U0EVIL0001> <!here>", subject: `Re: #${res.body.ticketNumber}`, text: "<!channel> again", inReplyTo: first.messageId! }));
    expect(reply.body.outcome).toBe("comment_added");
    await eventually(() => app.slack.callsTo("chat.postMessage").some((c) => c.args.thread_ts), "the note in the thread");

    await answerTo(app, () => app.driver.command("/ticket", `show ${res.body.ticketNumber}`, { userId: TECH, channelId: CHANNEL }));
    await answerTo(app, () => app.driver.command("/ticket", "list", { userId: TECH, channelId: CHANNEL }));

    const texts = expectShownAsText(from, ["&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt;", "&lt;@U0EVIL0001&gt; &lt;!here&gt;", "Click &lt;https://evil.example|here&gt; &amp; &lt;!everyone&gt;"]);
    // The sender's address links to itself: "|" cannot end the address part of the link.
    expect(mailtoTargets(texts).length).toBeGreaterThan(0);
    expect(new Set(mailtoTargets(texts))).toEqual(new Set(["a%7Cb@acme.com"]));
  });

  it("listed by /ticket refused, its subject and sender are text", async () => {
    const beta = await seedCustomer(app.db, { name: "Beta Ltd", domains: ["beta.io"] });
    await app.db.customer.update({ where: { id: beta.id }, data: { ticketsOnlyFromPrimary: true } });
    await sendEmail(app.port, "rfc822", email({ from: "x|y@beta.io", fromName: "<!channel>", subject: SUBJECT, text: "x" }));
    const from = mark(app.slack);
    await answerTo(app, () => app.driver.command("/ticket", "refused", { userId: ADMIN, channelId: CHANNEL }));
    const texts = expectShownAsText(from, ["&lt;!channel&gt; &lt;https://evil.example|Reset your password&gt;"]);
    expect(mailtoTargets(texts)).toEqual(["x%7Cy@beta.io"]);
  });
});

describe("a hostile CSV file", () => {
  it("its name, cells and column names are text in the import thread: preview, result and the error report's comment", async () => {
    const from = mark(app.slack);
    const file = csvText(
      ["Customer Name", "Domains", "<@U0EVIL0001>"],
      [
        ["<!here> Ltd", "here.example", "x"],
        ["Evil & Co", "<https://evil.example|click>", "y"],
      ],
    );
    const u = await upload(app, { name: "<!channel> clients.csv", content: file });
    const preview = await verdict(app, u);
    expect(preview.message.text).toBe("Import preview: &lt;!channel&gt; clients.csv");
    await pressImport(app, { ...u, ...preview });
    expect(await app.db.customer.count({ where: { name: "<!here> Ltd" } })).toBe(1);
    expectShownAsText(from, ["&lt;!channel&gt; clients.csv", '"&lt;https://evil.example" is not a valid domain', "&lt;@U0EVIL0001&gt;"]);
  });
});

describe("a customer with hostile fields", () => {
  it("its card, list row, history and the wizard's summary show them as text, and its contacts' mailto links are their own", async () => {
    const from = mark(app.slack);
    await seedCustomer(app.db, {
      name: "<!channel> & Sons",
      domains: ["sons.example"],
      notes: "<https://evil.example|Pay here>",
      contacts: [{ firstName: "<@U0EVIL0001>", lastName: "Smith", email: "a|b@sons.example", phone: "<!here>" }],
    });
    const card = await command(app, TECH, "show sons.example");
    expect(card.message.text).toBe("&lt;!channel&gt; &amp; Sons");
    expect(card.message.blocks?.[0]).toMatchObject({ type: "header", text: { type: "plain_text", text: "<!channel> & Sons" } });
    await answerTo(app, () => app.driver.clickMessageButton(card.message.channel, card.message.messageTs, "customer_tab_contacts", { userId: TECH }));
    await command(app, TECH, "list sons");
    await command(app, TECH, "list");
    await command(app, TECH, "history sons.example");
    const trend = await answerTo(app, () => app.driver.command("/sla", "trend sons.example", { userId: ADMIN, channelId: CHANNEL }));
    expect(trend.message.text).toContain("&lt;!channel&gt; &amp; Sons");
    const texts = expectShownAsText(from, ["&lt;!channel&gt; &amp; Sons", "&lt;https://evil.example|Pay here&gt;", "&lt;@U0EVIL0001&gt; Smith", "&lt;!here&gt;"]);
    expect(new Set(mailtoTargets(texts))).toEqual(new Set(["a%7Cb@sons.example"]));
  });

  it("the summary sent after the wizard shows what was typed as text", async () => {
    const from = mark(app.slack);
    await andWaitFor(app, "views.open", () => app.driver.command("/customer", "new", { userId: ADMIN, channelId: CHANNEL }));
    const view = app.driver.currentView(ADMIN)!;
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_toggle", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN, values: { customer_name: "<!channel> Inc", customer_domains: "inc.example", customer_notes: "<!here>" } });
    await andWaitFor(app, "views.update", () => app.driver.clickButton(view.id, "wizard_skip_contract", { userId: ADMIN }));
    await app.driver.submitView(view.id, { userId: ADMIN });
    const done = await app.driver.submitView(view.id, { userId: ADMIN, values: { contact_first_name: "<@U0EVIL0001>", contact_last_name: "Roe", contact_email: "a|b@inc.example" } });
    expect(done.outcome, JSON.stringify(done.errors)).toBe("updated");
    const dm = await app.slack.waitForCall("chat.postMessage");
    expect(dm.args.text).toBe("New customer: &lt;!channel&gt; Inc");
    const texts = expectShownAsText(from, ["&lt;!channel&gt; Inc", "&lt;!here&gt;", "&lt;@U0EVIL0001&gt; Roe"]);
    expect(mailtoTargets(texts)).toEqual(["a%7Cb@inc.example"]);
  });
});

describe("an SLA with a hostile name", () => {
  it("/sla list shows its name and its customers' names as text", async () => {
    const sla = await app.db.sla.create({ data: slaCreateData({ ...defaultSla("UTC"), name: "<!channel> Gold" }) });
    const c = await seedCustomer(app.db, { name: "<!here> Corp", domains: ["corp.example"] });
    await app.db.customer.update({ where: { id: c.id }, data: { slaId: sla.id } });
    const from = mark(app.slack);
    await answerTo(app, () => app.driver.command("/sla", "list", { userId: ADMIN, channelId: CHANNEL }));
    await answerTo(app, () => app.driver.command("/sla", "edit <!channel> Nothing", { userId: ADMIN, channelId: CHANNEL }));
    expectShownAsText(from, ["&lt;!channel&gt; Gold", "&lt;!here&gt; Corp"]);
  });
});
