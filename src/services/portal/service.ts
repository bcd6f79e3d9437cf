/**
 * The customer portal's domain (issue 16): sign-in by a one-time link sent by email, sessions kept
 * in the database, a contact's tickets (the primary contact: all of its customer's), a ticket's
 * public conversation, messages, marking resolved, and new tickets. Knows nothing of HTTP or HTML:
 * the handlers (src/http/portal) turn its answers into pages.
 *
 * Sign-in: the same answer whether or not the address is a contact ("sent"), so the page tells
 * nobody who is a contact; every request is recorded, for a contact or not, so the limits per
 * address and per client address hold for any address. The link's token and the session's token
 * are 32 random bytes; only their SHA-256 is stored. The sign-in email is written to the email
 * outbox in the request's transaction and sent by the outbox's sender like every other email.
 *
 * Tickets from the portal: the "tickets only from primary contact" rule governs email only, and a
 * contact marked "no automatic tickets from email" may still open tickets here. A message reopens
 * a resolved ticket and resumes a pending one, as a customer's email reply does.
 */
import { createHash, randomBytes } from "node:crypto";
import { MAX_DESCRIPTION_LENGTH, MAX_SUBJECT_LENGTH, type TicketPriority } from "../../domain/ticket.js";
import { emailKey } from "../../domain/text.js";
import { htmlDocument, newMessageId, textToHtml } from "../../email/outgoing.js";
import type { Catalog } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import type { OutboundEmailRepository } from "../../repositories/outbound-emails.js";
import type { ConversationEntry, PortalContact, PortalRepository, PortalTicketRow, TicketScope } from "../../repositories/portal.js";
import type { TicketNotifier } from "../tickets/notifier.js";
import type { TicketService } from "../tickets/service.js";
import { MAX_REPLY_LENGTH } from "../email-out/outbox.js";

export const SIGN_IN_LINK_MINUTES = 15;
export const SESSION_DAYS = 7;
/** Sign-in links asked for per address and per client address in LIMIT_WINDOW_MINUTES. */
export const LINKS_PER_ADDRESS = 5;
export const LINKS_PER_CLIENT = 20;
export const LIMIT_WINDOW_MINUTES = 15;
export const TICKETS_PER_PAGE = 25;
export const MAX_MESSAGE_LENGTH = MAX_REPLY_LENGTH;
export { MAX_DESCRIPTION_LENGTH, MAX_SUBJECT_LENGTH };

const MINUTE = 60_000;

/** Who is signed in, as the pages need it. */
export type Viewer = { sessionId: string; contact: PortalContact; locale: Locale | null };

export type LinkRequest = { email: string; clientIp: string; locale: Locale };
export type LinkOutcome = "sent" | "limited" | "invalid_email" | "unavailable";

export type SignInOutcome = { kind: "signed_in"; sessionToken: string; expiresAt: Date } | { kind: "invalid" };

export type TicketList = { items: PortalTicketRow[]; total: number; page: number; pages: number; timeZone: string };
export type TicketPage = { ticket: PortalTicketRow & { description: string }; conversation: ConversationEntry[]; timeZone: string };

export type NewTicketInput = { subject: string; description: string; priority: TicketPriority };
export type NewTicketOutcome =
  | { kind: "opened"; number: number }
  | { kind: "invalid"; errors: Partial<Record<"subject" | "description", "missing" | "too_long">> };

export type MessageOutcome = "added" | "empty" | "too_long" | "not_found" | "closed";
export type ResolveOutcome = "resolved" | "already" | "not_found" | "closed";

/** What the portal's handlers call: the whole of the portal's domain. */
export interface Portal {
  /** Sign-in by email is possible (SMTP_URL and EMAIL_FROM set). */
  readonly canSendLinks: boolean;
  requestLink(r: LinkRequest): Promise<LinkOutcome>;
  linkUsable(token: string): Promise<boolean>;
  signIn(token: string, locale: Locale | null): Promise<SignInOutcome>;
  session(token: string): Promise<Viewer | undefined>;
  signOut(token: string): Promise<void>;
  setLocale(viewer: Viewer, locale: Locale): Promise<void>;
  tickets(viewer: Viewer, page: number): Promise<TicketList>;
  ticket(viewer: Viewer, number: number): Promise<TicketPage | undefined>;
  addMessage(viewer: Viewer, number: number, body: string): Promise<MessageOutcome>;
  markResolved(viewer: Viewer, number: number): Promise<ResolveOutcome>;
  openTicket(viewer: Viewer, input: NewTicketInput): Promise<NewTicketOutcome>;
}

