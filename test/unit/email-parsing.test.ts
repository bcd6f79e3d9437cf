/** The pure parts of email intake: raw MIME and Postmark JSON into one InboundMessage, and its rules. */
import { describe, expect, it } from "vitest";
import {
  automaticReason,
  cleanSubject,
  contactNames,
  generatedMessageId,
  messageIdsIn,
  normaliseMessageId,
  priorityFromHeaders,
  sender,
  stripQuotedReply,
  ticketBody,
} from "../../src/email/message.js";
import { parseMime } from "../../src/email/mime.js";
import { parsePostmark, parsePostmarkJson } from "../../src/email/postmark.js";
import { htmlToText } from "../../src/email/html.js";
import { bodyKind, offeredSecrets, secretMatches } from "../../src/http/email-inbound.js";
import { ticketPriority } from "../../src/services/tickets/email-intake.js";
import { MAX_SUBJECT_LENGTH } from "../../src/domain/ticket.js";
import { email, postmarkJson, rawMime } from "../support/email.js";

describe("Message-IDs", () => {
  it("drops angle brackets and refuses ids with spaces or nothing in them", () => {
    expect(normaliseMessageId(" <abc.123@mail.acme.com> ")).toBe("abc.123@mail.acme.com");
    expect(normaliseMessageId("<>")).toBeUndefined();
    expect(normaliseMessageId("a b@c")).toBeUndefined();
  });

  it("replaces an id too long to index by a stable hash", () => {
    const long = `${"x".repeat(600)}@acme.com`;
    expect(normaliseMessageId(long)).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(normaliseMessageId(long)).toBe(normaliseMessageId(`<${long}>`));
  });

  it("finds every id of In-Reply-To / References, bracketed or not, once each", () => {
    expect(messageIdsIn("<a@x>\r\n <b@y>  <a@x>")).toEqual(["a@x", "b@y"]);
    expect(messageIdsIn(["<a@x>", "<c@z>"])).toEqual(["a@x", "c@z"]);
    expect(messageIdsIn("a@x b@y")).toEqual(["a@x", "b@y"]);
    expect(messageIdsIn(undefined)).toEqual([]);
  });

  it("generates the same id for the same content, another for other content", () => {
    const base = { fromEmail: "Jane@acme.com", date: "Tue, 3 Mar 2026", subject: "Hi", body: "Text" };
    expect(generatedMessageId(base)).toBe(generatedMessageId({ ...base, fromEmail: "jane@acme.com" }));
    expect(generatedMessageId(base)).not.toBe(generatedMessageId({ ...base, body: "Text!" }));
    expect(generatedMessageId(base)).toMatch(/^generated-[0-9a-f]{40}@inbound\.invalid$/);
  });
});

describe("sender, subject, priority", () => {
  it("refuses a missing or invalid sender with a clear reason", () => {
    expect(() => sender(undefined, "Jane")).toThrow(/^The email has no sender: a From address is required\.$/);
    expect(() => sender("jane@", "Jane", { messageId: "m@x", subject: "Hi" })).toThrow(
      expect.objectContaining({ problem: "sender", known: { messageId: "m@x", subject: "Hi", fromEmail: "jane@", fromName: "Jane" } }),
    );
    expect(() => sender("jane@", null)).toThrow(/"jane@" is not a valid email address/);
  });

  it("keeps a display name only when it says more than the address", () => {
    expect(sender(" jane@acme.com ", ' "Jane  Roe" ')).toEqual({ email: "jane@acme.com", name: "Jane Roe" });
    expect(sender("jane@acme.com", "JANE@acme.com")).toEqual({ email: "jane@acme.com", name: null });
    expect(sender("jane@acme.com", "")).toEqual({ email: "jane@acme.com", name: null });
  });

  it("makes the subject one line within the ticket limit, and names an empty one", () => {
    expect(cleanSubject("  Printer\r\n\tdown  ")).toBe("Printer down");
    expect(cleanSubject("   ")).toBe("(no subject)");
    expect(cleanSubject(undefined)).toBe("(no subject)");
    const long = cleanSubject("word ".repeat(100));
    expect(long.length).toBeLessThanOrEqual(MAX_SUBJECT_LENGTH);
    expect(long.endsWith("…")).toBe(true);
  });

  it("reads the urgent flags mail programs set; a ticket from an urgent email is high, otherwise medium", () => {
    const p = (name: string, value: string) => priorityFromHeaders([{ name, value }]);
    expect(p("X-Priority", "1 (Highest)")).toBe("high");
    expect(p("x-priority", "2")).toBe("high");
    expect(p("X-Priority", "3 (Normal)")).toBe("normal");
    expect(p("Importance", "High")).toBe("high");
    expect(p("X-MSMail-Priority", "High")).toBe("high");
    expect(p("Priority", "urgent")).toBe("high");
    expect(p("Importance", "low")).toBe("normal");
    expect(ticketPriority({ priority: "high" })).toBe("high");
    expect(ticketPriority({ priority: "normal" })).toBe("medium");
  });
});

