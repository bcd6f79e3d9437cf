/** Message blocks describing a customer: used for the summary sent after the wizard. */
import type { KnownBlock } from "@slack/types";
import { t } from "../../i18n/en.js";
import type { CustomerCard } from "../../repositories/customers.js";
import { CONTRACT_TYPE_FIELDS, FIELD_COLUMN, isContractType } from "../../domain/contract-types.js";
import { formatCents, formatHours } from "../../domain/money.js";
import { context, fields, header, section } from "./kit.js";

type Contract = CustomerCard["contracts"][number];

export function contractLine(c: Contract): string {
  const type = isContractType(c.type) ? c.type : undefined;
  const parts: string[] = [];
  if (type) {
    for (const f of CONTRACT_TYPE_FIELDS[type]) {
      const value = c[FIELD_COLUMN[f.key]];
      if (value === null || value === undefined) continue;
      const label = f.labelKey ? t.contractLabelOverrides[f.labelKey] : t.contractFields[`contract_${f.key}`]?.label;
      const shown =
        f.kind === "money" ? formatCents(Number(value)) : f.kind === "hours" ? formatHours(Number(value)) : f.kind === "boolean" ? (value ? t.common.yes : t.common.no) : f.kind === "select" ? (t.options[String(value)] ?? String(value)) : String(value);
      parts.push(`${label}: ${shown}`);
    }
  }
  const flags = [c.active ? null : "inactive", c.isDefault ? "default" : null, c.taxable ? "taxable" : null].filter(Boolean);
  const dates = c.startDate || c.endDate ? ` · ${c.startDate?.toISOString().slice(0, 10) ?? "…"} → ${c.endDate?.toISOString().slice(0, 10) ?? "…"}` : "";
  return `*${c.name}* (${type ? t.contractTypes[type] : c.type})${parts.length ? ` — ${parts.join(", ")}` : ""}${flags.length ? ` · ${flags.join(", ")}` : ""}${dates}`;
}

export function customerCreatedMessage(card: CustomerCard, createdBy: string): { text: string; blocks: KnownBlock[] } {
  const f = t.summary.fields;
  const details: string[] = [];
  const add = (label: string, value: string | null | undefined) => {
    if (value) details.push(`*${label}*\n${value}`);
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
  blocks.push(section(`*${f.contract}*\n${card.contracts.length ? card.contracts.map(contractLine).join("\n") : t.summary.noContract}`));
  if (contact) {
    const who = `${contact.firstName} ${contact.lastName} <mailto:${contact.email}|${contact.email}>${contact.jobTitle ? ` — ${contact.jobTitle}` : ""}`;
    blocks.push(section(`*${primary?.id === contact.id ? f.contact : f.contactNotPrimary}*\n${who}`));
  }
  if (card.notes) blocks.push(section(`*${f.notes}*\n${card.notes}`));
  blocks.push(context(t.summary.createdBy(createdBy)));
  return { text: t.summary.header(card.name), blocks };
}
