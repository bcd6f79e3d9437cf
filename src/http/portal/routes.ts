/**
 * The customer portal over HTTP, under /portal on PORT (the same server as /slack/events): thin
 * handlers that read the request (cookies, a form), call the Portal service once, and answer with a
 * page from pages.tsx or a redirect (Post/Redirect/Get, so a reload never sends a form twice).
 *
 * Security, on every answer: a strict Content-Security-Policy (nothing but this origin's style
 * sheet; no script, no frames, forms only to this origin), no caching of pages, nosniff, no
 * referrer (a sign-in link in a URL goes nowhere else). Cookies are HttpOnly, Secure, SameSite=Lax
 * and scoped to /portal: the session's (a random token whose SHA-256 is the stored session) and,
 * before signing in, an anonymous one that the sign-in forms' CSRF token is bound to. Every POST
 * carries a CSRF token, an HMAC of the session's (or anonymous) cookie under a key derived from
 * SLACK_SIGNING_SECRET, so every instance of the app checks it alike; a POST without it, or with
 * another's, is refused (403) and changes nothing. Lax (not Strict) so that a link to a ticket
 * opened from a mail program finds the session; no GET changes anything.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseCookie, stringifySetCookie } from "cookie";
import type { HttpRoute } from "../../slack/bolt-app.js";
import { CATALOGS } from "../../i18n/catalog.js";
import { isLocale, type Locale } from "../../i18n/locale.js";
import { isTicketPriority, type TicketPriority } from "../../domain/ticket.js";
import { isTokenShape, MAX_MESSAGE_LENGTH, SESSION_DAYS, type Portal, type Viewer } from "../../services/portal/service.js";
import { BASE, confirmPage, CSRF_FIELD, errorPage, newTicketPage, signInPage, ticketPage, ticketsPage, type PageContext, type SignInState } from "./pages.js";

export const SESSION_COOKIE = "cb_portal";
export const ANON_COOKIE = "cb_portal_anon";
export const LANGUAGE_COOKIE = "cb_portal_lang";
/** The largest form taken (a new ticket's description is at most 20,000 characters, up to 4 bytes each, encoded). */
export const MAX_FORM_BYTES = 256 * 1024;

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

type Deps = {
  portal: Portal;
  /** the key CSRF tokens are made with */
  secret: string;
  css: string;
  defaultLocale: Locale;
  trustProxy: boolean;
  logger: { error(...m: unknown[]): void };
};

type Request = {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  query: URLSearchParams;
  cookies: Record<string, string | undefined>;
  locale: Locale;
  viewer: Viewer | undefined;
  /** what CSRF tokens are bound to: the session's token, else the anonymous cookie */
  anchor: string;
};

class FormError extends Error {
  constructor(readonly status: 400 | 413 | 415) {
    super(`form refused (${status})`);
  }
}

/** The client's address: the socket's, or behind a trusted proxy the last X-Forwarded-For entry. */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = String(req.headers["x-forwarded-for"] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const last = forwarded.at(-1);
    if (last) return last.slice(0, 64);
  }
  return (req.socket.remoteAddress ?? "unknown").slice(0, 64);
}

