/** Message blocks describing a customer: the summary sent after the wizard, and the customer card of /customer show. */
import type { Button, KnownBlock, Overflow } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import type { CustomerCard } from "../../repositories/customers.js";
import { CONTRACT_TYPE_FIELDS, FIELD_COLUMN, isContractType } from "../../domain/contract-types.js";
import type { CardTab, CustomerCardData, HistoryItem, Paged } from "../../services/customers/management.js";
import { ActionId, BlockId } from "../ids.js";
import { CONTACT_MENU_OPS, opValue, tabValue } from "../manage-values.js";
import { actions, button, context, fields, header, joinMd, mailto, md, message, mrkdwn, option, plain, section, type Mrkdwn, type SlackMessage } from "./kit.js";
import { changeLines, slackDate } from "./customer-format.js";

type Contract = CustomerCard["contracts"][number];

export function contractLine(t: Catalog, c: Contract): Mrkdwn {
  const type = isContractType(c.type) ? c.type : undefined;
  const parts: string[] = [];
  if (type) {
    for (const f of CONTRACT_TYPE_FIELDS[type]) {
      const value = c[FIELD_COLUMN[f.key]];
      if (value === null || value === undefined) continue;
      const label = f.labelKey ? t.contractLabelOverrides[f.labelKey] : t.contractFields[`contract_${f.key}`]?.label;
      const shown =
        f.kind === "money" ? t.format.money(Number(value)) : f.kind === "hours" ? t.format.hours(Number(value)) : f.kind === "boolean" ? (value ? t.common.yes : t.common.no) : f.kind === "select" ? (t.options[String(value)] ?? String(value)) : String(value);
      parts.push(`${label}: ${shown}`);
    }
  }
  const flags = [c.active ? null : t.summary.flags.inactive, c.isDefault ? t.summary.flags.default : null, c.taxable ? t.summary.flags.taxable : null].filter(Boolean);
  // calendar days (stored at midnight UTC), written for the reader: "1 Jan 2027" · "1 gen 2027"
  const dates = c.startDate || c.endDate ? ` · ${c.startDate ? t.format.day(c.startDate) : "…"} → ${c.endDate ? t.format.day(c.endDate) : "…"}` : "";
  return md`*${c.name}* (${type ? t.contractTypes[type] : c.type})${parts.length ? ` — ${parts.join(", ")}` : ""}${flags.length ? ` · ${flags.join(", ")}` : ""}${dates}`;
}

export function customerCreatedMessage(t: Catalog, card: CustomerCard, createdBy: string): SlackMessage {
  const f = t.summary.fields;
  const details: Mrkdwn[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) details.push(md`*${label}*\n${value}`);
  };
  add(f.domains, card.domains.map((d) => d.domain).join(", "));
  add(f.rank, card.rank);
  add(f.businessId, card.businessId);
  add(f.phone, card.phone);
  add(f.fax, card.fax);
  add(f.address, [card.address, card.zip, card.city, card.state, card.country].filter(Boolean).join(", "));
  add(f.sla, card.sla.name);
  add(f.alertProfile, card.alertProfile.name);
  const contact = card.contacts[0];
  const primary = card.primaryContact;
  const blocks: KnownBlock[] = [header(t.summary.header(card.name))];
  if (details.length) blocks.push(fields(details.slice(0, 10)));
  blocks.push(section(md`*${f.contract}*\n${card.contracts.length ? joinMd(card.contracts.map((k) => contractLine(t, k)), "\n") : t.summary.noContract}`));
  if (contact) {
    const who = md`${`${contact.firstName} ${contact.lastName}`} ${mailto(contact.email)}${contact.jobTitle ? ` — ${contact.jobTitle}` : ""}`;
    blocks.push(section(md`*${primary?.id === contact.id ? f.contact : f.contactNotPrimary}*\n${who}`));
  }
  if (card.notes) blocks.push(section(md`*${f.notes}*\n${card.notes}`));
  blocks.push(context(t.summary.createdBy(createdBy)));
  return message(t.summary.header(card.name), blocks);
}

// ---- The customer card of /customer show: an ephemeral message with tabs ------------------------
// Overview, Contacts, Contracts and History replace the message in place (replace_original).
// Blocks: at most 7 + PAGE_SIZE.contacts (27) on the largest tab, under Slack's 50.

const TAB_ORDER: readonly CardTab[] = ["overview", "contacts", "contracts", "history"];

function tabButtons(t: Catalog, data: CustomerCardData): KnownBlock {
  const c = data.customer;
  const tabs = t.manage.card.tabs;
  const label: Record<CardTab, string> = {
    overview: tabs.overview,
    contacts: tabs.contacts(c._count.contacts),
    contracts: tabs.contracts(c._count.contracts),
    history: tabs.history,
  };
  return actions(
    BlockId.customerTabs,
    TAB_ORDER.map((tab) => button(`${ActionId.customerTabPrefix}${tab}`, label[tab], { value: tabValue(tab, c.id, 0), ...(tab === data.tab ? { style: "primary" as const } : {}) })),
  );
}

