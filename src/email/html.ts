/**
 * HTML to plain text for an HTML-only email (raw MIME without a text part, or Postmark's HtmlBody),
 * bounded in memory and in time whatever the HTML is.
 *
 * Why not html-to-text (which mailparser uses): it builds the whole document tree first, and a
 * 9.5 MB body of small elements (`<b>a</b>` repeated) needs more than the app's whole heap
 * (`npm start` caps it at 384 MB): the process died with a V8 out-of-memory error. A ticket keeps
 * at most MAX_DESCRIPTION_LENGTH characters, so there is no need for the tree: the same parser
 * html-to-text is built on (htmlparser2) is run as a stream of events, text is written out as it
 * comes, and reading stops once enough text is gathered (`maxChars`). The HTML is fed in slices
 * with a pause between them, so a large body never holds the event loop for long.
 *
 * What is kept: the words, paragraph and line breaks of block elements, list bullets, table cells
 * separated by tabs, a link's address after its text, an image's alt text. What is dropped: head,
 * style, script, comments and anything nested deeper than MAX_DEPTH (htmlparser2's open-element
 * stack costs time in the square of the depth, so parsing stops there; browsers stop at 512).
 */
import { Parser } from "htmlparser2";
import { TEXT_KEPT } from "./message.js";

/** Characters of HTML parsed before letting other work run. */
const SLICE = 64 * 1024;
/** Deepest element nesting parsed; deeper HTML ends the conversion with the text gathered so far. */
export const MAX_DEPTH = 1000;

/** Elements whose content is never text a person reads. */
const SKIPPED = new Set(["head", "style", "script", "template", "noscript", "title", "svg", "math", "object", "iframe", "select"]);
/** Elements that start and end a paragraph (a blank line around them). */
const PARAGRAPHS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl", "figure", "address", "hr", "form", "fieldset"]);
/** Elements that start and end a line. */
const LINES = new Set(["div", "section", "article", "header", "footer", "main", "nav", "aside", "center", "tr", "li", "dt", "dd", "caption", "tbody", "thead", "tfoot", "figcaption", "legend", "details", "summary"]);
/** Elements that never have content (htmlparser2 opens and closes them at once). */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"]);

class Enough extends Error {}

/** Writes text with collapsed white space and at most one blank line; throws Enough at `max` characters. */
class TextSink {
  private readonly parts: string[] = [];
  private length = 0;
  /** line breaks owed before the next word: 0, 1 (new line) or 2 (blank line) */
  private breaks = 0;
  private space = false;
  private started = false;

  constructor(private readonly max: number) {}

  word(text: string, pre: boolean): void {
    const chunk = pre ? text.replace(/\r\n?/g, "\n") : text.replace(/\s+/g, " ");
    if (!pre && chunk === " ") {
      this.space = true;
      return;
    }
    const lead = !pre && chunk.startsWith(" ");
    const body = pre ? chunk : chunk.trim();
    if (!body) return;
    if (this.started && this.breaks > 0) this.push("\n".repeat(this.breaks));
    else if (this.started && (this.space || lead)) this.push(" ");
    this.push(body);
    this.started = true;
    this.breaks = 0;
    this.space = !pre && chunk.endsWith(" ");
  }

  lineBreak(n: 1 | 2): void {
    if (this.started) this.breaks = Math.max(this.breaks, n);
    this.space = false;
  }

  /** A hard line break (<br>): several in a row are kept, up to one blank line. */
  br(): void {
    if (this.started) this.breaks = Math.min(2, this.breaks + 1);
    this.space = false;
  }

  private push(s: string): void {
    const room = this.max - this.length;
    const kept = s.length > room ? s.slice(0, room) : s;
    this.parts.push(kept);
    this.length += kept.length;
    if (this.length >= this.max) throw new Enough();
  }

  text(): string {
    return this.parts.join("");
  }
}

/**
 * The text of `html`: at most `maxChars` characters (a longer text is cut there; the caller says
 * so). Never throws for bad markup: HTML parsers take anything.
 */
export async function htmlToText(html: string, maxChars = TEXT_KEPT): Promise<string> {
  if (!html.trim()) return "";
  const sink = new TextSink(maxChars);
  let depth = 0;
  let skipping = 0; // depth inside a SKIPPED element
  let pre = 0;
  let cells = 0; // cells so far in the current table row
  const lists: { ordered: boolean; n: number }[] = [];
  const links: { href: string | undefined; text: string }[] = [];

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (!VOID.has(name) && ++depth > MAX_DEPTH) throw new Enough();
        if (skipping || SKIPPED.has(name)) {
          if (!VOID.has(name)) skipping++;
          return;
        }
        if (name === "br") return sink.br();
        if (name === "img") {
          const alt = (attrs.alt ?? "").trim();
          if (alt) sink.word(`[${alt}]`, false);
          return;
        }
        if (PARAGRAPHS.has(name)) sink.lineBreak(2);
        else if (LINES.has(name)) sink.lineBreak(1);
        if (name === "pre") pre++;
        if (name === "ul" || name === "ol") lists.push({ ordered: name === "ol", n: 0 });
        if (name === "li") {
          const list = lists.at(-1);
          if (list) list.n++;
          sink.word(list?.ordered ? `${list.n}.` : "•", false);
          sink.word(" ", false);
        }
        if (name === "tr") cells = 0;
        if ((name === "td" || name === "th") && cells++ > 0) sink.word("\t", true);
        if (name === "a") links.push({ href: attrs.href?.trim(), text: "" });
      },
      ontext(text) {
        if (skipping) return;
        const link = links.at(-1);
        if (link && link.text.length < 500) link.text += text;
        sink.word(text, pre > 0);
      },
      onclosetag(name) {
        if (!VOID.has(name)) depth--;
        if (skipping) {
          if (!VOID.has(name)) skipping--;
          return;
        }
        if (name === "a") {
          const link = links.pop();
          const href = link?.href;
          const said = link?.text.trim().replace(/^https?:\/\//i, "").replace(/\/$/, "");
          if (href && /^https?:\/\//i.test(href) && said !== href.replace(/^https?:\/\//i, "").replace(/\/$/, "")) sink.word(` (${href})`, false);
        }
        if (name === "pre") pre = Math.max(0, pre - 1);
        if (name === "ul" || name === "ol") lists.pop();
        if (PARAGRAPHS.has(name)) sink.lineBreak(2);
        else if (LINES.has(name)) sink.lineBreak(1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  try {
    for (let at = 0; at < html.length; at += SLICE) {
      parser.write(html.slice(at, at + SLICE));
      if (at + SLICE < html.length) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    parser.end();
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  }
  return sink.text().trim();
}
