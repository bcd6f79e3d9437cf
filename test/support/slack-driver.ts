/**
 * SlackDriver plays Slack (and the person in the Slack client) towards the real app running in HTTP
 * mode: it signs requests like Slack, sends slash commands, interactions and events, and applies the
 * app's answers to the FakeSlack state the way Slack would (closing, updating, pushing views; showing
 * command replies).
 */
import { createHmac, randomBytes } from "node:crypto";
import { SlackApiError } from "./fake-slack/errors.js";
import type { AddFileInput, FakeSlack, PersonInput, SlackFile, SlackView, StoredEphemeral, StoredMessage, ViewValues } from "./fake-slack/index.js";
import { isObject, objects, str, type JsonObject } from "./fake-slack/json.js";
import type { ResponseDelivery } from "./fake-slack/responses.js";
import { clientSideProblems, locateElements, type LocatedElement } from "./fake-slack/view-state.js";
import {
  blockSuggestionPayload,
  channelType,
  eventEnvelope,
  messageBlockActionsPayload,
  randomEventId,
  slackNowTs,
  slashCommandForm,
  urlVerificationPayload,
  viewBlockActionsPayload,
  viewClosedPayload,
  viewSubmissionPayload,
  type AppContext,
  type Person,
  messageShortcutPayload,
} from "./slack-payloads.js";

/** Ways to get the signature wrong, for tests of request verification. */
export type Forgery = "wrong-secret" | "stale-timestamp" | "future-timestamp" | "missing-signature" | "missing-timestamp" | "missing-headers";

export interface SlackDriverOptions {
  /** The app's Slack endpoint, e.g. `http://127.0.0.1:PORT/slack/events`. */
  appUrl: string;
  signingSecret: string;
  slack: FakeSlack;
  teamId?: string;
  apiAppId?: string;
  verificationToken?: string;
  /** Slack waits 3 s for an ack; after that it gives up (and retries events). */
  ackTimeoutMs?: number;
}

export interface HttpResult {
  /** 0 when Slack would have stopped waiting (see timedOut). */
  status: number;
  /** Parsed JSON for JSON responses, the text otherwise ("" when empty). */
  body: unknown;
  text: string;
  headers: Record<string, string>;
  elapsedMs: number;
  /** The app did not answer within ackTimeoutMs (Slack: operation_timeout / an event retry). */
  timedOut: boolean;
}

export interface CommandResult extends HttpResult {
  triggerId: string;
  responseUrl: string;
  /** What Slack did with a non-empty ack body (shown as an ephemeral reply, or posted in channel). */
  delivery?: ResponseDelivery;
}

export type SubmitOutcome = "closed" | "updated" | "pushed" | "cleared" | "errors" | "failed";

export interface SubmitResult extends HttpResult {
  /** The app's response_action, undefined for an empty ack. */
  responseAction: string | undefined;
  /** What happened to the modal: `failed` means a non-200 answer or a timeout, so the modal stayed open. */
  outcome: SubmitOutcome;
  errors?: Record<string, string>;
  /** The top of the person's modal stack afterwards (undefined when the modal closed). */
  view: SlackView | undefined;
  triggerId: string;
}

export interface ActionResult extends HttpResult {
  /** False when Slack sends nothing (an input block without dispatch_action, a view without notify_on_close). */
  dispatched: boolean;
  triggerId?: string;
  responseUrl?: string;
}

export interface EventResult extends HttpResult {
  eventId: string;
  envelope: JsonObject;
}

interface PersonOptions {
  userId: string;
  forge?: Forgery;
}

export interface CommandOptions extends PersonOptions {
  channelId?: string;
  channelName?: string;
  userName?: string;
}

export interface EventOptions {
  retryNum?: number;
  retryReason?: string;
  /** Reuse an event_id to send a retry of the same event. */
  eventId?: string;
  forge?: Forgery;
}

