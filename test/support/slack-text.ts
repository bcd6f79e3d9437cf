/**
 * The texts of what the app sent to the fake Slack, split by how Slack reads them: `mrkdwn` (mrkdwn
 * text objects, a message's fallback `text`, a file's `initial_comment`: Slack parses `<…>` and
 * `&` there) and `plain` (plain_text objects, shown as written). For tests that outside text never
 * becomes a mention or a link.
 */
import type { FakeSlack } from "./fake-slack/index.js";

export type SlackTexts = { mrkdwn: string[]; plain: string[] };

function walk(value: unknown, out: SlackTexts, topLevel: boolean): void {
  if (Array.isArray(value)) return value.forEach((v) => walk(v, out, false));
  if (!value || typeof value !== "object") return;
  const o = value as Record<string, unknown>;
  if (typeof o.text === "string") {
    if (o.type === "plain_text") out.plain.push(o.text);
    else if (o.type === "mrkdwn" || topLevel) out.mrkdwn.push(o.text);
  }
  for (const key of ["initial_comment", "initialComment"]) if (typeof o[key] === "string") out.mrkdwn.push(o[key] as string);
  for (const [key, v] of Object.entries(o)) if (key !== "text" || typeof v !== "string") walk(v, out, false);
}

/** Every text in the Web API calls and response_url posts the app made since `since` calls/posts. */
export function sentTexts(slack: FakeSlack, since: { calls: number; posts: number } = { calls: 0, posts: 0 }): SlackTexts {
  const out: SlackTexts = { mrkdwn: [], plain: [] };
  for (const call of slack.calls.slice(since.calls)) walk(call.args, out, true);
  for (const post of slack.responseUrlPosts().slice(since.posts)) walk(post.body, out, true);
  for (const upload of slack.uploads()) if (upload.initialComment) out.mrkdwn.push(upload.initialComment);
  return out;
}

/** Where the app is now, to read only what it sends from here on. */
export function mark(slack: FakeSlack): { calls: number; posts: number } {
  return { calls: slack.calls.length, posts: slack.responseUrlPosts().length };
}

/** The control sequences a hostile text tries to smuggle in, as Slack would read them unescaped. */
export const INJECTED = ["<!channel>", "<!here>", "<!everyone>", "<@U0EVIL0001>", "<https://evil.example"];

/** The mrkdwn texts holding an injected sequence raw: each would notify, mention or link. */
export function leaks(texts: SlackTexts): string[] {
  return texts.mrkdwn.filter((t) => INJECTED.some((bad) => t.includes(bad)));
}

/** The address part of every mailto link in the mrkdwn texts. */
export function mailtoTargets(texts: SlackTexts): string[] {
  return texts.mrkdwn.flatMap((t) => [...t.matchAll(/<mailto:([^|>]*)\|/g)].map((m) => m[1]!));
}
