/**
 * Posts rendered charts in a conversation with files.uploadV2 (files.getUploadURLExternal, the
 * bytes to the upload URL, files.completeUploadExternal): one message with every chart, each with
 * its alt text. Used by the scheduled SLA summary (each DM and the channel) and by `/sla summary`
 * and `/sla trend` (the asker's DM with the app, since files cannot be ephemeral).
 */
import type { WebClient } from "@slack/web-api";
import type { ChartFile } from "../charts/sla-charts.js";
import { slackText, type Text } from "./views/kit.js";

/** `comment` is the message's text (mrkdwn): a customer's name in it is escaped like any text. */
export async function uploadCharts(client: WebClient, channelId: string, files: readonly ChartFile[], comment: Text): Promise<void> {
  const [first, ...rest] = files;
  if (!first) return;
  await client.files.uploadV2({
    channel_id: channelId,
    initial_comment: slackText(comment),
    file_uploads: [first, ...rest].map((f) => ({ file: f.png, filename: f.filename, title: f.title, alt_text: f.altText })),
  });
}

/** The app's DM with a person (conversations.open), where their charts go. */
export async function dmChannel(client: WebClient, userId: string): Promise<string> {
  const dm = await client.conversations.open({ users: userId });
  const id = dm.channel?.id;
  if (!id) throw new Error("conversations.open returned no channel");
  return id;
}
