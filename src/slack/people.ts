/**
 * Who a Slack user is, as far as the app needs: their workspace role (for AdminPolicy) and their
 * language. Both come from one `users.info` call with `include_locale: true` (Slack sends
 * `locale` only when asked so), cached briefly: a burst of clicks costs one call, and users.info's
 * limit (~100 a minute) is not spent on every request. A person whose locale Slack does not give,
 * or a lookup that fails, reads DEFAULT_LOCALE.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "@slack/bolt";
import { readerFor, type Reader } from "../i18n/catalog.js";
import { localeOfSlack, type Locale } from "../i18n/locale.js";
import type { WorkspaceRole } from "../services/admin-policy.js";

/**
 * `name`: how the person is named to others (real name, else display name or handle), e.g. in an
 * email's "@Ada Lovelace"; `email`: their Slack profile's address ("" when Slack gives none);
 * `isBot`: a bot or app user.
 */
export type SlackPerson = WorkspaceRole & { locale: Locale | undefined; name?: string; email?: string; isBot?: boolean };

/**
 * How long an answer of users.info is kept, in each instance: a language or role changed in Slack
 * shows on every instance within this time (AdminPolicy keeps no cache of its own on top).
 */
export const PERSON_TTL_MS = 5 * 60_000;

export class People {
  private readonly cache = new Map<string, { person: Promise<SlackPerson>; until: number }>();
  readonly defaultReader: Reader;

  constructor(
    private readonly deps: {
      lookup: (userId: string) => Promise<SlackPerson>;
      defaultLocale: Locale;
      /** the app's currency (CURRENCY): money in every reader's catalog */
      currency?: string;
      logger: Logger;
      clock?: () => number;
      ttlMs?: number;
    },
  ) {
    this.defaultReader = readerFor(deps.defaultLocale, deps.currency);
  }

  /** users.info once per person per few minutes; a failed lookup is not kept. */
  person(userId: string): Promise<SlackPerson> {
    const now = (this.deps.clock ?? Date.now)();
    const hit = this.cache.get(userId);
    if (hit && hit.until > now) return hit.person;
    const person = this.deps.lookup(userId);
    this.cache.set(userId, { person, until: now + (this.deps.ttlMs ?? PERSON_TTL_MS) });
    person.catch(() => this.cache.delete(userId));
    if (this.cache.size > 5_000) this.cache.delete(this.cache.keys().next().value ?? "");
    return person;
  }

  /**
   * The language of what is posted in a conversation: a direct message is read by the person in
   * it (`userId`), a channel by many, in DEFAULT_LOCALE.
   */
  async readerIn(channelId: string, userId: string | undefined): Promise<Reader> {
    return channelId.startsWith("D") ? this.reader(userId) : this.defaultReader;
  }

  /** The language a person reads: their Slack locale, else DEFAULT_LOCALE (also when Slack cannot say). */
  async reader(userId: string | undefined): Promise<Reader> {
    if (!userId) return this.defaultReader;
    try {
      const { locale } = await this.person(userId);
      return locale ? readerFor(locale, this.deps.currency) : this.defaultReader;
    } catch (error) {
      this.deps.logger.warn(`users.info for ${userId} failed; answering in DEFAULT_LOCALE`, error);
      return this.defaultReader;
    }
  }
}

/** Slack's users.info, asked for the locale. */
export function slackPersonLookup(client: WebClient): (userId: string) => Promise<SlackPerson> {
  return async (userId) => {
    const res = await client.users.info({ user: userId, include_locale: true });
    const user = res.user;
    const name = user?.profile?.real_name || user?.real_name || user?.profile?.display_name || user?.name;
    return {
      isAdmin: Boolean(user?.is_admin),
      isOwner: Boolean(user?.is_owner || user?.is_primary_owner),
      locale: localeOfSlack(user?.locale),
      ...(name ? { name } : {}),
      email: user?.profile?.email ?? "",
      isBot: Boolean(user?.is_bot),
    };
  };
}
