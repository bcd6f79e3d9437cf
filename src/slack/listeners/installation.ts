/**
 * Slack telling the app it is gone: app_uninstalled (removed from the workspace) and
 * tokens_revoked (its bot token revoked; revoked user tokens do not concern it, it uses none).
 * The installation is marked revoked (SlackInstallation): the scheduled summaries and every call
 * to Slack stop, one line is logged, and a restart with the same token is refused.
 */
import type { App } from "@slack/bolt";
import { installationText } from "../../i18n/startup.js";
import type { RevocationEvent } from "../../services/installation.js";
import type { SlackDeps } from "../context.js";

export function registerInstallation(app: App, deps: SlackDeps): void {
  const revoke = async (event: RevocationEvent, teamId: string | undefined) => {
    const team = teamId ?? "?";
    if (await deps.installation.revoke(event, team)) deps.logger.warn(installationText.revoked(event, team));
  };

  app.event("app_uninstalled", async ({ body }) => {
    await revoke("app_uninstalled", body.team_id);
  });

  app.event("tokens_revoked", async ({ event, body }) => {
    const bots = event.tokens?.bot ?? [];
    if (bots.length === 0) return; // only user tokens were revoked; the app acts with its bot token alone
    await revoke("tokens_revoked", body.team_id);
  });
}
