/**
 * The portal's pages: pure functions from what a page shows to HTML, rendered by preact
 * (preact-render-to-string), which escapes every value put into the markup, so a ticket subject
 * such as <script> is text on the page. No inline script or style (the Content-Security-Policy
 * allows neither): the one style sheet is /portal/assets/portal.css. Every form posts with its CSRF
 * token; every input has a label; the pages work without JavaScript.
 */
import type { ComponentChildren, VNode } from "preact";
import { render } from "preact-render-to-string";
import type { Catalog } from "../../i18n/catalog.js";
import { LANGUAGE_TAG, LOCALES, type Locale } from "../../i18n/locale.js";
import { CATALOGS } from "../../i18n/catalog.js";
import { TICKET_PRIORITIES, type TicketPriority } from "../../domain/ticket.js";
import type { ConversationEntry, PortalTicketRow } from "../../repositories/portal.js";
import type { LinkOutcome, NewTicketOutcome, TicketList, TicketPage, Viewer } from "../../services/portal/service.js";
import { MAX_DESCRIPTION_LENGTH, MAX_MESSAGE_LENGTH, MAX_SUBJECT_LENGTH } from "../../services/portal/service.js";

export const BASE = "/portal";
export const CSRF_FIELD = "_csrf";

/** What every page knows: the reader's language, the form token, who is signed in, where it is. */
export type PageContext = { locale: Locale; csrf: string; viewer: Viewer | undefined; path: string };

const texts = (c: PageContext) => CATALOGS[c.locale];

export function html(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}

function dateTime(c: PageContext, d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(LANGUAGE_TAG[c.locale], { dateStyle: "medium", timeStyle: "short", timeZone }).format(d);
}

function Csrf({ c }: { c: PageContext }) {
  return <input type="hidden" name={CSRF_FIELD} value={c.csrf} />;
}

function LanguageForm({ c }: { c: PageContext }) {
  const p = texts(c).portal;
  return (
    <form method="post" action={`${BASE}/language`} class="language">
      <Csrf c={c} />
      <input type="hidden" name="back" value={c.path} />
      <span class="language-label">{p.switchLanguage}:</span>
      {LOCALES.map((l) => (
        <button type="submit" name="locale" value={l} lang={l} aria-pressed={l === c.locale ? "true" : "false"} class="link-button">
          {CATALOGS[l].portal.languageName}
        </button>
      ))}
    </form>
  );
}