describe("reply text", () => {
  it("cuts a Gmail-style quote", () => {
    expect(stripQuotedReply("Works now.\r\n\r\nOn Tue, 3 Mar 2026 at 10:00, Help <help@msp.example> wrote:\r\n> It jams.")).toBe("Works now.");
  });
  it("cuts a quote whose 'wrote:' line wrapped", () => {
    expect(stripQuotedReply("Works now.\n\nOn Tue, 3 Mar 2026 at 10:00, Help Desk of the MSP\n<help@msp.example> wrote:\n> x")).toBe("Works now.");
  });
  it("cuts an Outlook-style quote", () => {
    const text = "Thanks!\n\n________________________________\nFrom: Help <help@msp.example>\nSent: Tuesday\nTo: Jane\nSubject: Printer";
    expect(stripQuotedReply(text)).toBe("Thanks!");
    expect(stripQuotedReply("Ok\n\nFrom: Help <help@msp.example>\nSent: Tuesday, March 3\nSubject: x\n\nold")).toBe("Ok");
    expect(stripQuotedReply("Ok\n-----Original Message-----\nold")).toBe("Ok");
  });
  it("keeps text that only mentions a 'From:' or has no quote", () => {
    expect(stripQuotedReply("From: the second floor, the printer jams.\nAll day.")).toBe("From: the second floor, the printer jams.\nAll day.");
  });
  it("keeps the whole text when the cut would leave nothing", () => {
    expect(stripQuotedReply("> only a quote")).toBe("> only a quote");
  });
});

describe("ticket description", () => {
  it("names attachments that were not stored", () => {
    expect(ticketBody("See attached.", [{ name: "a.pdf", contentType: "application/pdf", size: 1 }])).toBe("See attached.\n\n1 attachment not stored: a.pdf");
  });
  it("cuts a long text to the limit and keeps the attachments line", () => {
    const body = ticketBody("x".repeat(5000), [{ name: "a.pdf", contentType: "application/pdf", size: 1 }], 1000);
    expect(body.length).toBeLessThanOrEqual(1000);
    expect(body).toMatch(/cut: the email was longer than a ticket holds\]\n\n1 attachment not stored: a\.pdf$/);
  });
  it("says when there was no text", () => {
    expect(ticketBody(" \r\n ", [])).toBe("(the email had no text)");
  });
});

describe("names for a contact made from an email", () => {
  it.each([
    [{ email: "ann@acme.com", name: "Ann Smith" }, { firstName: "Ann", lastName: "Smith" }],
    [{ email: "ann@acme.com", name: "Mary Ann van Dyke" }, { firstName: "Mary Ann van", lastName: "Dyke" }],
    [{ email: "ann@acme.com", name: "Smith, Ann" }, { firstName: "Ann", lastName: "Smith" }],
    [{ email: "mary.major@acme.com", name: null }, { firstName: "Mary", lastName: "Major" }],
    [{ email: "bob_b+tickets@acme.com", name: null }, { firstName: "Bob", lastName: "B" }],
    [{ email: "support@acme.com", name: null }, { firstName: "Support", lastName: "" }],
    [{ email: "x@acme.com", name: "x@acme.com via Helpdesk" }, { firstName: "X", lastName: "" }],
  ])("%o -> %o", (from, names) => {
    expect(contactNames(from)).toEqual(names);
  });
});

