/**
 * Links to ticket messages for the summary: one chat.getPermalink per ticket shown (the summary
 * shows at most a handful), all at once. The only part of the summary that talks to Slack; the
 * service gets it as a plain function. A failed lookup leaves that ticket without a link.
 */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "@slack/bolt";

export type PermalinkLookup = (channelId: string, messageTs: string) => Promise<string | undefined>;

export function slackPermalinks(client: WebClient, logger: Logger): PermalinkLookup {
  return async (channel, messageTs) => {
    try {
      const res = await client.chat.getPermalink({ channel, message_ts: messageTs });
      return res.permalink;
    } catch (error) {
      logger.warn(`SLA summary: no permalink for message ${messageTs} in ${channel}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
}
