/**
 * The one catalog type, and the catalog of each language.
 *
 * `Catalog` is the English catalog's shape with its strings widened to `string`: every key is
 * required in every language (a missing one does not compile), and every text that takes values
 * is a function whose parameters are typed, so a placeholder cannot be forgotten or given the
 * wrong thing. A listener picks the reader's catalog (src/slack/people.ts) and hands it to the
 * views and services it calls; nothing below a listener picks a language.
 */
import { en, type EnglishCatalog } from "./en.js";
import { it } from "./it.js";
import { isLocale, LANGUAGE_TAG, type Locale } from "./locale.js";
import { Mrkdwn } from "./mrkdwn.js";
import { DEFAULT_CURRENCY, formatMoney } from "../domain/money.js";

/** A catalog's value as every language may write it: text widened to string, shapes kept. */
export type Widen<T> = T extends string
  ? string
  : T extends boolean
    ? boolean
    : T extends Mrkdwn
    ? Mrkdwn
    : T extends (...args: infer A) => infer R
      ? (...args: A) => Widen<R>
      : T extends readonly (infer U)[]
        ? readonly Widen<U>[]
        : T extends object
          ? { readonly [K in keyof T]: Widen<T[K]> }
          : T;

export type Catalog = Widen<EnglishCatalog>;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, it };

const bound = new Map<string, Catalog>();

/**
 * A language's catalog with money in the app's currency (CURRENCY, an ISO 4217 code): the one
 * setting a catalog takes besides its language, so every view that writes money (t.format.money)
 * writes it the same way without being handed the currency.
 */
export function catalogFor(locale: Locale, currency: string = DEFAULT_CURRENCY): Catalog {
  const base = CATALOGS[locale];
  if (currency === DEFAULT_CURRENCY) return base;
  const key = `${locale}:${currency}`;
  let t = bound.get(key);
  if (!t) {
    t = { ...base, format: { ...base.format, money: (cents: number) => formatMoney(cents, LANGUAGE_TAG[locale], currency) } };
    bound.set(key, t);
  }
  return t;
}

/** A reader's language: its catalog and the tag its numbers and dates are formatted with. */
export type Reader = { readonly locale: Locale; readonly t: Catalog; readonly tag: string };

export function readerFor(locale: Locale, currency: string = DEFAULT_CURRENCY): Reader {
  return { locale, t: catalogFor(locale, currency), tag: LANGUAGE_TAG[locale] };
}

/** The parts of a catalog some views take alone. */
export type TicketTexts = Catalog["tickets"];
export type SummaryTexts = Catalog["slaSummary"];
export type TrendTexts = Catalog["trend"];
export type OutTexts = Catalog["tickets"]["emailOut"];

/** What a customer reads in the app's emails: the automatic messages, a reply's "Re:", a mention Slack could not name. */
export type CustomerEmailTexts = { readonly locale: Locale; readonly auto: Catalog["customerEmail"]; readonly replyPrefix: string; readonly someone: string };

/**
 * The texts of a customer's emails in the customer's language (Customer.language), else
 * `fallback` (DEFAULT_LOCALE): the language is the customer's data, stored with it, so the
 * services that write emails take it from the ticket and hand it here.
 */
export function customerEmailTexts(language: string | null | undefined, fallback: Locale): CustomerEmailTexts {
  const locale = typeof language === "string" && isLocale(language) ? language : fallback;
  const t = CATALOGS[locale];
  return { locale, auto: t.customerEmail, replyPrefix: t.tickets.emailOut.replyPrefix, someone: t.tickets.emailOut.someone };
}