describe("raw MIME", () => {
  it("reads sender, encoded subject, ids, references, date and text", async () => {
    const raw = [
      'From: "=?utf-8?B?Sm9zw6kgUm9l?=" <Jose@Acme.com>',
      "To: help@msp.example",
      "Subject: =?utf-8?q?Stampante_=C3=A8_rotta?=",
      "Date: Tue, 03 Mar 2026 10:00:00 +0100",
      "Message-ID: <m2@acme.com>",
      "In-Reply-To: <m1@acme.com>",
      "References: <m0@acme.com>\r\n <m1@acme.com>",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Hello",
      "",
    ].join("\r\n");
    const m = await parseMime(Buffer.from(raw));
    expect(m).toMatchObject({
      format: "rfc822",
      messageId: "m2@acme.com",
      messageIdGenerated: false,
      from: { email: "Jose@Acme.com", name: "José Roe" },
      subject: "Stampante è rotta",
      references: ["m1@acme.com", "m0@acme.com"],
      priority: "normal",
      attachments: [],
    });
    expect(m.text.trim()).toBe("Hello");
    expect(m.date?.toISOString()).toBe("2026-03-03T09:00:00.000Z");
  });

  it("takes the text part of multipart/alternative, lists attachments, and gives an id to a message without one", async () => {
    const e = email({ from: "jane@acme.com", subject: "x", text: "Plain", html: "<p>Rich</p>", messageId: null, attachments: [{ name: "a.txt", contentType: "text/plain", content: "A" }] });
    const m = await parseMime(Buffer.from(rawMime(e)));
    expect(m.text.trim()).toBe("Plain");
    expect(m.attachments).toEqual([{ name: "a.txt", contentType: "text/plain", size: 1 }]);
    expect(m.messageIdGenerated).toBe(true);
    expect((await parseMime(Buffer.from(rawMime(e)))).messageId).toBe(m.messageId);
  });

  it("turns an HTML-only body into text", async () => {
    const m = await parseMime(Buffer.from(rawMime(email({ from: "jane@acme.com", subject: "x", html: "<div>Hi <b>there</b></div><ul><li>one</li></ul>" }))));
    expect(m.text).toMatch(/Hi there/);
    expect(m.text).not.toMatch(/<b>/);
  });

  it("refuses what is not an email", async () => {
    await expect(parseMime(Buffer.alloc(0))).rejects.toThrow(/body is empty/);
    await expect(parseMime(Buffer.from("just words"))).rejects.toThrow(/no header lines/);
    await expect(parseMime(Buffer.from("Subject: x\r\n\r\nbody"))).rejects.toThrow(/no sender/);
  });
});

