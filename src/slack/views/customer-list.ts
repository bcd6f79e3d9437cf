/**
 * `/customer list` and the answers of `/customer show|edit|history` when a name matches several
 * customers or none. Messages: at most 50 blocks (a list page is 4 + PAGE_SIZE.list blocks).
 * A row found by something other than its name says what matched ("contact: Jane Roe").
 */
import type { KnownBlock, Overflow, PlainTextOption, SectionBlock } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import type { CustomerListItem, CustomerPage } from "../../repositories/customers.js";
import type { CustomerRef } from "../../repositories/customer-admin.js";
import type { Match, MatchReason } from "../../domain/search.js";
import { ActionId, BlockId } from "../ids.js";
import { LIST_MENU_OPS, encodeListPage, opValue, type ListPage } from "../manage-values.js";
import { actions, button, clip, context, header, message, option, section, SLACK_LIMITS, type SlackMessage } from "./kit.js";

export type Message = SlackMessage;

/** Why a customer matched, in words (plain text: the builders escape it). */
export function reasonText(t: Catalog, reason: MatchReason): string {
  const r = t.search.reason;
  switch (reason.kind) {
    case "domain":
      return r.domain(reason.domain);
    case "business_id":
    case "phone":
    case "fax":
      return r[reason.kind](reason.value);
    case "contact":
      return reason.field === "name" ? r.contact.name(reason.name) : r.contact[reason.field](reason.name, reason.value);
  }
}

/** The reason of a match worth saying: not for name matches, nor for a domain the row shows anyway. */
export function shownReason(match: Match | undefined, shownDomains: readonly string[]): MatchReason | undefined {
  const reason = match?.reason;
  return reason && !(reason.kind === "domain" && shownDomains.includes(reason.domain)) ? reason : undefined;
}

function row(t: Catalog, item: CustomerRef & { domains?: string[]; match?: Match }, blockId: string, accessory: SectionBlock["accessory"]): SectionBlock {
  const domains = !item.domains ? "" : item.domains.length ? `\n${clip(item.domains.join(", "), 300)}` : `\n_${t.manage.list.noDomains}_`;
  const badge = item.archivedAt ? ` · ${t.manage.list.archivedBadge}` : "";
  const reason = shownReason(item.match, item.domains ?? []);
  const why = reason ? `\n_${clip(reasonText(t, reason), 300)}_` : "";
  return { ...section(`*${clip(item.name, 200)}*${badge}${domains}${why}`, blockId), ...(accessory ? { accessory } : {}) };
}

function rowMenu(t: Catalog, item: CustomerListItem): Overflow {
  // An archived customer can only be viewed (and restored from its card).
  const ops = item.archivedAt ? (["view"] as const) : LIST_MENU_OPS;
  return { type: "overflow", action_id: ActionId.customerListMenu, options: ops.map((op) => option(opValue(op, item.id), t.manage.list.menu[op] ?? op)) };
}

export function customerListMessage(t: Catalog, o: { query: string; includeArchived: boolean; page: CustomerPage & { offset: number; limit: number } }): Message {
  const l = t.manage.list;
  const { page } = o;
  const title = o.query ? l.headerMatching(clip(o.query, 100)) : l.header;
  const blocks: KnownBlock[] = [header(title)];
  if (page.items.length === 0) {
    blocks.push(section(l.empty(o.query)));
    return message(title, blocks);
  }
  const more = Boolean(page.truncated);
  blocks.push(context(l.range(page.offset + 1, page.offset + page.items.length, page.total, { archived: o.includeArchived, ranked: Boolean(o.query), more })));
  for (const item of page.items) blocks.push(row(t, item, `${BlockId.customerRowPrefix}${item.id}`, rowMenu(t, item)));
  const nav = (offset: number): ListPage => ({ q: o.query, o: offset, a: o.includeArchived });
  const buttons = [
    ...(page.offset > 0 ? [button(ActionId.customerListPrev, l.previous, { value: encodeListPage(nav(Math.max(0, page.offset - page.limit))) })] : []),
    ...(page.offset + page.items.length < page.total ? [button(ActionId.customerListNext, l.next, { value: encodeListPage(nav(page.offset + page.limit)) })] : []),
  ];
  if (buttons.length) blocks.push(actions(BlockId.customerListNav, buttons));
  if (more) blocks.push(context(l.more));
  return message(title, blocks);
}

export type PickIntent = "show" | "edit" | "history";

/** Several customers match: one button each to go on with the customer meant. */
export function customerPickMessage(t: Catalog, o: { query: string; intent: PickIntent; matches: CustomerListItem[]; total: number }): Message {
  const f = t.manage.find;
  const text = f.several(clip(o.query, 100));
  const blocks: KnownBlock[] = [section(text)];
  for (const m of o.matches) {
    blocks.push(row(t, m, `${BlockId.pickRowPrefix}${m.id}`, button(ActionId.customerPick, f.button[o.intent] ?? f.button.show ?? "", { value: opValue(o.intent, m.id) })));
  }
  if (o.total > o.matches.length) blocks.push(context(f.refine(o.matches.length, o.total, clip(o.query, 100))));
  return message(text, blocks);
}

/** Nothing matches: say so, and offer the closest names. */
export function customerNotFoundMessage(t: Catalog, o: { query: string; intent: PickIntent; suggestions: CustomerRef[] }): Message {
  const f = t.manage.find;
  const text = f.none(clip(o.query, 100));
  const blocks: KnownBlock[] = [section(`${text} ${o.suggestions.length ? f.didYouMean : f.noSuggestions}`)];
  for (const s of o.suggestions) {
    blocks.push(
      row(t, s, `${BlockId.pickRowPrefix}${s.id}`, button(ActionId.customerPick, f.button[o.intent] ?? f.button.show ?? "", { value: opValue(o.intent, s.id) })),
    );
  }
  return message(text, blocks);
}

/**
 * The options of a customer picker (an external_select answering block_suggestion): each
 * customer's id, and its name with why it matched when that was not the name, within Slack's 75
 * characters ("Acme Dental · contact: Jane Roe"). Plain text: nothing to escape.
 */
export function customerOptions(t: Catalog, items: CustomerListItem[]): PlainTextOption[] {
  const max = SLACK_LIMITS.optionText;
  return items.slice(0, SLACK_LIMITS.selectOptions).map((c) => {
    const reason = c.match?.reason ? reasonText(t, c.match.reason) : undefined;
    if (!reason) return option(c.id, c.name);
    const name = clip(c.name, Math.max(24, max - 3 - reason.length));
    return option(c.id, clip(`${name} · ${reason}`, max));
  });
}
