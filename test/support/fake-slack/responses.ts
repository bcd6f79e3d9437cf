/**
 * response_url endpoints and how Slack applies what an app posts to them (or puts in the body of a
 * slash command's ack): an ephemeral reply by default, `response_type: "in_channel"` posts in the
 * channel, `replace_original` / `delete_original` act on the message that was clicked.
 */
import { checkMessageBlocks, formatProblem } from "./block-kit-limits.js";
import { SlackApiError } from "./errors.js";
import { slackId } from "./ids.js";
import { isObject, objects, str, type JsonObject } from "./json.js";
import type { MessageContent, MessageStore, StoredEphemeral } from "./messages.js";

/** Slack: a response_url can be used up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

export interface ResponseContext {
  userId: string;
  channelId: string;
  /** The message whose button was clicked, for replace_original / delete_original. */
  messageTs?: string;
  isEphemeral?: boolean;
  threadTs?: string;
}

export type ResponseOutcome = "ephemeral" | "in_channel" | "replaced" | "deleted" | "rejected";

export interface ResponseDelivery {
  outcome: ResponseOutcome;
  error?: string;
  problems?: string[];
}

export interface ResponseUrlPost extends ResponseDelivery {
  responseUrlId: string;
  context: ResponseContext;
  body: unknown;
  time: number;
}

interface Registered {
  context: ResponseContext;
  createdAt: number;
  uses: number;
}

export class ResponseUrls {
  private readonly registered = new Map<string, Registered>();
  readonly posts: ResponseUrlPost[] = [];

  create(context: ResponseContext, now: number): string {
    const id = slackId("R");
    this.registered.set(id, { context, createdAt: now, uses: 0 });
    return id;
  }

  context(id: string): ResponseContext | undefined {
    return this.registered.get(id)?.context;
  }

  /** Count one use, or throw Slack's refusal. */
  use(id: string, now: number): ResponseContext {
    const entry = this.registered.get(id);
    if (entry === undefined) throw new SlackApiError("invalid_url", [`unknown response_url ${id}`]);
    if (now - entry.createdAt > RESPONSE_URL_LIFETIME_MS) throw new SlackApiError("expired_url");
    if (entry.uses >= RESPONSE_URL_MAX_USES) {
      throw new SlackApiError("used_url", [`a response_url can be used ${RESPONSE_URL_MAX_USES} times`]);
    }
    entry.uses += 1;
    return entry.context;
  }

  reset(): void {
    this.registered.clear();
    this.posts.length = 0;
  }
}

/** Apply a response body the way Slack does; never throws, the outcome says what happened. */
export function deliverResponse(
  messages: MessageStore,
  context: ResponseContext,
  body: unknown,
  source: StoredEphemeral["source"],
): ResponseDelivery {
  const payload: JsonObject | undefined = typeof body === "string" ? { text: body } : isObject(body) ? body : undefined;
  if (payload === undefined) return { outcome: "rejected", error: "invalid_payload" };

  if (payload.blocks !== undefined) {
    const problems = checkMessageBlocks(payload.blocks);
    if (problems.length > 0) return { outcome: "rejected", error: "invalid_blocks", problems: problems.map(formatProblem) };
  }
  const content: MessageContent = {};
  const text = str(payload, "text");
  if (text !== undefined) content.text = text;
  if (Array.isArray(payload.blocks)) content.blocks = objects(payload, "blocks");
  if (Array.isArray(payload.attachments)) content.attachments = payload.attachments;

  const target = context.messageTs;
  if (payload.delete_original === true && target !== undefined) {
    if (context.isEphemeral) messages.deleteEphemeral(target);
    else if (messages.find(context.channelId, target) !== undefined) messages.delete(context.channelId, target);
    return { outcome: "deleted" };
  }
  if (content.text === undefined && content.blocks === undefined && content.attachments === undefined) {
    return { outcome: "rejected", error: "no_text" };
  }
  if (payload.replace_original === true && target !== undefined) {
    try {
      if (context.isEphemeral) messages.replaceEphemeral(target, content);
      else messages.update(context.channelId, target, content);
    } catch (error) {
      if (error instanceof SlackApiError) return { outcome: "rejected", error: error.code, problems: [...error.messages] };
      throw error;
    }
    return { outcome: "replaced" };
  }
  const threadTs = str(payload, "thread_ts") ?? context.threadTs;
  if (payload.response_type === "in_channel") {
    messages.postAsApp(context.channelId, content, threadTs);
    return { outcome: "in_channel" };
  }
  messages.postEphemeral({
    channel: context.channelId,
    user: context.userId,
    ...content,
    ...(threadTs === undefined ? {} : { threadTs }),
    source,
  });
  return { outcome: "ephemeral" };
}