type Deps = {
  reads: PortalRepository;
  /** runs work in one transaction with the portal's and the outbox's repositories on it */
  transaction: <T>(work: (repos: { portal: PortalRepository; outbox: OutboundEmailRepository }) => Promise<T>) => Promise<T>;
  tickets: TicketService;
  notifier: TicketNotifier;
  /** the portal's texts in each language (the sign-in email is in the language of the page it was asked from) */
  texts: (locale: Locale) => Catalog["portal"];
  /** the notes in the tickets channel's threads: DEFAULT_LOCALE */
  channelTexts: Catalog["portal"]["slack"];
  /** PORTAL_URL: the links in email start with it */
  portalUrl: string;
  /** EMAIL_FROM, when outbound email is on */
  from: { name: string | null; address: string } | undefined;
  defaultTimeZone: string;
  clock: () => Date;
  /** the outbox's clock (the machine's): when the email is first due */
  outboxNow: () => Date;
  /** an email was written: the sender looks now */
  written: () => void;
};

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");
const newToken = (): string => randomBytes(32).toString("base64url");
/** A token as the app makes them: 43 base64url characters (anything else is refused without a look-up). */
export const isTokenShape = (token: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(token);

const EMAIL_SHAPE = /^[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>"]+$/;

export class PortalService implements Portal {
  constructor(private readonly deps: Deps) {}

  get canSendLinks(): boolean {
    return this.deps.from !== undefined;
  }

  async requestLink(r: LinkRequest): Promise<LinkOutcome> {
    const from = this.deps.from;
    if (!from) return "unavailable";
    const email = r.email.trim();
    if (email.length > 254 || !EMAIL_SHAPE.test(email)) return "invalid_email";
    const key = emailKey(email);
    const now = this.deps.clock();
    const outcome = await this.deps.transaction(async ({ portal, outbox }): Promise<LinkOutcome> => {
      const recent = await portal.recentRequests(key, r.clientIp, new Date(now.getTime() - LIMIT_WINDOW_MINUTES * MINUTE));
      if (recent.forAddress >= LINKS_PER_ADDRESS || recent.fromClient >= LINKS_PER_CLIENT) return "limited";
      const contact = await portal.contactByEmail(key);
      const token = contact ? newToken() : null;
      const id = await portal.recordRequest({
        emailKey: key,
        clientIp: r.clientIp,
        contactId: contact?.id ?? null,
        tokenHash: token ? hashToken(token) : null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGN_IN_LINK_MINUTES * MINUTE),
      });
      if (!contact || !token) return "sent";
      const t = this.deps.texts(r.locale).email;
      const text = t.body(contact.name, `${this.deps.portalUrl}/sign-in/${token}`);
      await outbox.enqueue(
        {
          key: `portal-sign-in:${id}`,
          ticketId: null,
          kind: "sign_in",
          messageId: newMessageId(from.address),
          toEmail: contact.email,
          cc: [],
          subject: t.subject,
          text,
          html: htmlDocument(textToHtml(text)),
          inReplyTo: null,
          references: [],
          automatic: false,
          sentBy: null,
        },
        now,
        this.deps.outboxNow(),
        { checked: true },
      );
      return "sent";
    });
    if (outcome === "sent") this.deps.written();
    return outcome;
  }

  async linkUsable(token: string): Promise<boolean> {
    return isTokenShape(token) && this.deps.reads.signInUsable(hashToken(token), this.deps.clock());
  }

  async signIn(token: string, locale: Locale | null): Promise<SignInOutcome> {
    if (!isTokenShape(token)) return { kind: "invalid" };
    const now = this.deps.clock();
    return this.deps.transaction(async ({ portal }): Promise<SignInOutcome> => {
      const contactId = await portal.useSignIn(hashToken(token), now);
      // An archived customer's contact (archived after the link went out) cannot sign in.
      const contact = contactId ? await portal.contact(contactId) : undefined;
      if (!contact) return { kind: "invalid" };
      const sessionToken = newToken();
      const expiresAt = new Date(now.getTime() + SESSION_DAYS * 24 * 60 * MINUTE);
      await portal.createSession({ tokenHash: hashToken(sessionToken), contactId: contact.id, createdAt: now, expiresAt, locale });
      return { kind: "signed_in", sessionToken, expiresAt };
    });
  }

  async session(token: string): Promise<Viewer | undefined> {
    if (!isTokenShape(token)) return undefined;
    const s = await this.deps.reads.session(hashToken(token), this.deps.clock());
    if (!s) return undefined;
    return { sessionId: s.id, contact: s.contact, locale: s.locale === "it" || s.locale === "en" ? s.locale : null };
  }

  async signOut(token: string): Promise<void> {
    if (isTokenShape(token)) await this.deps.reads.deleteSession(hashToken(token));
  }

  async setLocale(viewer: Viewer, locale: Locale): Promise<void> {
    await this.deps.reads.setSessionLocale(viewer.sessionId, locale);
  }

  async tickets(viewer: Viewer, page: number): Promise<TicketList> {
    const scope = scopeOf(viewer);
    const wanted = Number.isSafeInteger(page) && page > 0 ? page : 1;
    const [{ items, total }, timeZone] = await Promise.all([
      this.deps.reads.tickets(scope, (wanted - 1) * TICKETS_PER_PAGE, TICKETS_PER_PAGE),
      this.timeZone(viewer),
    ]);
    return { items, total, page: wanted, pages: Math.max(1, Math.ceil(total / TICKETS_PER_PAGE)), timeZone };
  }

  async ticket(viewer: Viewer, number: number): Promise<TicketPage | undefined> {
    const ticket = await this.deps.reads.ticket(scopeOf(viewer), number);
    if (!ticket) return undefined;
    const [conversation, timeZone] = await Promise.all([this.deps.reads.conversation(ticket.id), this.timeZone(viewer)]);
    return { ticket, conversation, timeZone };
  }

  async addMessage(viewer: Viewer, number: number, body: string): Promise<MessageOutcome> {
    const text = body.replace(/\r\n?/g, "\n").trim();
    if (!text) return "empty";
    if (text.length > MAX_MESSAGE_LENGTH) return "too_long";
    const ticket = await this.deps.reads.ticket(scopeOf(viewer), number);
    if (!ticket) return "not_found";
    if (ticket.status === "closed") return "closed";
    const c = viewer.contact;
    const result = await this.deps.tickets.comment(ticket.id, { actorEmail: c.email, body: text, fromCustomer: true });
    if (result.kind !== "added") return "not_found";
    const notes = this.deps.channelTexts;
    await this.deps.notifier.changed(result.ticket, result.reopened ? notes.reopened(c.name, c.email, text) : notes.message(c.name, c.email, text));
    return "added";
  }

  async markResolved(viewer: Viewer, number: number): Promise<ResolveOutcome> {
    const ticket = await this.deps.reads.ticket(scopeOf(viewer), number);
    if (!ticket) return "not_found";
    if (ticket.status === "closed") return "closed";
    const c = viewer.contact;
    const result = await this.deps.tickets.resolveByCustomer(ticket.id, c.email);
    if (result.kind === "not_found") return "not_found";
    if (result.kind === "unchanged") return result.reason === "already" ? "already" : "closed";
    await this.deps.notifier.changed(result.ticket, this.deps.channelTexts.resolved(c.name, c.email));
    return "resolved";
  }

  async openTicket(viewer: Viewer, input: NewTicketInput): Promise<NewTicketOutcome> {
    const subject = input.subject.replace(/\s+/g, " ").trim();
    const description = input.description.replace(/\r\n?/g, "\n").trim();
    const errors: Extract<NewTicketOutcome, { kind: "invalid" }>["errors"] = {};
    if (!subject) errors.subject = "missing";
    else if (subject.length > MAX_SUBJECT_LENGTH) errors.subject = "too_long";
    if (!description) errors.description = "missing";
    else if (description.length > MAX_DESCRIPTION_LENGTH) errors.description = "too_long";
    if (errors.subject || errors.description) return { kind: "invalid", errors };
    const c = viewer.contact;
    // The customer's SLA sets the due times (TicketService.open); no primary-only rule here.
    const ticket = await this.deps.tickets.open({
      customerId: c.customerId,
      contactId: c.id,
      subject,
      description,
      priority: input.priority,
      source: "portal",
      requesterEmail: c.email,
      requesterName: c.name,
    });
    await this.deps.notifier.opened(ticket);
    return { kind: "opened", number: ticket.number };
  }

  private async timeZone(viewer: Viewer): Promise<string> {
    return (await this.deps.reads.customerTimeZone(viewer.contact.customerId)) ?? this.deps.defaultTimeZone;
  }
}

function scopeOf(viewer: Viewer): TicketScope {
  return viewer.contact.primary ? { customerId: viewer.contact.customerId } : { customerId: viewer.contact.customerId, contactId: viewer.contact.id };
}
