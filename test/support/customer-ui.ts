/**
 * What a person sees and does with the customer list and card in the fake Slack: run a command or
 * click, then read the ephemeral message the app posted or replaced through the response_url.
 */
import type { ResponseUrlPost, StoredEphemeral, ViewValues } from "./fake-slack/index.js";
import type { JsonObject } from "./fake-slack/json.js";
import { CHANNEL, eventually, type TestApp } from "./app-harness.js";

export type Shown = { message: StoredEphemeral; outcome: string; text: string };

/** Everything a person reads in a message: its text and every text in its blocks. */
export function visibleText(m: { text?: string; blocks?: JsonObject[] }): string {
  const out: string[] = [m.text ?? ""];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== "text" || typeof x !== "string") walk(x);
    }
  };
  walk(m.blocks ?? []);
  return out.join("\n");
}

/** The response_url post number `index` (0-based), once the app has made it. */
export async function nextPost(app: TestApp, index: number): Promise<ResponseUrlPost> {
  const post = await eventually(() => app.slack.responseUrlPosts()[index], `response_url post #${index + 1}\n${app.slack.describeCalls()}`);
  if (!post) throw new Error("unreachable: eventually() returned nothing");
  return post;
}

/** Runs something that answers through a response_url, and returns the message as the person now sees it. */
export async function answerTo(app: TestApp, run: () => Promise<{ status: number }>): Promise<Shown> {
  const before = app.slack.responseUrlPosts().length;
  const res = await run();
  if (res.status !== 200) throw new Error(`The app answered HTTP ${res.status}`);
  const post = await nextPost(app, before);
  if (post.outcome === "rejected") throw new Error(`Slack refused the answer: ${post.error} ${(post.problems ?? []).join("; ")}`);
  const message =
    post.outcome === "replaced" && post.context.messageTs
      ? app.slack.findEphemeral(post.context.messageTs)
      : app.slack.ephemerals(post.context.userId).at(-1);
  if (!message) throw new Error(`No ephemeral message after a ${post.outcome} answer`);
  return { message, outcome: post.outcome, text: visibleText(message) };
}

export function command(app: TestApp, userId: string, text: string): Promise<Shown> {
  return answerTo(app, () => app.driver.command("/customer", text, { userId, channelId: CHANNEL }));
}

export function click(app: TestApp, userId: string, shown: Shown, actionId: string, opts: { blockId?: string; value?: string } = {}): Promise<Shown> {
  return answerTo(app, () => app.driver.clickMessageButton(shown.message.channel, shown.message.messageTs, actionId, { userId, ...opts }));
}

export function menu(app: TestApp, userId: string, shown: Shown, blockId: string, actionId: string, value: string): Promise<Shown> {
  return answerTo(app, () => app.driver.messageOverflow(shown.message.channel, shown.message.messageTs, blockId, actionId, value, { userId }));
}

/** Blocks of a message, typed loosely for assertions. */
export type Block = {
  type: string;
  block_id?: string;
  text?: { text: string };
  fields?: { text: string }[];
  accessory?: { type: string; action_id?: string; options?: { value: string; text: { text: string } }[]; value?: string };
  elements?: { type: string; action_id?: string; value?: string; text?: { text: string }; style?: string; confirm?: unknown }[];
  element?: { action_id?: string; initial_value?: string; initial_option?: { value: string }; initial_options?: { value: string }[]; type?: string };
};
export const blocksOf = (m: { blocks?: unknown }) => (m.blocks ?? []) as Block[];
export const buttonsOf = (m: { blocks?: unknown }) => blocksOf(m).flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : b.accessory?.type === "button" ? [b.accessory] : []));
export const button = (m: { blocks?: unknown }, actionId: string) => buttonsOf(m).find((e) => e.action_id === actionId);

/**
 * Submits a modal that saves and closes (the test fails otherwise, with the errors shown), and
 * answers the card as the app refreshed it through the response_url it was opened from.
 */
export async function saveModal(app: TestApp, userId: string, viewId: string, values: ViewValues = {}): Promise<Shown> {
  const before = app.slack.responseUrlPosts().length;
  const r = await app.driver.submitView(viewId, { userId, values });
  if (r.outcome !== "closed") throw new Error(`The modal did not close: ${r.outcome} ${JSON.stringify(r.errors ?? r.view?.blocks ?? "")}`);
  const post = await nextPost(app, before);
  if (post.outcome === "rejected") throw new Error(`Slack refused the card: ${post.error} ${(post.problems ?? []).join("; ")}`);
  const message = post.outcome === "replaced" && post.context.messageTs ? app.slack.findEphemeral(post.context.messageTs) : app.slack.ephemerals(userId).at(-1);
  if (!message) throw new Error("No card after saving");
  return { message, outcome: post.outcome, text: visibleText(message) };
}
