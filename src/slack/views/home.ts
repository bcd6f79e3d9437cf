/**
 * The App Home tab: (home data, clock) => HomeView. Admins get counts, buttons and recent
 * activity above the customer search; everyone else gets the read-only search. Every list is
 * capped by HomeService, so the view stays well within Slack's 100 blocks (about 45 at most).
 */
import type { HomeView, InputBlock, KnownBlock } from "@slack/types";
import { t } from "../../i18n/en.js";
import { CONTRACT_TYPES } from "../../domain/contract-types.js";
import { HOME_PAGE_SIZE, HOME_QUERY_MAX, type AdminDashboard, type HomeData } from "../../services/home.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { encodeMetadata } from "../metadata.js";
import { actions, button, clip, context, divider, header, plain, section } from "./kit.js";
import { importsList } from "./imports.js";
import { reasonText, shownReason } from "./customer-list.js";

const h = t.home;

export function relativeTime(then: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return h.justNow;
  if (minutes < 60) return h.minutesAgo(minutes);
  if (minutes < 48 * 60) return h.hoursAgo(Math.round(minutes / 60));
  return h.onDate(then.toISOString().slice(0, 10));
}

function dashboardBlocks(d: AdminDashboard, now: Date): KnownBlock[] {
  const c = d.counts;
  const known = CONTRACT_TYPES.filter((type) => (c.contractsByType[type] ?? 0) > 0).map((type) => h.contractPart(t.contractTypes[type], c.contractsByType[type] ?? 0));
  const other = Object.entries(c.contractsByType).filter(([type]) => !(CONTRACT_TYPES as readonly string[]).includes(type));
  const parts = [...known, ...other.map(([type, n]) => h.contractPart(type, n))];
  const blocks: KnownBlock[] = [
    context(h.adminIntro),
    section(`${h.counts(c.customers, c.contacts, c.archivedCustomers)}\n${h.contracts(parts)}\n${h.tickets(c.tickets.open, c.tickets.pending, c.tickets.unassigned)}`),
    actions(BlockId.homeButtons, [
      button(ActionId.homeNewCustomer, h.buttons.newCustomer, { style: "primary" }),
      button(ActionId.homeImport, h.buttons.import),
      button(ActionId.homeTemplates, h.buttons.templates),
      button(ActionId.homeSlas, h.buttons.slas),
      button(ActionId.homeAlertProfiles, h.buttons.alertProfiles),
    ]),
    divider(),
    header(h.recentHeader),
  ];
  const lines = d.recentCustomers.map((r) => h.recentLine(clip(r.name, 150), r.updatedAt.getTime() - r.createdAt.getTime() < 1000, relativeTime(r.updatedAt, now)));
  blocks.push(lines.length ? section(lines.join("\n")) : context(h.recentEmpty));
  blocks.push(...importsList(d.recentImports, now).blocks, divider());
  return blocks;
}

function searchInput(query: string): InputBlock {
  return {
    type: "input",
    block_id: BlockId.homeSearch,
    dispatch_action: true,
    optional: true,
    label: plain(h.search.label),
    hint: plain(h.search.hint),
    element: {
      type: "plain_text_input",
      action_id: ActionId.homeSearch,
      max_length: HOME_QUERY_MAX,
      placeholder: plain(h.search.placeholder),
      dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
      ...(query ? { initial_value: query } : {}),
    },
  };
}

function customerBlocks(data: HomeData): KnownBlock[] {
  const { items, total } = data.customers;
  const blocks: KnownBlock[] = [header(h.customersHeader)];
  if (!data.isAdmin) blocks.push(context(h.readOnly));
  blocks.push(actions(BlockId.homeFind, [button(ActionId.homeFindCustomer, h.buttons.findCustomer)]), searchInput(data.query));
  if (items.length === 0) return [...blocks, section(h.none(data.query))];
  blocks.push(context(h.range(data.offset + 1, data.offset + items.length, total, data.query, Boolean(data.customers.truncated))));
  for (const c of items) {
    const domains = c.domains.slice(0, 5);
    const reason = shownReason(c.match, domains);
    const why = reason ? `\n_${clip(reasonText(reason), 300)}_` : "";
    blocks.push(section(`${h.customerLine(clip(c.name, 200), domains)}${why}`));
  }
  const pager = [
    ...(data.offset > 0 ? [button(`${ActionId.homePage}_prev`, h.previous, { value: String(Math.max(0, data.offset - HOME_PAGE_SIZE)) })] : []),
    ...(data.offset + items.length < total ? [button(`${ActionId.homePage}_next`, h.next, { value: String(data.offset + HOME_PAGE_SIZE) })] : []),
  ];
  if (pager.length) blocks.push(actions(BlockId.homePager, pager));
  return blocks;
}

export function homeView(data: HomeData, now: Date): HomeView {
  return {
    type: "home",
    callback_id: CallbackId.home,
    private_metadata: encodeMetadata({ q: data.query, o: data.offset }),
    blocks: [header(h.header), ...(data.dashboard ? dashboardBlocks(data.dashboard, now) : []), ...customerBlocks(data)],
  };
}
