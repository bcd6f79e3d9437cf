/**
 * The App Home tab: published on app_home_opened, re-published on search and paging. Admin
 * buttons: New customer (the onboarding wizard), Import (the template offer in a DM), Download
 * templates (both CSV files in a DM), SLAs and Alert profiles (the list modals).
 */
import type { App, BlockAction, ButtonAction, PlainTextInputAction } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Catalog } from "../../i18n/catalog.js";
import { contactsTemplateCsv, customersTemplateCsv } from "../../import/templates.js";
import type { SlackDeps } from "../context.js";
import { ActionId } from "../ids.js";
import { decodeMetadata, homeMetadata } from "../metadata.js";
import { actionKey } from "../request-keys.js";
import { homeView } from "../views/home.js";
import { slackText } from "../views/kit.js";
import { templateComment, templateOffer } from "../views/imports.js";
import { noticeView, wizardView } from "../views/wizard.js";
import { alertProfileSpec } from "./alert-profiles.js";
import { slaSpec } from "./sla-command.js";

type Ack = () => Promise<void>;
type ButtonArgs = { ack: Ack; body: BlockAction<ButtonAction>; action: ButtonAction; client: WebClient };
type AdminArgs = ButtonArgs & { t: Catalog };

async function dmChannel(client: WebClient, userId: string): Promise<string> {
  return (await client.conversations.open({ users: userId })).channel?.id ?? userId;
}

export function registerAppHome(app: App, deps: SlackDeps): void {
  const publish = async (client: WebClient, userId: string, o: { query?: string; offset?: number }) => {
    const { t } = await deps.people.reader(userId);
    const data = await deps.home.home({ isAdmin: await deps.admins.isAdmin(userId), ...o });
    await client.views.publish({ user_id: userId, view: homeView(t, data, deps.clock(), { portalUrl: deps.portalUrl }) });
  };

  // Failures are answered by src/slack/failures.ts: a small window over Home, or a DM.
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab && event.tab !== "home") return; // the Messages tab needs nothing
    // Reopening keeps the search the person left (it lives in the published view).
    const meta = decodeMetadata(homeMetadata, event.view?.private_metadata);
    await publish(client, event.user, meta ? { query: meta.q, offset: meta.o } : {});
  });

  app.action<BlockAction<PlainTextInputAction>>(ActionId.homeSearch, async ({ ack, body, action, client }) => {
    await ack();
    await publish(client, body.user.id, { query: action.value ?? "", offset: 0 });
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ActionId.homePage}_`), async ({ ack, body, action, client }) => {
    await ack();
    const meta = decodeMetadata(homeMetadata, body.view?.private_metadata);
    await publish(client, body.user.id, { query: meta?.q ?? "", offset: Number(action.value) || 0 });
  });

  /** An admin-only Home button; anyone else gets a small modal saying why (Home has no place for a reply). */
  const adminButton = (can: (t: Catalog) => string, run: (a: AdminArgs) => Promise<void>) => async (a: ButtonArgs) => {
    await a.ack();
    const { t } = await deps.people.reader(a.body.user.id);
    if (!(await deps.admins.isAdmin(a.body.user.id))) {
      return void (await a.client.views.open({ trigger_id: a.body.trigger_id, view: noticeView(t, t.home.refusedTitle, t.admin.onlyAdmins(can(t))) }));
    }
    // One wizard draft, one DM, one pair of templates per click: a replayed click does nothing.
    await deps.claims.once(actionKey(a.body, a.action), () => run({ ...a, t }));
  };

  app.action<BlockAction<ButtonAction>>(
    ActionId.homeNewCustomer,
    adminButton((t) => t.admin.createCustomers, async ({ body, client, t }) => {
      const screen = await deps.onboarding.start(body.user.id, undefined, undefined, deps.clock());
      await client.views.open({ trigger_id: body.trigger_id, view: wizardView(t, screen) });
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ActionId.homeImport,
    adminButton((t) => t.imports.onlyAdminsImport, async ({ body, client, t }) => {
      await client.chat.postMessage({ channel: await dmChannel(client, body.user.id), ...templateOffer(t) });
    }),
  );

  app.action<BlockAction<ButtonAction>>(
    ActionId.homeTemplates,
    adminButton((t) => t.imports.onlyAdminsImport, async ({ body, client, t }) => {
      const channel = await dmChannel(client, body.user.id);
      const { locale } = await deps.people.reader(body.user.id);
      const contents = { customers: customersTemplateCsv(await deps.templateNames(), locale), contacts: contactsTemplateCsv(locale) };
      for (const kind of ["customers", "contacts"] as const) {
        await client.files.uploadV2({
          channel_id: channel,
          filename: t.imports.templateFileName(kind),
          title: t.imports.templateTitle(kind),
          file: Buffer.from(contents[kind], "utf8"),
          initial_comment: slackText(templateComment(t, locale, kind)),
        });
      }
    }),
  );

  // The lists are open to everyone (their buttons are for admins), like /sla list.
  const listButton = (spec: (t: Catalog) => ReturnType<typeof slaSpec>) => async ({ ack, body, client }: ButtonArgs) => {
    await ack();
    const { t } = await deps.people.reader(body.user.id);
    await client.views.open({ trigger_id: body.trigger_id, view: await spec(t).listModal(await deps.admins.isAdmin(body.user.id)) });
  };
  app.action<BlockAction<ButtonAction>>(ActionId.homeSlas, listButton((t) => slaSpec(deps, t)));
  app.action<BlockAction<ButtonAction>>(ActionId.homeAlertProfiles, listButton((t) => alertProfileSpec(deps, t)));
}