const DEFAULT_CHANNEL = { id: "C0GENERAL1", name: "general" };
const STALE_SECONDS = 6 * 60;

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}`. */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

/** A request exactly as the driver sent it (body and signed headers), to be sent again: a replay. */
export interface SentRequest {
  body: string;
  headers: Record<string, string>;
}

export class SlackDriver {
  private readonly slack: FakeSlack;
  private readonly ctx: AppContext;
  private readonly ackTimeoutMs: number;
  private last: SentRequest | undefined;

  constructor(private readonly opts: SlackDriverOptions) {
    this.slack = opts.slack;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
    this.ctx = {
      teamId: opts.teamId ?? opts.slack.teamId,
      teamDomain: opts.slack.teamDomain,
      apiAppId: opts.apiAppId ?? opts.slack.appId,
      botUserId: opts.slack.botUserId,
      verificationToken: opts.verificationToken ?? "fake-verification-token",
    };
  }

  // ---- Signing and transport -----------------------------------------------------------------

  /** The two signature headers for a body, optionally forged. */
  signatureHeaders(body: string, forge?: Forgery): Record<string, string> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = forge === "stale-timestamp" ? now - STALE_SECONDS : forge === "future-timestamp" ? now + STALE_SECONDS : now;
    const secret = forge === "wrong-secret" ? `${this.opts.signingSecret}-wrong` : this.opts.signingSecret;
    const headers: Record<string, string> = {
      "x-slack-signature": slackSignature(secret, timestamp, body),
      "x-slack-request-timestamp": String(timestamp),
    };
    if (forge === "missing-signature" || forge === "missing-headers") delete headers["x-slack-signature"];
    if (forge === "missing-timestamp" || forge === "missing-headers") delete headers["x-slack-request-timestamp"];
    return headers;
  }

  /**
   * POST any body. Signed correctly by default (`sign: false` to send no signature, or a Forgery);
   * the content type defaults to application/x-www-form-urlencoded; `headers` win over both.
   */
  rawPost(body: string, headers: Record<string, string> = {}, opts: { sign?: boolean | Forgery } = {}): Promise<HttpResult> {
    const sign = opts.sign ?? true;
    const signature = sign === false ? {} : this.signatureHeaders(body, sign === true ? undefined : sign);
    return this.post(body, { "content-type": "application/x-www-form-urlencoded", ...signature, ...headers });
  }

  /** Any interaction payload, as Slack sends it: a form with one `payload` JSON field. */
  postInteraction(payload: JsonObject, forge?: Forgery): Promise<HttpResult> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.post(body, { "content-type": "application/x-www-form-urlencoded", ...this.signatureHeaders(body, forge) });
  }

  /** A block_actions (or any) payload built by the test. */
  blockActions(payload: JsonObject, forge?: Forgery): Promise<HttpResult> {
    return this.postInteraction(payload, forge);
  }

  /** The last request sent to the app, byte for byte with its signature. */
  lastRequest(): SentRequest {
    if (!this.last) throw new Error("No request was sent yet");
    return this.last;
  }

  /**
   * Sends a request again, byte for byte with its original signature (valid for 5 minutes): what an
   * attacker who captured it, or Slack's own retry (`headers` adds X-Slack-Retry-Num), sends.
   */
  replay(request: SentRequest, headers: Record<string, string> = {}): Promise<HttpResult> {
    return this.post(request.body, { ...request.headers, ...headers });
  }

  private async post(body: string, headers: Record<string, string>): Promise<HttpResult> {
    this.last = { body, headers };
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.ackTimeoutMs);
    const started = performance.now();
    try {
      const response = await fetch(this.opts.appUrl, { method: "POST", headers, body, signal: controller.signal });
      const text = await response.text();
      const responseHeaders = Object.fromEntries(response.headers.entries());
      const isJson = (responseHeaders["content-type"] ?? "").includes("json");
      return {
        status: response.status,
        body: isJson && text !== "" ? (JSON.parse(text) as unknown) : text,
        text,
        headers: responseHeaders,
        elapsedMs: performance.now() - started,
        timedOut: false,
      };
    } catch (error) {
      if (controller.signal.aborted) {
        return { status: 0, body: "", text: "", headers: {}, elapsedMs: performance.now() - started, timedOut: true };
      }
      throw new Error(`Could not reach the app at ${this.opts.appUrl}: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }

  private person(userId: string, userName?: string): Person {
    return { id: userId, name: userName ?? this.slack.user(userId)?.name ?? userId.toLowerCase() };
  }

  // ---- Slash commands ------------------------------------------------------------------------

  /**
   * A person runs a slash command. A non-empty ack body is applied like Slack does (an ephemeral
   * reply, or in_channel) and checked against the message limits: an invalid one throws.
   */
  async command(command: string, text: string, opts: CommandOptions): Promise<CommandResult> {
    const channelId = opts.channelId ?? DEFAULT_CHANNEL.id;
    const channelName = opts.channelName ?? (opts.channelId === undefined ? DEFAULT_CHANNEL.name : channelNameOf(channelId));
    const context = { userId: opts.userId, channelId };
    const responseUrl = this.slack.createResponseUrl(context);
    const triggerId = this.slack.issueTriggerId(opts.userId);
    const form = slashCommandForm(this.ctx, {
      command: command.startsWith("/") ? command : `/${command}`,
      text,
      person: this.person(opts.userId, opts.userName),
      channelId,
      channelName,
      responseUrl,
      triggerId,
    });
    const body = new URLSearchParams(form).toString();
    const result = await this.post(body, {
      "content-type": "application/x-www-form-urlencoded",
      ...this.signatureHeaders(body, opts.forge),
    });
    const commandResult: CommandResult = { ...result, triggerId, responseUrl };
    if (result.status === 200 && !result.timedOut && result.text !== "") {
      const delivery = this.slack.deliverResponse(context, result.body, "command_ack");
      if (delivery.outcome === "rejected") {
        throw new Error(
          `Slack would reject the ${command} response (${delivery.error}):\n  ${(delivery.problems ?? []).join("\n  ")}\nBody: ${result.text}`,
        );
      }
      commandResult.delivery = delivery;
    }
    return commandResult;
  }

  // ---- Views (modals and App Home) -----------------------------------------------------------

  currentView(userId: string): SlackView | undefined {
    return this.slack.currentView(userId);
  }

  viewStack(userId: string): SlackView[] {
    return this.slack.viewStack(userId);
  }

  /**
   * A person fills in `values` and presses Submit. Then Slack's handling of the answer:
   * empty ack closes this view (the whole modal if it is the root); "update" replaces it; "push"
   * pushes; "clear" closes the stack; "errors" keeps it open. An answer Slack would refuse throws.
   */
  async submitView(viewId: string, opts: PersonOptions & { values?: ViewValues }): Promise<SubmitResult> {
    const before = this.interactableView(viewId, opts.userId);
    if (before.type !== "modal" || !isObject(before.submit)) {
      throw new Error(`View ${viewId} has no submit button, so a person cannot submit it`);
    }
    if (opts.values !== undefined) this.slack.setValues(viewId, opts.values);
    const view = this.slack.requireView(viewId);
    const refused = clientSideProblems(view.blocks, view.state.values);
    if (Object.keys(refused).length > 0) {
      const lines = Object.entries(refused).map(([blockId, problem]) => `${blockId}: ${problem}`);
      throw new Error(`The Slack client would not submit view ${viewId}:\n  ${lines.join("\n  ")}`);
    }
    const triggerId = this.slack.issueTriggerId(opts.userId);
    const payload = viewSubmissionPayload(this.ctx, this.person(opts.userId), view, triggerId);
    const http = await this.postInteraction(payload, opts.forge);
    const done = (outcome: SubmitOutcome, responseAction?: string, errors?: Record<string, string>): SubmitResult => ({
      ...http,
      responseAction,
      outcome,
      ...(errors === undefined ? {} : { errors }),
      view: this.slack.currentView(opts.userId),
      triggerId,
    });

    if (http.timedOut || http.status !== 200) return done("failed");
    if (http.text.trim() === "") {
      this.slack.closeTopView(opts.userId);
      return done("closed");
    }
    if (!isObject(http.body)) throw new Error(`Slack cannot read the view_submission answer: ${http.text}`);
    const answer = http.body;
    const action = answer.response_action;
    if (action === undefined) {
      this.slack.closeTopView(opts.userId);
      return done("closed");
    }
    if (typeof action !== "string") throw new Error(`response_action must be a string, got ${http.text}`);
    const describe = `response_action "${action}" for view ${viewId}`;
    switch (action) {
      case "update":
        this.applyViewChange(describe, () => this.slack.replaceView(viewId, answer.view));
        return done("updated", action);
      case "push":
        this.applyViewChange(describe, () => this.slack.pushView(opts.userId, answer.view));
        return done("pushed", action);
      case "clear":
        this.slack.clearViews(opts.userId);
        return done("cleared", action);
      case "errors":
        return done("errors", action, checkedErrors(view, answer.errors, describe));
      default:
        throw new Error(`Unknown ${describe}: ${http.text}`);
    }
  }

  /**
   * A person closes the top view (its Close button or the X). With clear_on_close the whole stack
   * closes. Slack only tells the app (view_closed) when the view has notify_on_close.
   */
  async closeView(viewId: string, opts: PersonOptions): Promise<ActionResult> {
    const view = this.interactableView(viewId, opts.userId);
    if (view.type !== "modal") throw new Error(`View ${viewId} is an App Home view; it cannot be closed`);
    const isCleared = view.clear_on_close;
    if (isCleared) this.slack.clearViews(opts.userId);
    else this.slack.closeTopView(opts.userId);
    if (!view.notify_on_close) return notDispatched();
    const payload = viewClosedPayload(this.ctx, this.person(opts.userId), view, isCleared);
    return { ...(await this.postInteraction(payload, opts.forge)), dispatched: true };
  }

  /** A person clicks a button in an open modal or App Home view. */
  async clickButton(viewId: string, actionId: string, opts: PersonOptions & { blockId?: string; value?: string }): Promise<ActionResult> {
    const view = this.interactableView(viewId, opts.userId);
    const button = findElement(view.blocks, { actionId, blockId: opts.blockId, types: ["button"] }, `view ${viewId}`);
    return this.sendViewAction(view, opts, buttonAction(button, opts.value));
  }

  /** A person picks an option of a select (or radio buttons) in an open view; see interact(). */
  selectOption(viewId: string, blockId: string, actionId: string, optionValue: string, opts: PersonOptions): Promise<ActionResult> {
    return this.interact(viewId, blockId, actionId, optionValue, opts);
  }

  /**
   * A person changes any stateful element (select, checkboxes, datepicker, text input, ...).
   * The value is stored in the view's state. Slack sends block_actions only for elements outside
   * input blocks, or in input blocks with `dispatch_action: true`; otherwise nothing is sent.
   */
  async interact(viewId: string, blockId: string, actionId: string, value: PersonInput, opts: PersonOptions): Promise<ActionResult> {
    this.interactableView(viewId, opts.userId);
    this.slack.setValue(viewId, blockId, actionId, value);
    const view = this.slack.requireView(viewId);
    const located = findElement(view.blocks, { actionId, blockId }, `view ${viewId}`);
    if (located.inInputBlock && located.block.dispatch_action !== true) return notDispatched();
    const state = view.state.values[blockId]?.[actionId];
    const action: JsonObject = { ...state, action_id: actionId, block_id: blockId, action_ts: slackNowTs() };
    return this.sendViewAction(view, opts, action);
  }

  /** A person picks an entry of an overflow menu in an open view. */
  async overflow(viewId: string, blockId: string, actionId: string, optionValue: string, opts: PersonOptions): Promise<ActionResult> {
    const view = this.interactableView(viewId, opts.userId);
    const located = findElement(view.blocks, { actionId, blockId, types: ["overflow"] }, `view ${viewId}`);
    const option = objects(located.element, "options").find((o) => o.value === optionValue);
    if (option === undefined) throw new Error(`Overflow ${actionId} has no option ${optionValue}`);
    const action: JsonObject = { type: "overflow", action_id: actionId, block_id: blockId, selected_option: option, action_ts: slackNowTs() };
    return this.sendViewAction(view, opts, action);
  }

  private async sendViewAction(view: SlackView, opts: PersonOptions, action: JsonObject): Promise<ActionResult> {
    const triggerId = this.slack.issueTriggerId(opts.userId);
    const payload = viewBlockActionsPayload(this.ctx, this.person(opts.userId), view, [action], triggerId);
    return { ...(await this.postInteraction(payload, opts.forge)), dispatched: true, triggerId };
  }

  /** The view, checked to be one the person can see: the top of their modal stack or their App Home. */
  private interactableView(viewId: string, userId: string): SlackView {
    const view = this.slack.requireView(viewId);
    const owner = this.slack.viewOwner(viewId);
    if (owner !== userId) throw new Error(`View ${viewId} belongs to ${owner}, not ${userId}`);
    if (view.type === "modal" && this.slack.currentView(userId)?.id !== viewId) {
      throw new Error(`View ${viewId} is not on top of ${userId}'s modal stack, so the person cannot use it`);
    }
    return view;
  }

  private applyViewChange(describe: string, change: () => unknown): void {
    try {
      change();
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      throw new Error(`Slack would refuse ${describe}: ${error.code}\n  ${error.messages.join("\n  ")}`);
    }
  }

  // ---- Messages ------------------------------------------------------------------------------

  /**
   * A person clicks a button in a message (or an ephemeral message) the app posted. `shown`: the
   * blocks the person's Slack still shows when the message has changed since (a stale click); the
   * button is looked up there instead.
   */
  clickMessageButton(
    channel: string,
    ts: string,
    actionId: string,
    opts: PersonOptions & { value?: string; blockId?: string; channelName?: string; shown?: readonly JsonObject[] },
  ): Promise<ActionResult> {
    return this.messageAction(channel, ts, opts, (stored) => {
      const button = findElement(opts.shown ?? stored.blocks ?? [], { actionId, blockId: opts.blockId, types: ["button"] }, `message ${ts}`);
      return buttonAction(button, opts.value);
    });
  }

  /**
   * A person picks an entry of an overflow menu in a message (or an ephemeral message) the app
   * posted. Like clickMessageButton: a fresh response_url for that message and a trigger_id.
   */
  messageOverflow(
    channel: string,
    ts: string,
    blockId: string,
    actionId: string,
    optionValue: string,
    opts: PersonOptions & { channelName?: string },
  ): Promise<ActionResult> {
    return this.messageAction(channel, ts, opts, (stored) => {
      const located = findElement(stored.blocks ?? [], { actionId, blockId, types: ["overflow"] }, `message ${ts}`);
      const option = objects(located.element, "options").find((o) => o.value === optionValue);
      if (option === undefined) throw new Error(`Overflow ${actionId} in ${blockId} has no option ${optionValue}`);
      return { type: "overflow", action_id: actionId, block_id: blockId, selected_option: option, action_ts: slackNowTs() };
    });
  }

  /**
   * A person picks an option of a select menu (static or external) in a message the app posted.
   * For a static select the option must exist; for an external select pass the option object the
   * app offered (see suggest), or a value.
   */
  selectMessageOption(
    channel: string,
    ts: string,
    blockId: string,
    actionId: string,
    picked: string | JsonObject,
    opts: PersonOptions & { channelName?: string },
  ): Promise<ActionResult> {
    return this.messageAction(channel, ts, opts, (stored) => {
      const located = findElement(stored.blocks ?? [], { actionId, blockId, types: ["static_select", "external_select"] }, `message ${ts}`);
      let selected: JsonObject;
      if (isObject(picked)) selected = picked;
      else if (located.element.type === "external_select") selected = { text: { type: "plain_text", text: picked }, value: picked };
      else {
        const found = objects(located.element, "options").find((o) => o.value === picked);
        if (found === undefined) throw new Error(`Select ${actionId} in ${blockId} has no option ${picked}`);
        selected = found;
      }
      return { type: String(located.element.type), action_id: actionId, block_id: blockId, selected_option: selected, action_ts: slackNowTs() };
    });
  }

  /**
   * A person types `value` into an external select, in an open view (`{ viewId }`) or a message
   * (`{ channel, ts }`): Slack sends block_suggestion and shows the options the app answers. The
   * answer is checked like Slack does (HTTP 200 within 3 s, at most 100 options, option text at
   * most 75 and value at most 150 characters); the options are returned.
   */
  async suggest(
    where: { viewId: string } | { channel: string; ts: string },
    blockId: string,
    actionId: string,
    value: string,
    opts: PersonOptions,
  ): Promise<JsonObject[]> {
    let payload: JsonObject;
    if ("viewId" in where) {
      const view = this.interactableView(where.viewId, opts.userId);
      const located = findElement(view.blocks, { actionId, blockId, types: ["external_select", "multi_external_select"] }, `view ${where.viewId}`);
      checkMinQuery(located, value);
      payload = blockSuggestionPayload(this.ctx, this.person(opts.userId), { actionId, blockId, value, view });
    } else {
      const message = this.slack.message(where.channel, where.ts);
      const ephemeral = message === undefined ? this.slack.findEphemeral(where.ts) : undefined;
      const stored = message ?? ephemeral;
      if (stored === undefined) throw new Error(`No message ${where.ts} in ${where.channel}`);
      if (ephemeral !== undefined && ephemeral.user !== opts.userId) throw new Error(`Ephemeral message ${where.ts} is only visible to ${ephemeral.user}`);
      const located = findElement(stored.blocks ?? [], { actionId, blockId, types: ["external_select", "multi_external_select"] }, `message ${where.ts}`);
      checkMinQuery(located, value);
      payload = blockSuggestionPayload(this.ctx, this.person(opts.userId), {
        actionId,
        blockId,
        value,
        message: {
          channelId: stored.channel,
          channelName: channelNameOf(stored.channel),
          messageTs: where.ts,
          isEphemeral: ephemeral !== undefined,
          ...(message === undefined ? {} : { message: this.slack.messageObject(message) }),
        },
      });
    }
    const http = await this.postInteraction(payload, opts.forge);
    if (http.status !== 200 || http.timedOut) throw new Error(`block_suggestion for ${actionId} failed: HTTP ${http.status}${http.timedOut ? " (timed out)" : ""}`);
    if (!isObject(http.body)) throw new Error(`block_suggestion for ${actionId} must be answered with JSON options, got: ${http.text}`);
    const groups = objects(http.body, "option_groups");
    const options = [...objects(http.body, "options"), ...groups.flatMap((g) => objects(g, "options"))];
    if (options.length > 100) throw new Error(`Slack shows at most 100 options, got ${options.length}`);
    for (const o of options) {
      const text = isObject(o.text) ? str(o.text, "text") : undefined;
      const v = str(o, "value");
      if (text === undefined || text.length > 75) throw new Error(`Option text must be 1-75 characters: ${JSON.stringify(o)}`);
      if (v === undefined || v.length > 150) throw new Error(`Option value must be at most 150 characters: ${JSON.stringify(o)}`);
    }
    return options;
  }

  /**
   * Sends block_actions for one element of a stored message, as Slack does: the message must be
   * visible to the person, and each action gets a fresh response_url for that message and a trigger_id.
   */
  private async messageAction(
    channel: string,
    ts: string,
    opts: PersonOptions & { channelName?: string },
    actionOf: (stored: StoredMessage | StoredEphemeral) => JsonObject,
  ): Promise<ActionResult> {
    const message: StoredMessage | undefined = this.slack.message(channel, ts);
    const ephemeral = message === undefined ? this.slack.findEphemeral(ts) : undefined;
    const stored = message ?? ephemeral;
    if (stored === undefined) {
      const known = this.slack.messages(channel).map((m) => m.ts);
      throw new Error(`No message ${ts} in ${channel} (messages there: ${known.join(", ") || "none"})`);
    }
    if (ephemeral !== undefined && ephemeral.user !== opts.userId) {
      throw new Error(`Ephemeral message ${ts} is only visible to ${ephemeral.user}`);
    }
    const action = actionOf(stored);
    const channelId = stored.channel;
    const threadTs = stored.threadTs;
    const responseUrl = this.slack.createResponseUrl({
      userId: opts.userId,
      channelId,
      messageTs: ts,
      isEphemeral: ephemeral !== undefined,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
    const triggerId = this.slack.issueTriggerId(opts.userId);
    const payload = messageBlockActionsPayload(this.ctx, this.person(opts.userId), {
      channelId,
      channelName: opts.channelName ?? channelNameOf(channelId),
      messageTs: ts,
      ...(threadTs === undefined ? {} : { threadTs }),
      isEphemeral: ephemeral !== undefined,
      ...(message === undefined ? {} : { message: this.slack.messageObject(message) }),
      actions: [action],
      responseUrl,
      triggerId,
    });
    return { ...(await this.postInteraction(payload, opts.forge)), dispatched: true, triggerId, responseUrl };
  }

  /**
   * A person picks a message shortcut (`callbackId`, from manifest.yml) in the ⋯ menu of a stored
   * message: Slack sends message_action with the message, a trigger_id and a response_url.
   */
  async messageShortcut(channel: string, ts: string, callbackId: string, opts: PersonOptions & { channelName?: string }): Promise<ActionResult> {
    const message: StoredMessage | undefined = this.slack.message(channel, ts);
    if (message === undefined) throw new Error(`No message ${ts} in ${channel}`);
    const responseUrl = this.slack.createResponseUrl({ userId: opts.userId, channelId: channel, messageTs: ts, isEphemeral: false, ...(message.threadTs === undefined ? {} : { threadTs: message.threadTs }) });
    const triggerId = this.slack.issueTriggerId(opts.userId);
    const payload = messageShortcutPayload(this.ctx, this.person(opts.userId), {
      callbackId,
      channelId: channel,
      channelName: opts.channelName ?? channelNameOf(channel),
      message: this.slack.messageObject(message),
      responseUrl,
      triggerId,
    });
    return { ...(await this.postInteraction(payload, opts.forge)), dispatched: true, triggerId, responseUrl };
  }

  // ---- Events --------------------------------------------------------------------------------

  /** An Events API `event_callback`; pass `retryNum` (and the same eventId) to send Slack's retry. */
  async event(event: JsonObject, opts: EventOptions = {}): Promise<EventResult> {
    const eventId = opts.eventId ?? randomEventId();
    const full: JsonObject = { ...event, event_ts: event.event_ts ?? slackNowTs() };
    const envelope = eventEnvelope(this.ctx, full, eventId, Math.floor(Date.now() / 1000));
    const body = JSON.stringify(envelope);
    const headers: Record<string, string> = { "content-type": "application/json", ...this.signatureHeaders(body, opts.forge) };
    if (opts.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(opts.retryNum);
      headers["x-slack-retry-reason"] = opts.retryReason ?? "http_timeout";
    }
    return { ...(await this.post(body, headers)), eventId, envelope };
  }

  /** The `url_verification` handshake; a correct app answers `{ challenge }`. */
  urlVerification(challenge = randomBytes(16).toString("hex")): Promise<HttpResult> {
    const body = JSON.stringify(urlVerificationPayload(this.ctx, challenge));
    return this.post(body, { "content-type": "application/json", ...this.signatureHeaders(body) });
  }

  /** A person posts a message: stored in the fake, then the `message` event is sent. */
  async userMessage(
    channel: string,
    userId: string,
    text: string,
    opts: EventOptions & { threadTs?: string } = {},
  ): Promise<EventResult & { message: StoredMessage }> {
    const message = this.slack.addMessage({ channel, user: userId, text, ...(opts.threadTs === undefined ? {} : { threadTs: opts.threadTs }) });
    const event: JsonObject = {
      type: "message",
      channel: message.channel,
      user: userId,
      text,
      ts: message.ts,
      event_ts: message.ts,
      channel_type: channelType(message.channel),
      team: this.ctx.teamId,
    };
    if (message.threadTs !== undefined) event.thread_ts = message.threadTs;
    return { ...(await this.event(event, opts)), message };
  }

  /**
   * A person uploads a file into a channel (or thread): registered in the fake, then `file_shared`
   * is sent, which like Slack's carries only ids.
   */
  async shareFile(input: AddFileInput & { channel: string }, opts: EventOptions = {}): Promise<EventResult & { file: SlackFile }> {
    const file = this.slack.addFile({ ...input, channels: [input.channel] });
    const event: JsonObject = {
      type: "file_shared",
      channel_id: input.channel,
      file_id: file.id,
      user_id: input.user,
      file: { id: file.id },
    };
    return { ...(await this.event(event, opts)), file };
  }

  /** A person opens the app's Home tab. */
  appHomeOpened(userId: string, opts: EventOptions = {}): Promise<EventResult> {
    const event: JsonObject = { type: "app_home_opened", user: userId, channel: this.slack.dmChannel(userId), tab: "home" };
    const home = this.slack.homeView(userId);
    if (home !== undefined) event.view = home;
    return this.event(event, opts);
  }
}

/** Slack sends block_suggestion only once the person typed min_query_length characters (default 3). */
function checkMinQuery(located: LocatedElement, value: string): void {
  const min = typeof located.element.min_query_length === "number" ? located.element.min_query_length : 3;
  if (value.length < min) throw new Error(`Slack sends no block_suggestion for ${located.actionId} before ${min} characters are typed (got "${value}")`);
}

function notDispatched(): ActionResult {
  return { status: 0, body: "", text: "", headers: {}, elapsedMs: 0, timedOut: false, dispatched: false };
}

function channelNameOf(channelId: string): string {
  return channelId.startsWith("D") ? "directmessage" : channelId.toLowerCase();
}

function buttonAction(located: LocatedElement, value: string | undefined): JsonObject {
  const action: JsonObject = {
    type: "button",
    action_id: located.actionId,
    block_id: located.blockId,
    text: located.element.text ?? null,
    action_ts: slackNowTs(),
  };
  const buttonValue = value ?? str(located.element, "value");
  if (buttonValue !== undefined) action.value = buttonValue;
  if (located.element.style !== undefined) action.style = located.element.style;
  return action;
}

/** Exactly one element matching the ids (and type), or an error listing what is there. */
function findElement(
  blocks: readonly JsonObject[],
  query: { actionId: string; blockId?: string | undefined; types?: readonly string[] },
  where: string,
): LocatedElement {
  const all = locateElements(blocks);
  const matches = all.filter(
    (l) =>
      l.actionId === query.actionId &&
      (query.blockId === undefined || l.blockId === query.blockId) &&
      (query.types === undefined || query.types.includes(String(l.element.type))),
  );
  const match = matches[0];
  if (match !== undefined && matches.length === 1) return match;
  const listing = all.map((l) => `${l.blockId}/${l.actionId} (${String(l.element.type)})`).join(", ") || "none";
  const wanted = `${query.types?.join("/") ?? "element"} ${query.blockId === undefined ? "" : `${query.blockId}/`}${query.actionId}`;
  const problem = matches.length > 1 ? "is ambiguous (pass blockId)" : "was not found";
  throw new Error(`${wanted} ${problem} in ${where}. Elements: ${listing}`);
}

/** `response_action: "errors"` must key on input blocks' block_id, with a message per block. */
function checkedErrors(view: SlackView, errors: unknown, describe: string): Record<string, string> {
  if (!isObject(errors) || Object.keys(errors).length === 0) {
    throw new Error(`${describe} needs a non-empty errors object`);
  }
  const inputBlockIds = new Set(view.blocks.filter((b) => b.type === "input").map((b) => str(b, "block_id")));
  const checked: Record<string, string> = {};
  for (const [blockId, message] of Object.entries(errors)) {
    if (!inputBlockIds.has(blockId)) {
      throw new Error(
        `${describe}: "${blockId}" is not the block_id of an input block (input blocks: ${[...inputBlockIds].join(", ") || "none"})`,
      );
    }
    if (typeof message !== "string" || message === "") throw new Error(`${describe}: the error for "${blockId}" must be a non-empty string`);
    checked[blockId] = message;
  }
  return checked;
}
