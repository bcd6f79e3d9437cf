/**
 * The Web API methods the fake implements. Each handler gets the parsed arguments (JSON-string
 * arguments already decoded) and answers the success body without `ok`, or throws SlackApiError.
 */
import { checkMessageBlocks, toSlackMessages } from "./block-kit-limits.js";
import { SlackApiError } from "./errors.js";
import { isObject, objects, str, type JsonObject } from "./json.js";
import type { MessageContent } from "./messages.js";
import { toSlackUser } from "./users.js";
import { ALT_TEXT_MAX } from "./files.js";
import type { StoredView } from "./views.js";
import type { Workspace } from "./workspace.js";

export type MethodHandler = (args: JsonObject, ws: Workspace) => JsonObject;

/** Slack's limit on a message's text (chat.postMessage answers msg_too_long above it); applied to a file share's initial_comment. */
export const MESSAGE_TEXT_MAX = 40_000;

function required(args: JsonObject, key: string): string {
  const value = str(args, key);
  if (value === undefined || value === "") {
    throw new SlackApiError("invalid_arguments", [`[ERROR] missing required field: ${key}`]);
  }
  return value;
}

function requiredChannel(args: JsonObject, key = "channel"): string {
  const channel = str(args, key);
  if (channel === undefined || channel === "") throw new SlackApiError("channel_not_found", [`missing ${key}`]);
  return channel;
}

/** Form values arrive as strings: `"true"` is true. */
function flag(args: JsonObject, key: string): boolean {
  return args[key] === true || args[key] === "true" || args[key] === "1";
}

/** text / blocks / attachments / metadata of a chat.* call, with blocks checked against Slack's limits. */
function messageContent(args: JsonObject): MessageContent {
  const content: MessageContent = {};
  const text = str(args, "text");
  if (text !== undefined) content.text = text;
  if (args.blocks !== undefined) {
    if (typeof args.blocks === "string") throw new SlackApiError("invalid_blocks_format", ["blocks is not valid JSON"]);
    const problems = checkMessageBlocks(args.blocks);
    if (problems.length > 0) throw new SlackApiError("invalid_blocks", toSlackMessages(problems, ""));
    content.blocks = objects(args, "blocks");
  }
  if (Array.isArray(args.attachments)) content.attachments = args.attachments;
  if (isObject(args.metadata)) content.metadata = args.metadata;
  return content;
}

function isEmptyContent(content: MessageContent): boolean {
  return (
    (content.text === undefined || content.text === "") &&
    (content.blocks === undefined || content.blocks.length === 0) &&
    (content.attachments === undefined || content.attachments.length === 0)
  );
}

function viewArgument(args: JsonObject): JsonObject {
  const view = args.view;
  if (view === undefined) throw new SlackApiError("invalid_arguments", ["[ERROR] missing required field: view"]);
  if (!isObject(view)) throw new SlackApiError("invalid_arguments", ["[ERROR] view must be a JSON object"]);
  return view;
}

function viewResponse(ws: Workspace, view: StoredView): JsonObject {
  return { view: ws.views.toSlack(view, "typed") };
}

function permalink(ws: Workspace, channel: string, ts: string, threadTs?: string): string {
  const base = `https://${ws.config.teamDomain}.slack.com/archives/${channel}/p${ts.replace(".", "")}`;
  return threadTs === undefined ? base : `${base}?thread_ts=${threadTs}&cid=${channel}`;
}

