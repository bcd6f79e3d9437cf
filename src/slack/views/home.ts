/**
 * The App Home tab: (home data, clock) => HomeView. Admins get counts, buttons and recent
 * activity above the customer search; everyone else gets the read-only search. Every list is
 * capped by HomeService, so the view stays well within Slack's 100 blocks (about 45 at most).
 */
import type { HomeView, InputBlock, KnownBlock } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import { CONTRACT_TYPES } from "../../domain/contract-types.js";
import { HOME_PAGE_SIZE, HOME_QUERY_MAX, type AdminDashboard, type HomeData } from "../../services/home.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeMetadata } from "../metadata.js";
import { actions, button, clip, context, divider, header, plain, section } from "./kit.js";
import { importsList } from "./imports.js";
import { reasonText, shownReason } from "./customer-list.js";


export function relativeTime(t: Catalog, then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return t.home.justNow;
  if (minutes < 60) return t.home.minutesAgo(minutes);
  if (minutes < 48 * 60) return t.home.hoursAgo(Math.round(minutes / 60));
  return t.home.onDate(t.format.day(then));
}

function dashboardBlocks(t: Catalog, d: AdminDashboard, now: Date): KnownBlock[] {
  const c = d.counts;
  const known = CONTRACT_TYPES.filter((type) => (c.contractsByType[type] ?? 0) > 0).map((type) => t.home.contractPart(t.contractTypes[type], c.contractsByType[type] ?? 0));
  const other = Object.entries(c.contractsByType).filter(([type]) => !(CONTRACT_TYPES as readonly string[]).includes(type));
  const parts = [...known, ...other.map(([type, n]) => t.home.contractPart(type, n))];
  const blocks: KnownBlock[] = [
    context(t.home.adminIntro),
    section(`${t.home.counts(c.customers, c.contacts, c.archivedCustomers)}\n${t.home.contracts(parts)}\n${t.home.tickets(c.tickets.open, c.tickets.pending, c.tickets.unassigned)}`),
    actions(BlockId.homeButtons, [
      button(ActionId.homeNewCustomer, t.home.buttons.newCustomer, { style: "primary" }),
      button(ActionId.homeImport, t.home.buttons.import),
      button(ActionId.homeTemplates, t.home.buttons.templates),
      button(ActionId.homeSlas, t.home.buttons.slas),
      button(ActionId.homeAlertProfiles, t.home.buttons.alertProfiles),
    ]),
    divider(),
    header(t.home.recentHeader),
  ];
  const lines = d.recentCustomers.map((r) => t.home.recentLine(clip(r.name, 150), r.updatedAt.getTime() - r.createdAt.getTime() < 1000, relativeTime(t, r.updatedAt, now)));
  blocks.push(lines.length ? section(lines.join("\n")) : context(t.home.recentEmpty));
  blocks.push(...importsList(t, d.recentImports, now).blocks, divider());
  return blocks;
}

function searchInput(t: Catalog, query: string): InputBlock {
  return {
    type: "input",
    block_id: BlockId.homeSearch,
    dispatch_action: true,
    optional: true,
    label: plain(t.home.search.label),
    hint: plain(t.home.search.hint),
    element: {
      type: "plain_text_input",
      action_id: ActionId.homeSearch,
      max_length: HOME_QUERY_MAX,
      placeholder: plain(t.home.search.placeholder),
      dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
      ...(query ? { initial_value: query } : {}),
    },
  };
}

function customerBlocks(t: Catalog, data: HomeData): KnownBlock[] {
  const { items, total } = data.customers;
  const blocks: KnownBlock[] = [header(t.home.customersHeader)];
  if (!data.isAdmin) blocks.push(context(t.home.readOnly));
  blocks.push(actions(BlockId.homeFind, [button(ActionId.homeFindCustomer, t.home.buttons.findCustomer)]), searchInput(t, data.query));
  if (items.length === 0) return [...blocks, section(t.home.none(data.query))];
  blocks.push(context(t.home.range(data.offset + 1, data.offset + items.length, total, data.query, Boolean(data.customers.truncated))));
  for (const c of items) {
    const domains = c.domains.slice(0, 5);
    const reason = shownReason(c.match, domains);
    const why = reason ? `\n_${clip(reasonText(t, reason), 300)}_` : "";
    blocks.push(section(`${t.home.customerLine(clip(c.name, 200), domains)}${why}`));
  }
  const pager = [
    ...(data.offset > 0 ? [button(`${ActionId.homePage}_prev`, t.home.previous, { value: String(Math.max(0, data.offset - HOME_PAGE_SIZE)) })] : []),
    ...(data.offset + items.length < total ? [button(`${ActionId.homePage}_next`, t.home.next, { value: String(data.offset + HOME_PAGE_SIZE) })] : []),
  ];
  if (pager.length) blocks.push(actions(BlockId.homePager, pager));
  return blocks;
}

/** `portalUrl`: the customer portal is on (PORTAL_URL): the view links it under the header. */
export function homeView(t: Catalog, data: HomeData, now: Date, o: { portalUrl?: string | undefined } = {}): HomeView {
  return {
    type: "home",
    callback_id: CallbackId.home,
    private_metadata: encodeMetadata({ q: data.query, o: data.offset }),
    blocks: [header(t.home.header), ...(o.portalUrl ? [context(t.portal.slack.homeLink(o.portalUrl))] : []), ...(data.dashboard ? dashboardBlocks(t, data.dashboard, now) : []), ...customerBlocks(t, data)],
  };
}
