/**
 * What the app's emails are made of, as pure functions: Slack mrkdwn turned into readable email
 * (plain text and a simple HTML part), the subject that keeps "[#42]" so a customer's answer
 * comes back to ticket 42 through the intake, Message-IDs, and the threading headers.
 *
 * Slack mrkdwn in: `*bold*`, `_italic_`, `~strike~`, `code`, ```blocks```, `> quotes`, "•" or
 * "-" lists, `<https://x|label>` links, `<mailto:a@b|a@b>`, `<@U123>` mentions, `<#C123|name>`
 * channels, `<!here>`, and `&amp;` `&lt;` `&gt;` entities. In the text part the marks stay (they
 * read as emphasis in any mail program) but every `<…>` control sequence becomes words: a mention
 * becomes the person's name, a link "label (https://x)"; nothing raw like `<@U123>` reaches the
 * customer. The HTML part escapes everything and adds only <strong>, <em>, <s>, <code>, <pre>,
 * <blockquote>, <ul>/<li>, <a href> (http, https and mailto only) and <br>.
 */
import { randomUUID } from "node:crypto";
import { ticketNumberInSubject } from "../domain/ticket.js";

/** A Slack user's display name, or undefined when unknown (then "@someone" from the catalog). */
export type NameOf = (userId: string) => string | undefined;

/** One piece of a line: text, or a link. */
type Piece = { kind: "text"; text: string } | { kind: "link"; url: string; label: string };

const decode = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The `<…>` sequences of one line made into text and links. */
function pieces(line: string, nameOf: NameOf, someone: string): Piece[] {
  const out: Piece[] = [];
  const re = /<([^<>]+)>/g;
  let last = 0;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    if (m.index > last) out.push({ kind: "text", text: decode(line.slice(last, m.index)) });
    last = m.index + m[0].length;
    const inner = m[1]!;
    const bar = inner.indexOf("|");
    const target = bar < 0 ? inner : inner.slice(0, bar);
    const label = bar < 0 ? undefined : decode(inner.slice(bar + 1));
    if (target.startsWith("@")) {
      const id = target.slice(1);
      out.push({ kind: "text", text: `@${nameOf(id) ?? label ?? someone}` });
    } else if (target.startsWith("#")) {
      // <#C123|name>, or <#C123> named by the caller (conversations.info); the id only if Slack could not say
      out.push({ kind: "text", text: `#${label || nameOf(target.slice(1)) || target.slice(1)}` });
    } else if (target.startsWith("!subteam^")) {
      out.push({ kind: "text", text: label ?? "@team" });
    } else if (target.startsWith("!")) {
      const word = target.slice(1).split("^")[0] ?? "";
      out.push({ kind: "text", text: label ?? `@${word}` });
    } else if (/^mailto:/i.test(target)) {
      const address = decode(target.slice(7));
      out.push({ kind: "link", url: `mailto:${address}`, label: label ?? address });
    } else if (/^https?:\/\//i.test(target)) {
      out.push({ kind: "link", url: decode(target), label: label ?? decode(target) });
    } else {
      out.push({ kind: "text", text: decode(m[0]) });
    }
  }
  if (last < line.length) out.push({ kind: "text", text: decode(line.slice(last)) });
  return out;
}

function linePlain(ps: Piece[]): string {
  return ps.map((p) => (p.kind === "text" ? p.text : p.label === p.url || `mailto:${p.label}` === p.url ? p.label : `${p.label} (${p.url.replace(/^mailto:/i, "")})`)).join("");
}

