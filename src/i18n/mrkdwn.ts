/**
 * Slack's mrkdwn, made so that outside text cannot become markup.
 *
 * Slack reads `&`, `<` and `>` in a mrkdwn field (and in a message's fallback `text`, which
 * notifications show) as control characters: `<!channel>` notifies everyone, `<@U1>` mentions,
 * `<https://evil.example|Reset your password>` is a link that hides its address. Text that comes
 * from outside the app — email subjects and bodies, addresses, customer and contact fields, CSV
 * values, file names, SLA names — must reach Slack with those three escaped.
 *
 * The rule, kept by the types:
 *   - a plain `string` is text: whatever it holds, it is shown as written (the Block Kit builders
 *     in slack/views/kit.ts and `render` escape it on the way out);
 *   - markup is a `Mrkdwn` value, and the only ways to make one are `md` (a template whose literal
 *     parts are markup and whose interpolated strings are escaped), `esc`, and the helpers below
 *     for mentions, dates and links (whose addresses are made safe from `|` and `>`).
 * A catalog text is a plain string unless it carries a mention, a date or a link; then it is `md`.
 * `*bold*`, `_italic_` and `code` marks are not control characters (Slack has no way to escape
 * them) and need nothing.
 */

/** A piece of mrkdwn: markup written by the app, with any outside text in it escaped. */
export class Mrkdwn {
  /**
   * Set by the tests' setup (test/support/strict-mrkdwn.ts): there a Mrkdwn put into a plain
   * template string by mistake throws, so the mistake shows in a test. In the app it gives its
   * markup, which the plain string's escaping then shows escaped twice: wrong, but never raw.
   */
  static strict = false;

  /** Use md, esc or the helpers below; this constructor trusts its argument. */
  private constructor(readonly markup: string) {}

  /** @internal the constructor for this module only */
  static trusted(markup: string): Mrkdwn {
    return new Mrkdwn(markup);
  }

  toString(): string {
    if (Mrkdwn.strict) throw new Error(`A Mrkdwn was used as a plain string (combine markup with md\`\`): ${this.markup.slice(0, 200)}`);
    return this.markup;
  }
}

/** What a mrkdwn field takes: text (escaped on the way out) or markup. */
export type Text = string | Mrkdwn;

const escapeText = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Text shown as written in a mrkdwn field. */
export function esc(text: string): Mrkdwn {
  return Mrkdwn.trusted(escapeText(text));
}

/** The markup to put into a Slack text field: text is escaped, markup is kept. */
export function render(text: Text): string {
  return text instanceof Mrkdwn ? text.markup : escapeText(text);
}

type Part = Text | number;

/**
 * A template of markup: md`*${name}* was changed by ${mention(user)}` — the literal parts are
 * markup, strings are escaped, Mrkdwn values and numbers are kept.
 */
export function md(literals: TemplateStringsArray, ...parts: Part[]): Mrkdwn {
  let out = literals[0] ?? "";
  parts.forEach((part, i) => {
    out += (typeof part === "number" ? String(part) : render(part)) + (literals[i + 1] ?? "");
  });
  return Mrkdwn.trusted(out);
}

/** Joins texts and markup with a separator (itself markup, e.g. "\n" or " · "). */
export function joinMd(parts: readonly Text[], separator: string): Mrkdwn {
  return Mrkdwn.trusted(parts.map(render).join(separator));
}

/** A mention of a Slack user; an id that is not one is shown as text. */
export function mention(userId: string): Mrkdwn {
  return /^[UW][A-Z0-9]{2,}$/.test(userId) ? Mrkdwn.trusted(`<@${userId}>`) : esc(userId);
}

/** A time Slack shows in each reader's own time zone ("Nov 26 at 10:00"), UTC where it cannot. */
export function slackDate(d: Date): Mrkdwn {
  const seconds = Math.floor(d.getTime() / 1000);
  return Mrkdwn.trusted(`<!date^${seconds}^{date_short_pretty} {time}|${d.toISOString().slice(0, 16).replace("T", " ")} UTC>`);
}

/**
 * The address part of a link, safe inside `<…|…>`: `|` would start the label early and `>` end
 * the link, so they are percent-encoded, as are `<`, quotes, spaces and control characters; `&` is
 * escaped as Slack asks.
 */
function safeUrl(url: string): string {
  return url.replace(/[|<>\s\u0000-\u001f\u007f"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`).replace(/&/g, "&amp;");
}

/** A link whose label (text) is shown as written; only http(s) addresses link, anything else is text. */
export function link(url: string, label: Text): Mrkdwn {
  if (!/^https?:\/\//i.test(url)) return typeof label === "string" ? esc(label) : label;
  return Mrkdwn.trusted(`<${safeUrl(url)}|${render(label)}>`);
}

/**
 * A mailto link showing the address (or `label`). Every character but letters, digits and
 * `@ . _ + -` is percent-encoded in the address part, so a `|` or `>` in an address's local
 * part cannot rewrite the link.
 */
export function mailto(email: string, label: Text = email): Mrkdwn {
  const target = [...email.trim()].map((c) => (/^[\p{L}\p{N}@._+-]$/u.test(c) ? c : encodeURIComponent(c))).join("");
  return Mrkdwn.trusted(`<mailto:${target}|${render(label)}>`);
}

/** Cuts markup to `max` characters without splitting an escape (`&amp;`) or a `<…>` sequence. */
export function clipMarkup(markup: string, max: number): string {
  if (markup.length <= max) return markup;
  let cut = max - 1;
  const entity = markup.lastIndexOf("&", cut);
  if (entity >= 0 && entity > cut - 5 && markup.indexOf(";", entity) >= cut) cut = entity;
  const open = markup.lastIndexOf("<", cut);
  if (open >= 0 && markup.indexOf(">", open) >= cut) cut = open;
  return `${markup.slice(0, cut)}…`;
}
