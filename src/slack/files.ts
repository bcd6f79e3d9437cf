/**
 * Downloads a file someone shared in Slack: `url_private_download` with the bot token. Slack
 * answers a failed authentication with HTTP 200 and an HTML page, so the content type is checked.
 */
import { Readable } from "node:stream";
import { ImportSourceError } from "../services/import/service.js";

export type SlackFileInfo = {
  id: string;
  name?: string;
  filetype?: string;
  mimetype?: string;
  size?: number;
  url_private_download?: string;
  url_private?: string;
  shares?: { public?: Record<string, { ts: string; thread_ts?: string }[]>; private?: Record<string, { ts: string; thread_ts?: string }[]> };
};

/** Slack would not give us the file; its outcome says why, for the person who uploaded it. */
export class SlackFileError extends ImportSourceError {
  override readonly name = "SlackFileError";
}

export async function openSlackFile(file: SlackFileInfo, botToken: string): Promise<AsyncIterable<Uint8Array>> {
  const url = file.url_private_download ?? file.url_private;
  if (!url) throw new SlackFileError({ code: "not_downloadable" });
  const res = await fetch(url, { headers: { Authorization: `Bearer ${botToken}` }, redirect: "follow" });
  if (!res.ok || !res.body) throw new SlackFileError({ code: "download_failed", status: res.status });
  if ((res.headers.get("content-type") ?? "").toLowerCase().includes("text/html")) {
    await res.body.cancel();
    throw new SlackFileError({ code: "not_downloadable" });
  }
  return Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>);
}
