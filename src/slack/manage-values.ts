/**
 * What customer management puts into Slack and reads back: the modals' private_metadata and the
 * values of buttons and menu options, each with one shape parsed with zod at the boundary.
 */
import { z } from "zod";
import { CARD_TABS, type CardTab } from "../services/customers/management.js";
import { decodeMetadata, encodeMetadata } from "./metadata.js";

/**
 * Every customer management modal: the customer (`c`), the contact or contract being edited
 * (`e`), and where the modal was opened from, so that place shows the result after saving:
 * `r` is that message's response_url, replaced (`m: "replace"`, a card) or answered with a new
 * card (`m: "post"`, a list or a command); `ch` is its channel, for chat.postEphemeral when the
 * response_url has expired. `n` is the customer's name for titles.
 */
export const manageMetadata = z.object({
  c: z.string().min(1),
  e: z.string().min(1).optional(),
  r: z.url().optional(),
  m: z.enum(["replace", "post"]).optional(),
  ch: z.string().min(1).optional(),
  n: z.string().max(200).optional(),
});
export type ManageMetadata = z.infer<typeof manageMetadata>;

export const encodeManageMetadata = (m: ManageMetadata) => encodeMetadata(m);
export const decodeManageMetadata = (raw: string | undefined) => decodeMetadata(manageMetadata, raw);

/** `/customer list` paging: the search, the first row shown, archived included. */
const listPage = z.object({ q: z.string().max(200), o: z.number().int().min(0), a: z.boolean() });
export type ListPage = z.infer<typeof listPage>;
export const encodeListPage = (p: ListPage) => JSON.stringify(p);
export function decodeListPage(raw: string | undefined): ListPage | undefined {
  if (!raw) return undefined;
  try {
    const r = listPage.safeParse(JSON.parse(raw));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}

/** Menu options and buttons that act on one record: `op:id`. */
export const LIST_MENU_OPS = ["view", "edit", "add_contact", "add_contract"] as const;
export const PICK_INTENTS = ["show", "edit", "history"] as const;
export const CONTACT_MENU_OPS = ["edit", "permissions", "remove"] as const;
export const CONTRACT_MENU_OPS = ["edit", "make_default", "deactivate", "reactivate"] as const;

export const opValue = (op: string, id: string) => `${op}:${id}`;
export function parseOpValue<O extends string>(ops: readonly O[], raw: string | undefined): { op: O; id: string } | undefined {
  const m = /^([a-z_]+):([A-Za-z0-9-]{1,64})$/.exec(raw ?? "");
  if (!m || !(ops as readonly string[]).includes(m[1] ?? "")) return undefined;
  return { op: m[1] as O, id: m[2] ?? "" };
}

/** A card tab (and page) to show: `tab:customerId:offset`. */
export const tabValue = (tab: CardTab, customerId: string, offset = 0) => `${tab}:${customerId}:${offset}`;
export function parseTabValue(raw: string | undefined): { tab: CardTab; customerId: string; offset: number } | undefined {
  const m = /^([a-z]+):([A-Za-z0-9-]{1,64}):(\d{1,9})$/.exec(raw ?? "");
  const tab = m?.[1] as CardTab | undefined;
  if (!m || !tab || !CARD_TABS.includes(tab)) return undefined;
  return { tab, customerId: m[2] ?? "", offset: Number(m[3]) };
}

/** A bare record id (customer or contact) carried by a button. */
export function parseId(raw: string | undefined): string | undefined {
  return raw && /^[A-Za-z0-9-]{1,64}$/.test(raw) ? raw : undefined;
}