describe("Postmark inbound JSON", () => {
  const base = () => postmarkJson(email({ from: "jane@acme.com", fromName: "Jane Roe", subject: "Printer", text: "It jams", messageId: "real@acme.com" }));

  it("prefers the email's Message-ID header over Postmark's own MessageID", async () => {
    expect((await parsePostmark(base())).messageId).toBe("real@acme.com");
    const noHeader = { ...base(), Headers: [] };
    expect((await parsePostmark(noHeader)).messageId).toBe("pm-real@acme.com");
  });

  it("reads the sender from FromFull, then From; StrippedTextReply as the reply text", async () => {
    const m = await parsePostmark({ ...base(), FromFull: { Email: "jane@acme.com", Name: "Jane R." }, StrippedTextReply: "Only this" });
    expect(m.from).toEqual({ email: "jane@acme.com", name: "Jane R." });
    expect(m.replyText).toBe("Only this");
    expect((await parsePostmark({ ...base(), FromFull: null, FromName: null })).from).toEqual({ email: "jane@acme.com", name: null });
  });

  it("tolerates null fields and reads references and urgency from Headers", async () => {
    const m = await parsePostmark({
      From: "jane@acme.com",
      Subject: null,
      TextBody: null,
      HtmlBody: "<p>Hello</p>",
      Attachments: null,
      Headers: [
        { Name: "In-Reply-To", Value: "<m1@x>" },
        { Name: "References", Value: "<m0@x> <m1@x>" },
        { Name: "X-Priority", Value: "1" },
      ],
    });
    expect(m).toMatchObject({ subject: "(no subject)", references: ["m1@x", "m0@x"], priority: "high", attachments: [] });
    expect(m.text.trim()).toBe("Hello");
  });

  it("refuses malformed JSON and JSON of another shape, saying what is wrong", async () => {
    await expect(parsePostmarkJson("{")).rejects.toThrow(/not valid JSON/);
    await expect(parsePostmarkJson("")).rejects.toThrow(/body is empty/);
    await expect(parsePostmarkJson('"text"')).rejects.toThrow(/expected a JSON object/);
    await expect(parsePostmarkJson("{}")).rejects.toThrow(/not a Postmark inbound message: expected Postmark's fields/);
    await expect(parsePostmarkJson(JSON.stringify({ From: 42 }))).rejects.toThrow(/From: /);
  });
});

describe("HTML to text", () => {
  it("keeps the words and paragraphs, drops the tags and entities", async () => {
    expect((await htmlToText("<p>A &amp; B</p><p>C</p>")).trim()).toBe("A & B\n\nC");
    expect(await htmlToText("  ")).toBe("");
  });

  it("keeps line breaks, bullets, numbered items, table cells, link addresses and image text; drops head, style and script", async () => {
    const html = `<html><head><title>T</title><style>p { color: red }</style></head><body>
      <p>Hello&nbsp;<b>team</b>,</p><div>line one<br>line two</div>
      <ul><li>first</li><li>second</li></ul><ol><li>a</li><li>b</li></ol>
      <table><tr><th>Host</th><th>CPU</th></tr><tr><td>srv1</td><td>99%</td></tr></table>
      <p><a href="https://status.example/x">the status page</a>, <a href="https://acme.com">acme.com</a> <img alt="logo"></p>
      <script>alert(1)</script></body></html>`;
    expect(await htmlToText(html)).toBe(
      "Hello team,\n\nline one\nline two\n\n• first\n• second\n\n1. a\n2. b\n\nHost\tCPU\nsrv1\t99%\n\nthe status page (https://status.example/x), acme.com [logo]",
    );
  });

  it("stops at maxChars, and at nesting deeper than browsers keep, with the text gathered so far", async () => {
    const cut = await htmlToText("<b>word</b> ".repeat(100_000), 50);
    expect(cut).toMatch(/^(word ){9}wor?d?$/);
    expect(await htmlToText(`<p>kept</p>${"<div>".repeat(5_000)}lost`)).toBe("kept");
  });
});

describe("HTTP helpers", () => {
  it("accepts message/rfc822 and application/json, with parameters and any case", () => {
    expect(bodyKind("message/rfc822")).toBe("rfc822");
    expect(bodyKind("Application/Json; charset=UTF-8")).toBe("postmark");
    expect(bodyKind("text/plain")).toBeUndefined();
    expect(bodyKind(undefined)).toBeUndefined();
  });

  it("finds the secret in Bearer, Basic password and X-Inbound-Secret", () => {
    const basic = `Basic ${Buffer.from("inbound:s3cret:with:colons").toString("base64")}`;
    expect(offeredSecrets({ authorization: "Bearer abc" })).toEqual(["abc"]);
    expect(offeredSecrets({ authorization: basic })).toEqual(["s3cret:with:colons"]);
    expect(offeredSecrets({ "x-inbound-secret": " xyz " })).toEqual(["xyz"]);
    expect(offeredSecrets({ authorization: "Bearer" })).toEqual([]);
  });

  it("compares secrets of any length", () => {
    expect(secretMatches("abc", "abc")).toBe(true);
    expect(secretMatches("abc", "abcd")).toBe(false);
    expect(secretMatches("", "abc")).toBe(false);
  });
});

describe("machine mail", () => {
  const h = (name: string, value: string) => [{ name, value }];
  it("recognises out-of-office, auto-reply, bulk, delivery reports and bounces, and says which sign it saw", () => {
    expect(automaticReason(h("Auto-Submitted", "auto-replied"), "a@x.com")).toBe("Auto-Submitted: auto-replied");
    expect(automaticReason(h("auto-submitted", "Auto-Generated"), "a@x.com")).toBe("Auto-Submitted: auto-generated");
    expect(automaticReason(h("X-Autorespond", "1"), "a@x.com")).toBe("an auto-reply header");
    expect(automaticReason(h("Precedence", "junk"), "a@x.com")).toBe("Precedence: junk");
    expect(automaticReason(h("Content-Type", 'multipart/report; report-type="delivery-status"'), "a@x.com")).toBe("a delivery report");
    expect(automaticReason([], "Postmaster@mx.example")).toBe("a delivery failure notice");
  });

  it("takes a person's email as a person's: Auto-Submitted: no, Precedence: list, ordinary headers", () => {
    expect(automaticReason(h("Auto-Submitted", "no"), "a@x.com")).toBeNull();
    expect(automaticReason(h("Precedence", "list"), "a@x.com")).toBeNull();
    expect(automaticReason([{ name: "Subject", value: "Auto-Submitted" }], "daemon.fan@x.com")).toBeNull();
  });
});