export const WEB_API_METHODS: Readonly<Record<string, MethodHandler>> = {
  "auth.test": (_args, ws) => ({
    url: `https://${ws.config.teamDomain}.slack.com/`,
    team: ws.config.teamName,
    user: "fake-app",
    team_id: ws.config.teamId,
    user_id: ws.config.botUserId,
    bot_id: ws.config.botId,
    is_enterprise_install: false,
  }),

  // Socket Mode: the WebSocket URL to connect to (this fake serves no WebSocket; a client that
  // connects fails there, after the token was accepted).
  "apps.connections.open": (_args, ws) => ({ url: `${ws.baseUrl.replace(/^http/, "ws")}socket-mode` }),

  "users.info": (args, ws) => {
    const id = required(args, "user");
    const user = ws.users.get(id);
    if (user === undefined) throw new SlackApiError("user_not_found", [`no user ${id}; add it with addUser()`]);
    return { user: toSlackUser(user, ws.config.teamId, flag(args, "include_locale"), ws.clock.now()) };
  },

  "conversations.info": (args, ws) => {
    const id = required(args, "channel");
    const name = ws.channelNames.get(id);
    if (name === undefined) throw new SlackApiError("channel_not_found", [`no channel ${id}; name it with addChannel()`]);
    return { channel: { id, name, is_channel: id.startsWith("C"), is_private: id.startsWith("G") } };
  },

  "conversations.open": (args, ws) => {
    const channel = str(args, "channel");
    if (channel !== undefined) return { no_op: true, already_open: true, channel: { id: channel } };
    const users = (str(args, "users") ?? "").split(",").map((u) => u.trim()).filter((u) => u !== "");
    const first = users[0];
    if (first === undefined) throw new SlackApiError("users_list_not_supplied");
    const id = users.length === 1 ? ws.users.dmChannel(first) : ws.users.groupDmChannel(users);
    return { no_op: false, already_open: false, channel: { id } };
  },

  "chat.postMessage": (args, ws) => {
    const channel = ws.resolveChannel(requiredChannel(args));
    ws.checkPostable(channel);
    const content = messageContent(args);
    if (isEmptyContent(content)) throw new SlackApiError("no_text", ["chat.postMessage needs text, blocks or attachments"]);
    const message = ws.messages.postAsApp(channel, content, str(args, "thread_ts"), flag(args, "reply_broadcast"));
    ws.messages.countPost(channel);
    return { channel, ts: message.ts, message: ws.messages.toSlack(message) };
  },

  "chat.postEphemeral": (args, ws) => {
    const channel = ws.resolveChannel(requiredChannel(args));
    const user = required(args, "user");
    const content = messageContent(args);
    if (isEmptyContent(content)) throw new SlackApiError("no_text", ["chat.postEphemeral needs text, blocks or attachments"]);
    const threadTs = str(args, "thread_ts");
    const entry = ws.messages.postEphemeral({
      channel,
      user,
      ...content,
      ...(threadTs === undefined ? {} : { threadTs }),
      source: "chat.postEphemeral",
    });
    return { message_ts: entry.messageTs };
  },

  "chat.update": (args, ws) => {
    const channel = ws.resolveChannel(requiredChannel(args));
    ws.checkPostable(channel);
    const ts = required(args, "ts");
    const content = messageContent(args);
    if (isEmptyContent(content)) throw new SlackApiError("no_text", ["chat.update needs text, blocks or attachments"]);
    const message = ws.messages.update(channel, ts, content);
    return { channel, ts, text: message.text ?? "", message: ws.messages.toSlack(message) };
  },

  "chat.delete": (args, ws) => {
    const channel = ws.resolveChannel(requiredChannel(args));
    const ts = required(args, "ts");
    const message = ws.messages.find(channel, ts);
    if (message === undefined) throw new SlackApiError("message_not_found");
    if (message.postedBy !== "app") throw new SlackApiError("cant_delete_message");
    ws.messages.delete(channel, ts);
    return { channel, ts };
  },

  // Lenient on purpose: a permalink is answered for any ts (the message may predate the test).
  "chat.getPermalink": (args, ws) => {
    const channel = ws.resolveChannel(requiredChannel(args));
    const ts = required(args, "message_ts");
    const threadTs = ws.messages.find(channel, ts)?.threadTs;
    return { channel, permalink: permalink(ws, channel, ts, threadTs !== ts ? threadTs : undefined) };
  },

  "views.open": (args, ws) => {
    const view = viewArgument(args);
    const userId = ws.triggers.exchange(str(args, "trigger_id") ?? str(args, "interactivity_pointer"));
    return viewResponse(ws, ws.views.open(userId, view));
  },

  "views.push": (args, ws) => {
    const view = viewArgument(args);
    const userId = ws.triggers.exchange(str(args, "trigger_id") ?? str(args, "interactivity_pointer"));
    return viewResponse(ws, ws.views.push(userId, view));
  },

  "views.update": (args, ws) => {
    const view = viewArgument(args);
    const viewId = str(args, "view_id");
    const externalId = str(args, "external_id");
    if (viewId === undefined && externalId === undefined) {
      throw new SlackApiError("invalid_arguments", ["[ERROR] view_id or external_id is required"]);
    }
    const target = viewId !== undefined ? ws.views.get(viewId) : ws.views.byExternalId(externalId ?? "");
    if (target === undefined || !target.open) throw new SlackApiError("not_found", [`no open view ${viewId ?? externalId}`]);
    return viewResponse(ws, ws.views.update(target, view, str(args, "hash")));
  },

  "views.publish": (args, ws) => {
    const userId = required(args, "user_id");
    return viewResponse(ws, ws.views.publish(userId, viewArgument(args), str(args, "hash")));
  },

  "files.info": (args, ws) => {
    const id = required(args, "file");
    const file = ws.files.get(id);
    if (file === undefined) throw new SlackApiError("file_not_found");
    return {
      file: ws.files.toSlack(file, ws.baseUrl, ws.config.teamId, ws.config.teamDomain),
      comments: [],
      response_metadata: { next_cursor: "" },
    };
  },

  "files.getUploadURLExternal": (args, ws) => {
    const filename = required(args, "filename");
    const length = Number(args.length);
    // Slack: "missing_argument ... Typically only occurs when the length provided is 0."
    if (!Number.isInteger(length) || length <= 0) throw new SlackApiError("missing_argument", ["length must be > 0"]);
    // Slack's argument is alt_txt; @slack/web-api 8's files.uploadV2 sends it as alt_text. Either is taken.
    const altText = str(args, "alt_txt") ?? str(args, "alt_text");
    if (altText !== undefined && altText.length > ALT_TEXT_MAX) {
      throw new SlackApiError("alt_txt_too_large", [`alt text is ${altText.length} characters; the limit is ${ALT_TEXT_MAX}`]);
    }
    const { fileId, uploadKey } = ws.files.startUpload(filename, length, altText);
    return { upload_url: `${ws.baseUrl}upload/v1/${uploadKey}`, file_id: fileId };
  },

  "files.completeUploadExternal": (args, ws) => {
    const files = args.files;
    if (!Array.isArray(files) || files.length === 0 || !files.every(isObject)) {
      throw new SlackApiError("invalid_arguments", ["[ERROR] files must be a JSON array of { id, title }"]);
    }
    const channels = (str(args, "channel_id") ?? str(args, "channels") ?? "").split(",").filter((c) => c !== "").map((c) => ws.resolveChannel(c));
    const threadTs = str(args, "thread_ts");
    const initialComment = str(args, "initial_comment");
    const channel = channels[0];
    if (threadTs !== undefined && channels.length > 1) throw new SlackApiError("invalid_arguments", ["thread_ts takes exactly one channel"]);
    // The share is a message: the channel must take the app's messages, and the text and blocks Slack's limits.
    for (const target of channels) ws.checkPostable(target);
    if (initialComment !== undefined && initialComment.length > MESSAGE_TEXT_MAX) {
      throw new SlackApiError("msg_too_long", [`initial_comment is ${initialComment.length} characters; the limit is ${MESSAGE_TEXT_MAX}`]);
    }
    const blocks = initialComment === undefined && args.blocks !== undefined ? messageContent({ blocks: args.blocks }).blocks : undefined;
    const missing = files.map((entry) => str(entry, "id") ?? "").filter((id) => !ws.files.isUploaded(id));
    if (missing.length > 0) {
      throw new SlackApiError("file_not_found", [`not uploaded to their upload_url: ${missing.join(", ")}`]);
    }
    const completed = files.map((entry) => {
      const id = str(entry, "id") ?? "";
      const title = str(entry, "title");
      const file = ws.files.complete(
        id,
        {
          user: ws.config.botUserId,
          ...(title === undefined ? {} : { title }),
          ...(channel === undefined ? {} : { channel }),
          ...(threadTs === undefined ? {} : { threadTs }),
          ...(initialComment === undefined ? {} : { initialComment }),
        },
        ws.nowSeconds(),
      );
      if (file === undefined) throw new SlackApiError("file_not_found", [`file ${id} was not uploaded to its upload_url`]);
      return file;
    });
    for (const target of channels) {
      const slackFiles = completed.map((f) => ws.files.toSlack(f, ws.baseUrl, ws.config.teamId, ws.config.teamDomain));
      const content: MessageContent = { text: initialComment ?? "", files: slackFiles, ...(blocks === undefined ? {} : { blocks }) };
      const message = ws.messages.postAsApp(target, content, threadTs);
      for (const file of completed) {
        file.shares.push({ channel: target, ts: message.ts, ...(threadTs === undefined ? {} : { threadTs }) });
        if (target === channel) ws.files.sharedIn(file.id, message.ts);
      }
    }
    return { files: completed.map((f) => ws.files.toSlack(f, ws.baseUrl, ws.config.teamId, ws.config.teamDomain)) };
  },
};