/** The language the browser asks for first among ours (Accept-Language, by q). */
export function acceptedLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split("-")[0] ?? "", q: q ? Number(q) : 1, i };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) if (isLocale(r.lang)) return r.lang;
  return fallback;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const type = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") throw new FormError(415);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) throw new FormError(413);
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export function portalRoutes(deps: Deps): HttpRoute[] {
  const csrfFor = (anchor: string) => createHmac("sha256", deps.secret).update(`portal-csrf\u0000${anchor}`).digest("base64url");
  const csrfValid = (anchor: string, offered: string | null) => {
    if (!anchor || !offered) return false;
    const want = Buffer.from(csrfFor(anchor));
    const got = Buffer.from(offered);
    return want.length === got.length && timingSafeEqual(want, got);
  };

  const cookie = (name: string, value: string, maxAge: number) =>
    stringifySetCookie({ name, value, path: BASE, httpOnly: true, secure: true, sameSite: "lax", maxAge });

  function headers(res: ServerResponse, extra: Record<string, string | string[]> = {}) {
    const set: Record<string, string | string[]> = {
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "x-frame-options": "DENY",
      "cache-control": "no-store",
      ...extra,
    };
    for (const [k, v] of Object.entries(set)) res.setHeader(k, v);
  }

  function addCookie(res: ServerResponse, value: string) {
    const prev = res.getHeader("set-cookie");
    const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
    res.setHeader("set-cookie", [...list, value]);
  }

  const ctx = (r: Request): PageContext => ({ locale: r.locale, csrf: csrfFor(r.anchor), viewer: r.viewer, path: r.path });

  function page(r: Request, status: number, body: string) {
    headers(r.res, { "content-type": "text/html; charset=utf-8" });
    r.res.writeHead(status);
    r.res.end(body);
  }

  function redirect(r: Request, to: string) {
    headers(r.res, { location: to });
    r.res.writeHead(303);
    r.res.end();
  }

  async function prepare(req: IncomingMessage, res: ServerResponse): Promise<Request> {
    const url = new URL(req.url ?? "/", "http://portal.invalid");
    const cookies = parseCookie(String(req.headers.cookie ?? ""));
    const sessionToken = cookies[SESSION_COOKIE];
    const viewer = sessionToken ? await deps.portal.session(sessionToken) : undefined;
    let anchor = viewer && sessionToken ? sessionToken : (cookies[ANON_COOKIE] ?? "");
    if (!viewer && !isTokenShape(anchor)) {
      anchor = randomBytes(32).toString("base64url");
      addCookie(res, cookie(ANON_COOKIE, anchor, 24 * 3600));
    }
    // A session cookie that names no live session (signed out elsewhere, forged, expired) is dropped.
    if (sessionToken && !viewer) addCookie(res, cookie(SESSION_COOKIE, "", 0));
    const chosen = cookies[LANGUAGE_COOKIE];
    const locale = viewer?.locale ?? (chosen && isLocale(chosen) ? chosen : acceptedLocale(req.headers["accept-language"], deps.defaultLocale));
    return { req, res, path: url.pathname.replace(/\/+$/, "") || "/", query: url.searchParams, cookies, locale, viewer, anchor };
  }

  /** The form, when its CSRF token is this visitor's; else the refusal is answered and undefined returned. */
  async function form(r: Request): Promise<URLSearchParams | undefined> {
    let body: URLSearchParams;
    try {
      body = await readForm(r.req);
    } catch (error) {
      if (!(error instanceof FormError)) throw error;
      const e = CATALOGS[r.locale].portal.errors;
      page(r, error.status, errorPage(ctx(r), error.status === 413 ? e.tooLarge : e.failed));
      return undefined;
    }
    if (!csrfValid(r.anchor, body.get(CSRF_FIELD))) {
      page(r, 403, errorPage(ctx(r), CATALOGS[r.locale].portal.errors.csrf));
      return undefined;
    }
    return body;
  }

  const texts = (r: Request) => CATALOGS[r.locale].portal;

  async function get(r: Request): Promise<void> {
    const p = r.path;
    if (p === `${BASE}/assets/portal.css`) {
      headers(r.res, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=3600" });
      r.res.writeHead(200);
      return void r.res.end(deps.css);
    }
    if (p === BASE) {
      if (r.viewer) return redirect(r, `${BASE}/tickets`);
      const state: SignInState = !deps.portal.canSendLinks ? "unavailable" : r.query.get("signed") === "out" ? "signed_out" : "form";
      return page(r, 200, signInPage(ctx(r), state));
    }
    const link = /^\/portal\/sign-in\/([^/]+)$/.exec(p);
    if (link) {
      const token = link[1]!;
      if (!(await deps.portal.linkUsable(token))) return page(r, 410, signInPage(ctx(r), deps.portal.canSendLinks ? "link_invalid" : "unavailable"));
      return page(r, 200, confirmPage(ctx(r), token));
    }
    if (!r.viewer) return redirect(r, BASE);
    const viewer = r.viewer;
    if (p === `${BASE}/tickets`) {
      const list = await deps.portal.tickets(viewer, Number(r.query.get("page") ?? "1"));
      const opened = Number(r.query.get("opened"));
      return page(r, 200, ticketsPage(ctx(r), list, Number.isSafeInteger(opened) && opened > 0 ? texts(r).newTicket.opened(opened) : undefined));
    }
    if (p === `${BASE}/tickets/new`) return page(r, 200, newTicketPage(ctx(r), { subject: "", description: "", priority: "medium" }));
    const ticket = /^\/portal\/tickets\/(\d{1,9})$/.exec(p);
    if (ticket) {
      const found = await deps.portal.ticket(viewer, Number(ticket[1]));
      // Another customer's ticket (or one of a colleague, for a contact who is not primary) is not there for this viewer.
      if (!found) return page(r, 404, errorPage(ctx(r), texts(r).ticket.notFound));
      const done = r.query.get("done");
      const t = texts(r).ticket;
      const notice = done === "sent" ? { text: t.sent, kind: "info" as const } : done === "resolved" ? { text: t.resolved, kind: "info" as const } : undefined;
      return page(r, 200, ticketPage(ctx(r), found, notice));
    }
    return page(r, 404, errorPage(ctx(r), texts(r).errors.notFound));
  }

  async function post(r: Request): Promise<void> {
    const p = r.path;
    const body = await form(r);
    if (!body) return;
    if (p === `${BASE}/language`) {
      const locale = body.get("locale") ?? "";
      if (isLocale(locale)) {
        addCookie(r.res, cookie(LANGUAGE_COOKIE, locale, 365 * 24 * 3600));
        if (r.viewer) await deps.portal.setLocale(r.viewer, locale);
      }
      const back = body.get("back") ?? BASE;
      return redirect(r, /^\/portal(\/[A-Za-z0-9/_-]*)?$/.test(back) && !back.startsWith(`${BASE}/sign-in/`) ? back : BASE);
    }
    if (p === `${BASE}/sign-in`) {
      const email = (body.get("email") ?? "").slice(0, 320);
      const outcome = await deps.portal.requestLink({ email, clientIp: clientIp(r.req, deps.trustProxy), locale: r.locale });
      const status = outcome === "limited" ? 429 : outcome === "invalid_email" ? 400 : outcome === "unavailable" ? 503 : 200;
      return page(r, status, signInPage(ctx(r), outcome, outcome === "sent" ? "" : email));
    }
    const link = /^\/portal\/sign-in\/([^/]+)$/.exec(p);
    if (link) {
      const chosen = r.cookies[LANGUAGE_COOKIE];
      const outcome = await deps.portal.signIn(link[1]!, chosen && isLocale(chosen) ? chosen : null);
      if (outcome.kind !== "signed_in") return page(r, 410, signInPage(ctx(r), "link_invalid"));
      addCookie(r.res, cookie(SESSION_COOKIE, outcome.sessionToken, SESSION_DAYS * 24 * 3600));
      return redirect(r, `${BASE}/tickets`);
    }
    if (p === `${BASE}/sign-out`) {
      const token = r.cookies[SESSION_COOKIE];
      if (token) await deps.portal.signOut(token);
      addCookie(r.res, cookie(SESSION_COOKIE, "", 0));
      return redirect(r, `${BASE}?signed=out`);
    }
    if (!r.viewer) return redirect(r, BASE);
    const viewer = r.viewer;
    if (p === `${BASE}/tickets/new`) {
      const raw = body.get("priority") ?? "medium";
      const priority: TicketPriority = isTicketPriority(raw) ? raw : "medium";
      const values = { subject: body.get("subject") ?? "", description: body.get("description") ?? "", priority };
      const outcome = await deps.portal.openTicket(viewer, values);
      if (outcome.kind === "invalid") return page(r, 400, newTicketPage(ctx(r), values, outcome.errors));
      return redirect(r, `${BASE}/tickets?opened=${outcome.number}`);
    }
    const action = /^\/portal\/tickets\/(\d{1,9})\/(messages|resolve)$/.exec(p);
    if (action) {
      const number = Number(action[1]);
      const t = texts(r).ticket;
      if (action[2] === "messages") {
        const text = body.get("body") ?? "";
        const outcome = await deps.portal.addMessage(viewer, number, text);
        if (outcome === "added") return redirect(r, `${BASE}/tickets/${number}?done=sent`);
        const found = outcome === "not_found" ? undefined : await deps.portal.ticket(viewer, number);
        if (!found) return page(r, 404, errorPage(ctx(r), t.notFound));
        const message = outcome === "empty" ? t.emptyMessage : outcome === "closed" ? t.closed : texts(r).newTicket.tooLong(MAX_MESSAGE_LENGTH);
        return page(r, 400, ticketPage(ctx(r), found, { text: message, kind: "error" }, text));
      }
      const outcome = await deps.portal.markResolved(viewer, number);
      if (outcome === "not_found") return page(r, 404, errorPage(ctx(r), t.notFound));
      return redirect(r, `${BASE}/tickets/${number}?done=resolved`);
    }
    return page(r, 404, errorPage(ctx(r), texts(r).errors.notFound));
  }

  async function handle(req: IncomingMessage, res: ServerResponse, method: "GET" | "POST"): Promise<void> {
    const r = await prepare(req, res);
    try {
      await (method === "GET" ? get(r) : post(r));
    } catch (error) {
      deps.logger.error(`${method} ${r.path} failed`, error);
      if (!res.headersSent) page(r, 500, errorPage(ctx(r), texts(r).errors.failed));
      else res.end();
    }
  }

  return [
    { path: BASE, method: "GET", prefix: true, handler: (req, res) => handle(req, res, "GET") },
    { path: BASE, method: "POST", prefix: true, handler: (req, res) => handle(req, res, "POST") },
  ];
}
