/**
 * Pure builders for what Slack sends to an app: slash command forms, interaction payloads
 * (view_submission, block_actions, view_closed) and Events API envelopes.
 * Shapes follow docs.slack.dev's payload reference pages.
 */
import { randomBytes } from "node:crypto";
import type { JsonObject } from "./fake-slack/json.js";
import type { SlackView } from "./fake-slack/index.js";

export interface AppContext {
  teamId: string;
  teamDomain: string;
  apiAppId: string;
  botUserId: string;
  /** The deprecated verification token Slack still puts in every payload. */
  verificationToken: string;
}

export interface Person {
  id: string;
  /** Slack's `username` / `name` (the handle). */
  name: string;
}

function userObject(ctx: AppContext, person: Person): JsonObject {
  return { id: person.id, username: person.name, name: person.name, team_id: ctx.teamId };
}

function team(ctx: AppContext): JsonObject {
  return { id: ctx.teamId, domain: ctx.teamDomain };
}

/** `action_ts` / `event_ts` style timestamps. */
export function slackNowTs(): string {
  const micros = Date.now() * 1000 + Math.floor(Math.random() * 1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, "0")}`;
}

export function randomEventId(): string {
  return `Ev${randomBytes(5).toString("hex").toUpperCase()}`;
}

export function slashCommandForm(
  ctx: AppContext,
  args: {
    command: string;
    text: string;
    person: Person;
    channelId: string;
    channelName: string;
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  return {
    token: ctx.verificationToken,
    team_id: ctx.teamId,
    team_domain: ctx.teamDomain,
    channel_id: args.channelId,
    channel_name: args.channelName,
    user_id: args.person.id,
    user_name: args.person.name,
    command: args.command,
    text: args.text,
    api_app_id: ctx.apiAppId,
    is_enterprise_install: "false",
    response_url: args.responseUrl,
    trigger_id: args.triggerId,
  };
}

export function viewSubmissionPayload(ctx: AppContext, person: Person, view: SlackView, triggerId: string): JsonObject {
  return {
    type: "view_submission",
    team: team(ctx),
    user: userObject(ctx, person),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    trigger_id: triggerId,
    view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(ctx: AppContext, person: Person, view: SlackView, isCleared: boolean): JsonObject {
  return {
    type: "view_closed",
    team: team(ctx),
    user: userObject(ctx, person),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    view,
    is_cleared: isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** block_actions from a modal or App Home: container `{ type: "view", view_id }`, the view with its state. */
export function viewBlockActionsPayload(
  ctx: AppContext,
  person: Person,
  view: SlackView,
  actions: JsonObject[],
  triggerId: string,
): JsonObject {
  return {
    type: "block_actions",
    user: userObject(ctx, person),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    container: { type: "view", view_id: view.id },
    trigger_id: triggerId,
    team: team(ctx),
    enterprise: null,
    is_enterprise_install: false,
    view,
    actions,
  };
}

/** block_actions from a message: container `{ type: "message", ... }`, channel, message, response_url. */
export function messageBlockActionsPayload(
  ctx: AppContext,
  person: Person,
  args: {
    channelId: string;
    channelName: string;
    messageTs: string;
    threadTs?: string;
    isEphemeral: boolean;
    /** Slack leaves the message object out for ephemeral messages. */
    message?: JsonObject;
    actions: JsonObject[];
    responseUrl: string;
    triggerId: string;
  },
): JsonObject {
  const container: JsonObject = {
    type: "message",
    message_ts: args.messageTs,
    channel_id: args.channelId,
    is_ephemeral: args.isEphemeral,
  };
  if (args.threadTs !== undefined) container.thread_ts = args.threadTs;
  const payload: JsonObject = {
    type: "block_actions",
    user: userObject(ctx, person),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    container,
    trigger_id: args.triggerId,
    team: team(ctx),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: args.channelId, name: args.channelName },
    state: { values: {} },
    response_url: args.responseUrl,
    actions: args.actions,
  };
  if (args.message !== undefined) payload.message = args.message;
  return payload;
}

/**
 * block_suggestion: a person types into an external select; the app answers with its options.
 * From a modal: container `{ type: "view" }` and the view with its state; from a message: the
 * channel and message.
 */
export function blockSuggestionPayload(
  ctx: AppContext,
  person: Person,
  args: {
    actionId: string;
    blockId: string;
    value: string;
    view?: SlackView;
    /** Slack leaves the message object out for ephemeral messages. */
    message?: { channelId: string; channelName: string; messageTs: string; isEphemeral?: boolean; message?: JsonObject };
  },
): JsonObject {
  const payload: JsonObject = {
    type: "block_suggestion",
    user: userObject(ctx, person),
    api_app_id: ctx.apiAppId,
    token: ctx.verificationToken,
    team: team(ctx),
    enterprise: null,
    is_enterprise_install: false,
    action_id: args.actionId,
    block_id: args.blockId,
    value: args.value,
    action_ts: slackNowTs(),
  };
  if (args.view !== undefined) {
    payload.container = { type: "view", view_id: args.view.id };
    payload.view = args.view;
  } else if (args.message !== undefined) {
    payload.container = { type: "message", message_ts: args.message.messageTs, channel_id: args.message.channelId, is_ephemeral: args.message.isEphemeral ?? false };
    payload.channel = { id: args.message.channelId, name: args.message.channelName };
    if (args.message.message !== undefined) payload.message = args.message.message;
  }
  return payload;
}

export function eventEnvelope(ctx: AppContext, event: JsonObject, eventId: string, eventTime: number): JsonObject {
  return {
    token: ctx.verificationToken,
    team_id: ctx.teamId,
    context_team_id: ctx.teamId,
    context_enterprise_id: null,
    api_app_id: ctx.apiAppId,
    event,
    type: "event_callback",
    event_id: eventId,
    event_time: eventTime,
    authorizations: [
      { enterprise_id: null, team_id: ctx.teamId, user_id: ctx.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${randomBytes(12).toString("hex")}`,
  };
}

export function urlVerificationPayload(ctx: AppContext, challenge: string): JsonObject {
  return { token: ctx.verificationToken, challenge, type: "url_verification" };
}

/** Slack's channel_type for message events. */
export function channelType(channelId: string): string {
  if (channelId.startsWith("D")) return "im";
  if (channelId.startsWith("G")) return "group";
  return "channel";
}

/** A message shortcut (`message_action`), as Slack sends it when a person picks it in a message's ⋯ menu. */
export function messageShortcutPayload(
  ctx: AppContext,
  person: Person,
  args: { callbackId: string; channelId: string; channelName: string; message: JsonObject; responseUrl: string; triggerId: string },
): JsonObject {
  return {
    type: "message_action",
    token: ctx.verificationToken,
    action_ts: slackNowTs(),
    team: team(ctx),
    user: userObject(ctx, person),
    channel: { id: args.channelId, name: args.channelName },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: args.callbackId,
    trigger_id: args.triggerId,
    response_url: args.responseUrl,
    message_ts: String(args.message.ts),
    message: args.message,
  };
}
