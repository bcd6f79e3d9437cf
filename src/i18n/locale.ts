/**
 * The app's two languages, and how a Slack locale maps onto them.
 *
 * Slack gives a person's locale only from `users.info` (or `users.list`) called with
 * `include_locale: true`: `it-IT`, `en-GB`, `en-US`, `fr-FR`, … (src/slack/people.ts asks). The
 * rule is simple and stated once, here: a locale starting with `it` is Italian, anything else
 * English. Messages many people read (the tickets channel, a summary posted to a channel, an
 * import thread in a channel) use DEFAULT_LOCALE (src/config.ts).
 */

export const LOCALES = ["en", "it"] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/**
 * The BCP 47 tag each language is formatted with (Intl, luxon): English dates read "30 Nov"
 * (en-GB, unambiguous for every English reader), numbers "1,204"; Italian "30 nov", "1.204".
 */
export const LANGUAGE_TAG: Readonly<Record<Locale, string>> = { en: "en-GB", it: "it-IT" };

/** A Slack `locale` ("it-IT", "en-GB") as the app's language; undefined when Slack gave none. */
export function localeOfSlack(slackLocale: string | null | undefined): Locale | undefined {
  if (typeof slackLocale !== "string" || slackLocale.trim() === "") return undefined;
  return /^it/i.test(slackLocale.trim()) ? "it" : "en";
}