function Layout({ c, title, children }: { c: PageContext; title: string; children: ComponentChildren }) {
  const p = texts(c).portal;
  return (
    <html lang={c.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${p.productName}`}</title>
        <link rel="stylesheet" href={`${BASE}/assets/portal.css`} />
      </head>
      <body>
        <a class="skip" href="#main">
          {p.skipToContent}
        </a>
        <header class="top">
          <div class="bar">
            <span class="brand">{p.productName}</span>
            <LanguageForm c={c} />
          </div>
          {c.viewer ? (
            <nav aria-label={p.productName} class="bar">
              <a href={`${BASE}/tickets`} aria-current={c.path === `${BASE}/tickets` ? "page" : undefined}>
                {p.nav.myTickets}
              </a>
              <a href={`${BASE}/tickets/new`} aria-current={c.path === `${BASE}/tickets/new` ? "page" : undefined}>
                {p.nav.newTicket}
              </a>
              <span class="who">{p.nav.signedInAs(`${c.viewer.contact.name} (${c.viewer.contact.customerName})`)}</span>
              <form method="post" action={`${BASE}/sign-out`} class="inline">
                <Csrf c={c} />
                <button type="submit" class="link-button">
                  {p.nav.signOut}
                </button>
              </form>
            </nav>
          ) : null}
        </header>
        <main id="main">{children}</main>
      </body>
    </html>
  );
}

function Notice({ text, kind = "info" }: { text: string | undefined; kind?: "info" | "error" }) {
  if (!text) return null;
  return (
    <p class={`notice ${kind}`} role={kind === "error" ? "alert" : "status"}>
      {text}
    </p>
  );
}

export type SignInState = LinkOutcome | "form" | "link_invalid" | "signed_out";

export function signInPage(c: PageContext, state: SignInState, email = ""): string {
  const s = texts(c).portal.signIn;
  const e = texts(c).portal.errors;
  const message: Partial<Record<SignInState, [string, "info" | "error"]>> = {
    sent: [s.sent, "info"],
    limited: [s.limited, "error"],
    invalid_email: [s.invalidEmail, "error"],
    unavailable: [s.unavailable, "error"],
    link_invalid: [s.linkInvalid, "error"],
    signed_out: [e.signedOut, "info"],
  };
  const [text, kind] = message[state] ?? [undefined, "info"];
  const off = state === "unavailable";
  return html(
    <Layout c={c} title={s.title}>
      <h1>{s.title}</h1>
      <Notice text={text} kind={kind} />
      {off ? null : (
        <>
          <p>{s.intro}</p>
          <form method="post" action={`${BASE}/sign-in`} class="stack">
            <Csrf c={c} />
            <label for="email">{s.email}</label>
            <input id="email" name="email" type="email" autocomplete="email" required maxLength={254} value={email} aria-invalid={state === "invalid_email" ? "true" : undefined} />
            <button type="submit">{s.submit}</button>
          </form>
        </>
      )}
    </Layout>,
  );
}

export function confirmPage(c: PageContext, token: string): string {
  const s = texts(c).portal.signIn;
  return html(
    <Layout c={c} title={s.confirmTitle}>
      <h1>{s.confirmTitle}</h1>
      <p>{s.confirmIntro}</p>
      <form method="post" action={`${BASE}/sign-in/${token}`} class="stack">
        <Csrf c={c} />
        <button type="submit">{s.confirmSubmit}</button>
      </form>
    </Layout>,
  );
}

/** Due times mean something while the ticket is open or pending (resolved and closed ones are done). */
const running = (row: PortalTicketRow) => row.status === "open" || row.status === "pending";

function StatusLabel({ t, row }: { t: Catalog; row: PortalTicketRow }) {
  return <span class={`status status-${row.status}`}>{t.tickets.status(row.status)}</span>;
}

export function ticketsPage(c: PageContext, list: TicketList, done?: string): string {
  const t = texts(c);
  const p = t.portal.tickets;
  const viewer = c.viewer!;
  return html(
    <Layout c={c} title={p.title}>
      <h1>{p.title}</h1>
      <Notice text={done} />
      <p>{viewer.contact.primary ? p.allOfCustomer(viewer.contact.customerName) : p.own} {p.timeZone(list.timeZone)}</p>
      {list.items.length === 0 ? (
        <p>{p.none}</p>
      ) : (
        <table class="tickets">
          <thead>
            <tr>
              <th scope="col">{p.number}</th>
              <th scope="col">{p.subject}</th>
              <th scope="col">{p.status}</th>
              <th scope="col">{p.priority}</th>
              {viewer.contact.primary ? <th scope="col">{p.openedBy}</th> : null}
              <th scope="col">{p.responseDue}</th>
              <th scope="col">{p.resolutionDue}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => (
              <tr>
                <td data-label={p.number}>#{row.number}</td>
                <td data-label={p.subject}>
                  <a href={`${BASE}/tickets/${row.number}`}>{row.subject}</a>
                </td>
                <td data-label={p.status}>
                  <StatusLabel t={t} row={row} />
                </td>
                <td data-label={p.priority}>{t.tickets.priority(row.priority)}</td>
                {viewer.contact.primary ? <td data-label={p.openedBy}>{row.openedBy ?? "—"}</td> : null}
                <td data-label={p.responseDue}>{running(row) && !row.firstResponseAt ? dateTime(c, row.responseDueAt, list.timeZone) : "—"}</td>
                <td data-label={p.resolutionDue}>{running(row) ? dateTime(c, row.resolutionDueAt, list.timeZone) : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.pages > 1 ? (
        <nav class="pages" aria-label={p.page(list.page, list.pages)}>
          {list.page > 1 ? <a href={`${BASE}/tickets?page=${list.page - 1}`} rel="prev">{p.previous}</a> : null}
          <span>{p.page(list.page, list.pages)}</span>
          {list.page < list.pages ? <a href={`${BASE}/tickets?page=${list.page + 1}`} rel="next">{p.next}</a> : null}
        </nav>
      ) : null}
    </Layout>,
  );
}

function Entry({ c, e }: { c: PageContext; e: ConversationEntry & { zone: string } }) {
  const p = texts(c).portal.ticket;
  const author = e.from === "team" ? p.team : e.author === c.viewer?.contact.email ? p.you : (e.author ?? "—");
  return (
    <li class={`entry from-${e.from}`}>
      <p class="meta">
        <strong>{author}</strong> · <time dateTime={e.at.toISOString()}>{dateTime(c, e.at, e.zone)}</time>
      </p>
      <div class="body">{e.text}</div>
    </li>
  );
}

export type TicketNotice = { text: string; kind: "info" | "error" } | undefined;

export function ticketPage(c: PageContext, page: TicketPage, notice: TicketNotice, draft = ""): string {
  const t = texts(c);
  const p = t.portal.ticket;
  const l = t.portal.tickets;
  const tk = page.ticket;
  const open = tk.status !== "closed";
  return html(
    <Layout c={c} title={p.title(tk.number, tk.subject)}>
      <h1>{p.title(tk.number, tk.subject)}</h1>
      <Notice text={notice?.text} kind={notice?.kind} />
      <dl class="facts">
        <dt>{l.status}</dt>
        <dd>
          <StatusLabel t={t} row={tk} />
        </dd>
        <dt>{l.priority}</dt>
        <dd>{t.tickets.priority(tk.priority)}</dd>
        <dt>{p.opened}</dt>
        <dd>{dateTime(c, tk.createdAt, page.timeZone)}</dd>
        {!running(tk) || tk.firstResponseAt ? null : (
          <>
            <dt>{l.responseDue}</dt>
            <dd>{dateTime(c, tk.responseDueAt, page.timeZone)}</dd>
          </>
        )}
        {!running(tk) ? null : (
          <>
            <dt>{l.resolutionDue}</dt>
            <dd>{dateTime(c, tk.resolutionDueAt, page.timeZone)}</dd>
          </>
        )}
      </dl>
      <p class="small">{l.timeZone(page.timeZone)}</p>
      <h2>{p.conversation}</h2>
      <ol class="conversation">
        <Entry c={c} e={{ at: tk.createdAt, from: "customer", author: tk.openedBy, text: tk.description, zone: page.timeZone }} />
        {page.conversation.map((e) => (
          <Entry c={c} e={{ ...e, zone: page.timeZone }} />
        ))}
      </ol>
      {open ? (
        <>
          <h2 id="add-message">{p.addMessage}</h2>
          <form method="post" action={`${BASE}/tickets/${tk.number}/messages`} class="stack" aria-labelledby="add-message">
            <Csrf c={c} />
            <label for="body">{p.message}</label>
            <textarea id="body" name="body" rows={6} required maxLength={MAX_MESSAGE_LENGTH}>
              {draft}
            </textarea>
            <button type="submit">{p.send}</button>
          </form>
          {tk.status === "resolved" ? null : (
            <form method="post" action={`${BASE}/tickets/${tk.number}/resolve`} class="stack">
              <Csrf c={c} />
              <p class="small" id="resolve-hint">
                {p.resolveHint}
              </p>
              <button type="submit" class="secondary" aria-describedby="resolve-hint">
                {p.resolve}
              </button>
            </form>
          )}
        </>
      ) : (
        <p>{p.closed}</p>
      )}
    </Layout>,
  );
}

export type NewTicketValues = { subject: string; description: string; priority: TicketPriority };

export function newTicketPage(c: PageContext, values: NewTicketValues, errors: Extract<NewTicketOutcome, { kind: "invalid" }>["errors"] = {}): string {
  const t = texts(c);
  const p = t.portal.newTicket;
  const subjectError = errors.subject === "missing" ? p.missingSubject : errors.subject === "too_long" ? p.tooLong(MAX_SUBJECT_LENGTH) : undefined;
  const descriptionError = errors.description === "missing" ? p.missingDescription : errors.description === "too_long" ? p.tooLong(MAX_DESCRIPTION_LENGTH) : undefined;
  return html(
    <Layout c={c} title={p.title}>
      <h1>{p.title}</h1>
      <form method="post" action={`${BASE}/tickets/new`} class="stack">
        <Csrf c={c} />
        <label for="subject">{p.subject}</label>
        <input id="subject" name="subject" type="text" required maxLength={MAX_SUBJECT_LENGTH} value={values.subject} aria-invalid={subjectError ? "true" : undefined} aria-describedby={subjectError ? "subject-error" : undefined} />
        {subjectError ? (
          <p id="subject-error" class="field-error">
            {subjectError}
          </p>
        ) : null}
        <label for="description">{p.description}</label>
        <p id="description-hint" class="small">
          {p.descriptionHint}
        </p>
        <textarea id="description" name="description" rows={8} required maxLength={MAX_DESCRIPTION_LENGTH} aria-invalid={descriptionError ? "true" : undefined} aria-describedby={descriptionError ? "description-hint description-error" : "description-hint"}>
          {values.description}
        </textarea>
        {descriptionError ? (
          <p id="description-error" class="field-error">
            {descriptionError}
          </p>
        ) : null}
        <label for="priority">{p.priority}</label>
        <select id="priority" name="priority">
          {TICKET_PRIORITIES.map((pr) => (
            <option value={pr} selected={pr === values.priority}>
              {t.tickets.priority(pr)}
            </option>
          ))}
        </select>
        <button type="submit">{p.submit}</button>
      </form>
    </Layout>,
  );
}

export function errorPage(c: PageContext, message: string): string {
  const e = texts(c).portal.errors;
  return html(
    <Layout c={c} title={e.title}>
      <h1>{e.title}</h1>
      <Notice text={message} kind="error" />
      <p>
        <a href={c.viewer ? `${BASE}/tickets` : BASE}>{c.viewer ? texts(c).portal.nav.myTickets : texts(c).portal.signIn.title}</a>
      </p>
    </Layout>,
  );
}
