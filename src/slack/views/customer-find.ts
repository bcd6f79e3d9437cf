/**
 * App Home's Find a customer modal: a customer picker (an external_select whose options come from
 * the customer search, block_suggestion), and once one is chosen its overview, read-only. The
 * picker is in an actions block, so choosing sends block_actions at once and the modal needs no
 * submit button. At most ~20 blocks, far below a modal's 100.
 */
import type { ActionsBlock, KnownBlock, ModalView } from "@slack/types";
import type { Catalog } from "../../i18n/catalog.js";
import type { CustomerCardData } from "../../services/customers/management.js";
import { ActionId, BlockId, CallbackId } from "../ids.js";
import { customerOverviewBlocks } from "./customer-card.js";
import { slackDate } from "./customer-format.js";
import { clip, context, divider, header, option, plain, section } from "./kit.js";

export type FindScreen = { found?: Extract<CustomerCardData, { tab: "overview" }>; notice?: string };

function picker(t: Catalog, chosen?: { id: string; name: string }): ActionsBlock {
  return {
    type: "actions",
    block_id: BlockId.customerFindPick,
    elements: [
      {
        type: "external_select",
        action_id: ActionId.customerFindPick,
        min_query_length: 1,
        placeholder: plain(t.find.placeholder),
        ...(chosen ? { initial_option: option(chosen.id, chosen.name) } : {}),
      },
    ],
  };
}

export function customerFindModal(t: Catalog, s: FindScreen = {}): ModalView {
  const f = t.find;
  const c = s.found?.customer;
  const blocks: KnownBlock[] = [section(f.intro), picker(t, c ? { id: c.id, name: c.name } : undefined)];
  if (s.notice) blocks.push(context(s.notice));
  if (s.found && c) {
    blocks.push(divider(), header(c.name));
    if (c.archivedAt) blocks.push(section(t.manage.card.archived(slackDate(c.archivedAt))));
    blocks.push(...customerOverviewBlocks(t, s.found), context(f.showCard(clip(c.name, 200))));
  }
  return { type: "modal", callback_id: CallbackId.customerFind, title: plain(f.title), close: plain(f.close), blocks };
}