function pager(t: Catalog, data: { customerId: string; tab: CardTab; offset: number; limit: number; shown: number; total: number }, extra: Button[] = []): KnownBlock[] {
  const l = t.manage.card;
  const buttons: Button[] = [
    ...(data.offset > 0 ? [button(ActionId.customerPagePrev, l.previous, { value: tabValue(data.tab, data.customerId, Math.max(0, data.offset - data.limit)) })] : []),
    ...(data.offset + data.shown < data.total ? [button(ActionId.customerPageNext, l.next, { value: tabValue(data.tab, data.customerId, data.offset + data.limit) })] : []),
    ...extra,
  ];
  return buttons.length ? [actions(BlockId.customerPager, buttons)] : [];
}

const fullName = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;
const contactSummary = (p: { firstName: string; lastName: string; email: string }) => md`${fullName(p)} ${mailto(p.email)}`;

function overviewBlocks(t: Catalog, data: Extract<CustomerCardData, { tab: "overview" }>): KnownBlock[] {
  const c = data.customer;
  const l = t.manage.card;
  const f = l.fields;
  const details: Mrkdwn[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) details.push(md`*${label}*\n${value}`);
  };
  add(f.domains, c.domains.map((d) => d.domain).join(", "));
  add(f.rank, c.rank);
  add(f.businessId, c.businessId);
  add(f.phone, c.phone);
  add(f.fax, c.fax);
  add(f.address, [c.address, c.zip, c.city, c.state, c.country].filter(Boolean).join(", "));
  add(f.sla, c.sla.name);
  add(f.alertProfile, c.alertProfile.name);
  const blocks: KnownBlock[] = [fields(details.slice(0, 10))];
  const warn = c.ticketsOnlyFromPrimary && !c.primaryContactId ? `\n${l.securityNoPrimary}` : "";
  blocks.push(section(`*${l.securityHeading}*\n${l.securityLine(c.ticketsOnlyFromPrimary)}${warn}`), context(l.securityHelp));
  const lines = data.contracts.map((k) => contractLine(t, k));
  const more = c._count.contracts > data.contracts.length ? `\n${l.moreContracts(c._count.contracts - data.contracts.length)}` : "";
  blocks.push(section(md`*${l.contractsHeading}*\n${lines.length ? joinMd(lines, "\n") : l.noContracts}${more}`));
  const people = data.contacts.map((p) => md`• ${contactSummary(p)}${p.id === c.primaryContactId ? ` · ${l.contacts.primaryBadge}` : ""}`);
  const morePeople = c._count.contacts > data.contacts.length ? `\n${l.moreContacts(c._count.contacts - data.contacts.length)}` : "";
  const noPrimary = c.primaryContactId ? "" : `\n${l.noPrimary}`;
  blocks.push(section(md`*${l.contactsHeading}*\n${people.length ? joinMd(people, "\n") : l.contacts.none}${morePeople}${noPrimary}`));
  blocks.push(section(`*${l.ticketsHeading}*\n${l.ticketsLine(data.tickets.open, data.tickets.pending, c.name)}`));
  if (c.notes) blocks.push(section(`*${l.notesHeading}*\n${c.notes}`));
  blocks.push(context(l.created(c.createdBy, slackDate(c.createdAt))));
  const b = l.buttons;
  if (c.archivedAt) {
    blocks.push(actions(BlockId.customerManage, [button(ActionId.customerRestore, b.restore, { value: c.id, style: "primary" })]));
  } else {
    const confirm = l.archiveConfirm;
    const archive: Button = {
      ...button(ActionId.customerArchive, b.archive, { value: c.id, style: "danger" }),
      confirm: { title: plain(confirm.title), text: mrkdwn(confirm.text(c.name)), confirm: plain(confirm.confirm), deny: plain(confirm.deny), style: "danger" },
    };
    blocks.push(
      actions(BlockId.customerManage, [
        button(ActionId.customerEdit, b.edit, { value: c.id }),
        button(ActionId.customerAddContact, b.addContact, { value: c.id }),
        button(ActionId.customerAddContract, b.addContract, { value: c.id }),
        button(ActionId.customerSla, b.sla, { value: c.id }),
        button(ActionId.customerSecurity, b.security, { value: c.id }),
        archive,
      ]),
    );
  }
  return blocks;
}

/** The overview without its buttons, for a place that shows a customer but cannot change it (App Home's Find a customer). */
export function customerOverviewBlocks(t: Catalog, data: Extract<CustomerCardData, { tab: "overview" }>): KnownBlock[] {
  return overviewBlocks(t, data).filter((b) => !(b.type === "actions" && b.block_id === BlockId.customerManage));
}

