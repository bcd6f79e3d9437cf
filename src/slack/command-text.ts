/**
 * What people type after a slash command and into search boxes, bounded where it enters the app.
 *
 * Every search and name lookup costs work that grows with what was typed (a name that matches
 * nothing is tried again with shorter prefixes, one query each: `/ticket list` followed by 40,000
 * characters ran for over a minute), so the text is measured before anything else reads it:
 *   - a command's whole text (after `/customer`, `/ticket`, `/sla`) is at most MAX_COMMAND_TEXT
 *     characters, checked before it is even split into words;
 *   - a search or a customer, SLA or profile name given to a subcommand is at most MAX_QUERY
 *     characters, the longest name the app stores (LIMITS.name);
 *   - what is typed into a picker's search box is cut to MAX_QUERY (a picker has no place for a
 *     message; nothing longer can match a stored name anyway).
 */
import { LIMITS } from "../domain/limits.js";
import type { Catalog } from "../i18n/catalog.js";

/** The longest text a slash command takes after its name. */
export const MAX_COMMAND_TEXT = 300;
/** The longest search, or name of a customer, SLA or alert profile, typed anywhere. */
export const MAX_QUERY = LIMITS.name;

/** Why a command's text is refused before it is read (it is too long), or undefined. */
export function commandTextProblem(t: Catalog, command: string, text: string): string | undefined {
  return text.length > MAX_COMMAND_TEXT ? t.common.commandTooLong(command, text.length, MAX_COMMAND_TEXT) : undefined;
}

/** Why a search or a name given to a subcommand is refused (too long), or undefined. */
export function queryProblem(t: Catalog, query: string): string | undefined {
  return query.length > MAX_QUERY ? t.common.queryTooLong(MAX_QUERY) : undefined;
}

/** What was typed into a picker's search box, trimmed and cut to MAX_QUERY characters. */
export function boundedQuery(typed: string | undefined): string {
  return (typed ?? "").trim().slice(0, MAX_QUERY);
}