/** Bold, italic, strike and code marks of escaped text into tags (only where Slack would read them). */
function marks(html: string): string {
  return html
    .replace(/`([^`\n]+)`/g, "<code>$1</code>")
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s.,;:!?)])/g, "$1<strong>$2</strong>")
    .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s.,;:!?)])/g, "$1<em>$2</em>")
    .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s.,;:!?)])/g, "$1<s>$2</s>");
}

function lineHtml(ps: Piece[]): string {
  return ps
    .map((p) => (p.kind === "text" ? marks(escapeHtml(p.text)) : `<a href="${escapeHtml(p.url)}">${escapeHtml(p.label)}</a>`))
    .join("");
}

const LIST_ITEM = /^\s*(?:[•◦▪\-*]|\d{1,3}[.)])\s+/;

/** Slack mrkdwn (a message, or what was typed in the reply modal) as an email's text and HTML. */
export function mrkdwnToEmail(mrkdwn: string, nameOf: NameOf, someone: string): { text: string; html: string } {
  const lines = mrkdwn.replace(/\r\n?/g, "\n").split("\n");
  const text: string[] = [];
  const html: string[] = [];
  let inPre = false;
  let pre: string[] = [];
  let list: string[] = [];
  let ordered = false;
  const flushList = () => {
    if (!list.length) return;
    const tag = ordered ? "ol" : "ul";
    html.push(`<${tag}>${list.map((li) => `<li>${li}</li>`).join("")}</${tag}>`);
    list = [];
  };
  for (const raw of lines) {
    if (inPre || raw.trimStart().startsWith("```")) {
      // a code block: kept as written, its markers dropped
      let line = raw;
      if (!inPre) {
        flushList();
        inPre = true;
        line = raw.trimStart().slice(3);
      }
      const end = line.indexOf("```");
      if (end >= 0) {
        pre.push(line.slice(0, end));
        inPre = false;
      } else pre.push(line);
      if (!inPre) {
        const body = pre.join("\n").replace(/^\n+|\n+$/g, "");
        text.push(decode(body));
        html.push(`<pre>${escapeHtml(decode(body))}</pre>`);
        pre = [];
      }
      continue;
    }
    const ps = pieces(raw, nameOf, someone);
    const plainLine = linePlain(ps);
    text.push(plainLine);
    const quote = /^\s*(?:&gt;|>)\s?/.exec(raw);
    if (quote) {
      flushList();
      html.push(`<blockquote>${lineHtml(pieces(raw.slice(quote[0].length), nameOf, someone))}</blockquote>`);
      continue;
    }
    const item = LIST_ITEM.exec(raw);
    if (item) {
      const isOrdered = /\d/.test(item[0]);
      if (list.length && isOrdered !== ordered) flushList();
      ordered = isOrdered;
      list.push(lineHtml(pieces(raw.slice(item[0].length), nameOf, someone)));
      continue;
    }
    flushList();
    html.push(raw.trim() === "" ? "<br>" : `${lineHtml(ps)}<br>`);
  }
  if (inPre) {
    const body = pre.join("\n");
    text.push(decode(body));
    html.push(`<pre>${escapeHtml(decode(body))}</pre>`);
  }
  flushList();
  return { text: text.join("\n").replace(/\n{3,}/g, "\n\n").trim(), html: html.join("\n") };
}

/** Plain text (a catalog text, a customer's email) as the HTML part: escaped, line breaks kept. */
export function textToHtml(text: string): string {
  return text
    .split("\n")
    .map((l) => `${escapeHtml(l)}<br>`)
    .join("\n");
}

/** The HTML part's frame: a simple page that every mail program shows alike. */
export function htmlDocument(body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"></head><body style="font-family:sans-serif;font-size:14px;line-height:1.4">\n${body}\n</body></html>`;
}

/**
 * "Re: [#42] Printer down": the ticket's number in brackets (where intake finds it), once. A
 * subject that names the ticket already keeps its own mention.
 */
export function ticketSubject(number: number, subject: string, prefix: string): string {
  const clean = subject.replace(/^\s*((re|fw|fwd|aw|r|rif|sv|antw)\s*:\s*)+/i, "").trim();
  const named = ticketNumberInSubject(clean) === number ? clean : `[#${number}] ${clean}`;
  return prefix ? `${prefix} ${named}` : named;
}

/** A new Message-ID (without angle brackets) on the sender's domain. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1) || "customerbook.invalid";
  return `${randomUUID()}@${domain}`;
}

/** References: the thread's ids, oldest first, no repeats, the newest 20 (long chains get cut by servers). */
export function referencesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ids) if (id && !seen.has(id)) (seen.add(id), out.push(id));
  return out.slice(-20);
}