/** `portal`: the customer portal is on, so each contact shows whether and when it last signed in there. */
function contactsBlocks(t: Catalog, data: Extract<CustomerCardData, { tab: "contacts" }>, portalOn = false): KnownBlock[] {
  const c = data.customer;
  const l = t.manage.card;
  const page = data.contacts;
  const blocks: KnownBlock[] = [];
  if (page.items.length === 0) blocks.push(section(l.contacts.none));
  else blocks.push(context(l.range(page.offset + 1, page.offset + page.items.length, page.total)));
  for (const p of page.items) {
    const primary = c.primaryContactId === p.id ? ` · ${l.contacts.primaryBadge}` : "";
    const extra = [p.phone, p.mobile, p.jobTitle, p.department].filter((x): x is string => Boolean(x));
    const portal = !portalOn ? "" : p.portalSignInAt ? md`\n${t.portal.slack.signedIn(slackDate(p.portalSignInAt))}` : md`\n${t.portal.slack.neverSignedIn}`;
    const text = md`*${fullName(p)}*${primary}\n${joinMd([mailto(p.email), ...extra], " · ")}${portal}`;
    const menu: Overflow = {
      type: "overflow",
      action_id: ActionId.contactMenu,
      options: CONTACT_MENU_OPS.map((op) => option(opValue(op, p.id), l.contacts.menu[op] ?? op)),
    };
    blocks.push({ ...section(text, `${BlockId.contactRowPrefix}${p.id}`), ...(c.archivedAt ? {} : { accessory: menu }) });
  }
  const add = c.archivedAt ? [] : [button(ActionId.customerAddContact, l.buttons.addContact, { value: c.id })];
  blocks.push(...pager(t, { customerId: c.id, tab: "contacts", offset: page.offset, limit: page.limit, shown: page.items.length, total: page.total }, add));
  return blocks;
}

function contractsBlocks(t: Catalog, data: Extract<CustomerCardData, { tab: "contracts" }>): KnownBlock[] {
  const c = data.customer;
  const l = t.manage.card;
  const page = data.contracts;
  const blocks: KnownBlock[] = [];
  if (page.items.length === 0) blocks.push(section(l.contracts.none));
  else blocks.push(context(l.range(page.offset + 1, page.offset + page.items.length, page.total)));
  for (const k of page.items) {
    const ops = ["edit", ...(k.active && !k.isDefault ? ["make_default"] : []), k.active ? "deactivate" : "reactivate"] as const;
    const menu: Overflow = { type: "overflow", action_id: ActionId.contractMenu, options: ops.map((op) => option(opValue(op, k.id), l.contracts.menu[op] ?? op)) };
    blocks.push({ ...section(contractLine(t, k), `${BlockId.contractRowPrefix}${k.id}`), ...(c.archivedAt ? {} : { accessory: menu }) });
  }
  const add = c.archivedAt ? [] : [button(ActionId.customerAddContract, l.buttons.addContract, { value: c.id })];
  blocks.push(...pager(t, { customerId: c.id, tab: "contracts", offset: page.offset, limit: page.limit, shown: page.items.length, total: page.total }, add));
  return blocks;
}

/** The history of a customer, newest first: who, when, and each field before → after. */
export function historyBlocks(t: Catalog, customerId: string, page: Paged<HistoryItem>): KnownBlock[] {
  const l = t.manage.card;
  const h = t.manage.history;
  const blocks: KnownBlock[] = [];
  if (page.items.length === 0) blocks.push(section(l.historyNone));
  else blocks.push(context(l.range(page.offset + 1, page.offset + page.items.length, page.total)));
  for (const e of page.items) {
    const title = h.line(slackDate(e.at), e.actorId, e.label, h.action[e.action] ?? e.action);
    blocks.push(section(joinMd([title, ...changeLines(t, e.changes)], "\n")));
  }
  blocks.push(...pager(t, { customerId, tab: "history", offset: page.offset, limit: page.limit, shown: page.items.length, total: page.total }));
  return blocks;
}

export function customerCardMessage(t: Catalog, data: CustomerCardData, o: { notice?: string; portal?: boolean } = {}): SlackMessage {
  const c = data.customer;
  const blocks: KnownBlock[] = [header(c.name)];
  if (c.archivedAt) blocks.push(section(t.manage.card.archived(slackDate(c.archivedAt))));
  if (o.notice) blocks.push(section(o.notice, BlockId.customerNotice));
  blocks.push(tabButtons(t, data));
  switch (data.tab) {
    case "overview":
      blocks.push(...overviewBlocks(t, data));
      break;
    case "contacts":
      blocks.push(...contactsBlocks(t, data, o.portal));
      break;
    case "contracts":
      blocks.push(...contractsBlocks(t, data));
      break;
    case "history":
      blocks.push(...historyBlocks(t, c.id, data.history));
      break;
  }
  return message(o.notice ? `${c.name}: ${o.notice}` : c.name, blocks);
}
