/**
 * Seeding for the SLA, alert profile and App Home tests: customers (with contacts and contracts)
 * written straight to the database, and block_actions a person could not produce from what they
 * see (a stale or forged click), to prove the app checks rights on every action.
 */
import type { Db } from "../../src/db/client.js";
import type { FakeSlack, SlackView } from "./fake-slack/index.js";
import type { JsonObject } from "./fake-slack/json.js";
import type { SlackDriver } from "./slack-driver.js";
import { messageBlockActionsPayload, slackNowTs, viewBlockActionsPayload, type AppContext } from "./slack-payloads.js";

export async function defaults(db: Db) {
  const sla = await db.sla.findFirstOrThrow({ where: { isDefault: true } });
  const profile = await db.alertThresholdProfile.findFirstOrThrow({ where: { isDefault: true } });
  return { sla, profile };
}

/** Customers named `${prefix} 001`... with a domain each; `slaId` / `alertProfileId` default to the defaults. */
export async function seedCustomers(
  db: Db,
  n: number,
  o: { prefix?: string; slaId?: string; alertProfileId?: string; archived?: boolean; createdAt?: Date } = {},
): Promise<string[]> {
  const d = await defaults(db);
  const prefix = o.prefix ?? "Customer";
  const ids: string[] = [];
  const rows = Array.from({ length: n }, (_, i) => {
    const name = `${prefix} ${String(i + 1).padStart(3, "0")}`;
    const id = crypto.randomUUID();
    ids.push(id);
    return {
      id,
      name,
      nameKey: name.toLowerCase(),
      slaId: o.slaId ?? d.sla.id,
      alertProfileId: o.alertProfileId ?? d.profile.id,
      createdBy: "U0SEED0001",
      archivedAt: o.archived ? new Date() : null,
      ...(o.createdAt ? { createdAt: o.createdAt, updatedAt: o.createdAt } : {}),
    };
  });
  for (let i = 0; i < rows.length; i += 200) await db.customer.createMany({ data: rows.slice(i, i + 200) });
  await db.customerDomain.createMany({
    data: rows.map((r) => ({ customerId: r.id, domain: `${r.nameKey.replace(/[^a-z0-9]+/g, "-")}.example.com` })),
  });
  return ids;
}

export async function addContact(db: Db, customerId: string, email: string) {
  return db.contact.create({ data: { customerId, firstName: "Pat", lastName: "Doe", email, emailKey: email, createdBy: "U0SEED0001" } });
}

export async function addContract(db: Db, customerId: string, type: string) {
  return db.contract.create({ data: { customerId, name: `${type} contract`, type, createdBy: "U0SEED0001" } });
}

function appContext(slack: FakeSlack): AppContext {
  return { teamId: slack.teamId, teamDomain: slack.teamDomain, apiAppId: slack.appId, botUserId: slack.botUserId, verificationToken: "fake-verification-token" };
}

function buttonAction(actionId: string, value: string, blockId: string): JsonObject {
  return { type: "button", action_id: actionId, block_id: blockId, value, text: { type: "plain_text", text: actionId }, action_ts: slackNowTs() };
}

/** A click on a button that is not in the person's view (e.g. an admin button clicked after losing admin rights). */
export function forgedViewClick(slack: FakeSlack, driver: SlackDriver, view: SlackView, userId: string, actionId: string, value = "", blockId = "forged") {
  const payload = viewBlockActionsPayload(appContext(slack), { id: userId, name: userId.toLowerCase() }, view, [buttonAction(actionId, value, blockId)], slack.issueTriggerId(userId));
  return driver.blockActions(payload);
}

/** The same, on a message in a channel: Slack adds a response_url for the app's answer. */
export function forgedMessageClick(slack: FakeSlack, driver: SlackDriver, channelId: string, userId: string, actionId: string, value: string) {
  const responseUrl = slack.createResponseUrl({ userId, channelId });
  const payload = messageBlockActionsPayload(appContext(slack), { id: userId, name: userId.toLowerCase() }, {
    channelId,
    channelName: channelId.toLowerCase(),
    messageTs: slackNowTs(),
    isEphemeral: true,
    actions: [buttonAction(actionId, value, "forged")],
    responseUrl,
    triggerId: slack.issueTriggerId(userId),
  });
  return driver.blockActions(payload);
}
