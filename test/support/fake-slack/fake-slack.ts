/**
 * FakeSlack: a local Slack Web API for end-to-end tests, enforcing Slack's limits (docs/slack-limits.md).
 * Point Bolt at it with `clientOptions: { slackApiUrl: fake.apiUrl }`.
 */
import { FakeClock } from "./ids.js";
import { isObject, type JsonObject } from "./json.js";
import type { AddFileInput, UploadRecord } from "./files.js";
import type { StoredEphemeral, StoredMessage } from "./messages.js";
import { DEFAULT_RATE_LIMITS, RateLimiter } from "./rate-limits.js";
import { deliverResponse, type ResponseContext, type ResponseDelivery, type ResponseUrlPost } from "./responses.js";
import { startServer, type RecordedCall, type RunningServer } from "./server.js";
import type { FakeUser, FakeUserInput } from "./users.js";
import type { PersonInput } from "./view-state.js";
import type { SlackView, StoredView } from "./views.js";
import { Workspace, type SlackOutage, type WorkspaceConfig } from "./workspace.js";

export type { SlackOutage };

export interface FakeSlackOptions {
  botToken: string;
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  appToken?: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  botId?: string;
  appId?: string;
  /** Default true: chat.update 50/min, views.* and users.info 100/min, answered with HTTP 429. */
  enforceRateLimits?: boolean;
  /** Override per-method limits (calls per rolling 60 s). */
  rateLimits?: Record<string, number>;
  /** The fake's clock in ms (default Date.now); `advanceClock()` adds to it. */
  now?: () => number;
  /** Default true: print every rejected call and its reasons with console.warn. */
  logRejections?: boolean;
}

/** Slack's file object (files.info), with the fields tests read most. */
export interface SlackFile extends JsonObject {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  size: number;
  user: string;
  url_private: string;
  url_private_download: string;
}

/** Values for `setValues`: block_id -> what was entered, or `{ actionId, value }` when a block has several elements. */
export type ViewValues = Record<string, PersonInput | { actionId: string; value: PersonInput }>;

export interface AddMessageInput {
  channel: string;
  user: string;
  text?: string;
  blocks?: JsonObject[];
  threadTs?: string;
  ts?: string;
}

type CallListener = (call: RecordedCall) => void;

function isTargeted(entry: ViewValues[string]): entry is { actionId: string; value: PersonInput } {
  return isObject(entry) && typeof entry.actionId === "string" && "value" in entry;
}

export async function startFakeSlack(opts: FakeSlackOptions): Promise<FakeSlack> {
  const config: WorkspaceConfig = {
    botToken: opts.botToken,
    ...(opts.appToken === undefined ? {} : { appToken: opts.appToken }),
    teamId: opts.teamId ?? "T0FAKETEAM",
    teamDomain: opts.teamDomain ?? "fake-workspace",
    teamName: "Fake Workspace",
    botUserId: opts.botUserId ?? "U0FAKEBOT1",
    botId: opts.botId ?? "B0FAKEBOT1",
    appId: opts.appId ?? "A0FAKEAPP1",
  };
  const workspace = new Workspace(config, new FakeClock(opts.now));
  // The app's own bot user exists in the workspace, as in Slack.
  workspace.users.add({ id: config.botUserId, name: "fake-app", realName: "Fake App", isBot: true });
  const limiter = new RateLimiter({ ...DEFAULT_RATE_LIMITS, ...opts.rateLimits }, opts.enforceRateLimits ?? true);
  const calls: RecordedCall[] = [];
  const listeners = new Set<CallListener>();
  const logRejections = opts.logRejections ?? true;
  const server = await startServer({
    workspace,
    limiter,
    record: (call) => {
      calls.push(call);
      for (const listener of [...listeners]) listener(call);
    },
    reportRejection: (what, error, messages) => {
      if (logRejections) console.warn([`[fake-slack] ${what} -> ${error}`, ...messages.map((m) => `    ${m}`)].join("\n"));
    },
  });
  workspace.baseUrl = server.baseUrl;
  return new FakeSlack(workspace, limiter, server, calls, listeners);
}

export class FakeSlack {
  /** What Bolt's `clientOptions.slackApiUrl` wants: `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  /** `http://127.0.0.1:PORT/` */
  readonly baseUrl: string;

  /** @internal use startFakeSlack() */
  constructor(
    private readonly ws: Workspace,
    private readonly limiter: RateLimiter,
    private readonly server: RunningServer,
    /** Every Web API call, in order (cleared in place by reset()). */
    readonly calls: RecordedCall[],
    private readonly listeners: Set<CallListener>,
  ) {
    this.baseUrl = server.baseUrl;
    this.apiUrl = `${server.baseUrl}api/`;
  }

  get botToken(): string {
    return this.ws.config.botToken;
  }
  get teamId(): string {
    return this.ws.config.teamId;
  }
  get teamDomain(): string {
    return this.ws.config.teamDomain;
  }
  get botUserId(): string {
    return this.ws.config.botUserId;
  }
  get botId(): string {
    return this.ws.config.botId;
  }
  get appId(): string {
    return this.ws.config.appId;
  }

  close(): Promise<void> {
    return this.server.close();
  }

  /** Forget calls, messages, views, triggers, files, uploads and rate-limit windows; keep users. */
  reset(): void {
    this.calls.length = 0;
    this.ws.reset();
    this.limiter.reset();
  }

  // ---- Recorded calls -------------------------------------------------------------------------

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /**
   * The first call to `method` (already made or still to come) that matches `predicate`.
   * Rejects after `timeoutMs` with the list of calls seen, which usually shows what went wrong.
   */
  waitForCall(method: string, predicate?: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const matches = (call: RecordedCall): boolean => {
      if (call.method !== method) return false;
      try {
        return predicate === undefined || predicate(call);
      } catch {
        return false;
      }
    };
    const existing = this.calls.find(matches);
    if (existing !== undefined) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const listener: CallListener = (call) => {
        if (!matches(call)) return;
        cleanup();
        resolve(call);
      };
      const timer = setTimeout(() => {
        cleanup();
        const what = predicate === undefined ? `a ${method} call` : `a ${method} call matching the predicate`;
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\nCalls seen:\n${this.describeCalls()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.listeners.delete(listener);
      };
      this.listeners.add(listener);
    });
  }

  /** One line per call with its outcome and Slack's reasons; handy in assertion messages. */
  describeCalls(): string {
    if (this.calls.length === 0) return "  (no Web API calls)";
    return this.calls
      .map((c) => {
        const metadata = c.response.response_metadata;
        const reasons = isObject(metadata) && Array.isArray(metadata.messages) ? ` ${metadata.messages.join("; ")}` : "";
        return `  ${c.method} -> ${c.ok ? "ok" : `${c.error ?? "error"}${reasons}`}`;
      })
      .join("\n");
  }

  // ---- Clock, rate limits ------------------------------------------------------------------------

  now(): number {
    return this.ws.clock.now();
  }

  /** Move the fake's clock (trigger expiry, rate-limit windows, response_url lifetime). */
  advanceClock(ms: number): void {
    this.ws.clock.advance(ms);
  }

  /** Calls per rate-limited method in the current 60 s window. */
  rateLimitCounts(): Record<string, number> {
    return this.limiter.counts(this.now());
  }

  /** Successful chat.postMessage calls per channel. */
  postMessageCounts(): Record<string, number> {
    return this.ws.messages.postMessageCounts();
  }

  /** The app is uninstalled (or its tokens revoked): from now on every Web API call answers token_revoked. */
  revokeTokens(): void {
    this.ws.tokensRevoked = true;
  }

  // ---- Users ---------------------------------------------------------------------------------

  /**
   * From now on chat.postMessage and chat.update in `channel` fail with `error` (Slack's answer
   * when the app was removed from the channel: not_in_channel; or it was deleted: channel_not_found).
   * `undefined` lifts the refusal.
   */
  refuseChannel(channel: string, error: string | undefined): void {
    if (error === undefined) this.ws.refusedChannels.delete(channel);
    else this.ws.refusedChannels.set(channel, error);
  }

  /**
   * Slack goes down for `methods` ("*": every Web API method; also "upload" and "download" for the
   * file URLs, "response_url"): each call fails as `how` says (default: the connection drops) until
   * restoreSlack(), or for its next `how.times` calls. Such calls are recorded with ok false.
   */
  failSlack(methods: readonly string[] | "*", how: SlackOutage = { kind: "unreachable" }): void {
    for (const method of methods === "*" ? ["*"] : methods) this.ws.outages.set(method, how);
  }

  /** Slack is back: every outage set with failSlack ends. */
  restoreSlack(): void {
    this.ws.outages.clear();
  }

  /** Names a channel, as conversations.info answers it (a channel not named there is channel_not_found). */
  addChannel(id: string, name: string): void {
    this.ws.channelNames.set(id, name);
  }

  addUser(input: FakeUserInput): FakeUser {
    return this.ws.users.add(input);
  }

  user(id: string): FakeUser | undefined {
    return this.ws.users.get(id);
  }

  /** The DM channel (`D...`) between the app and a person, as conversations.open answers it. */
  dmChannel(userId: string): string {
    return this.ws.users.dmChannel(userId);
  }

  // ---- Messages ------------------------------------------------------------------------------

  /** Messages in a channel (or everywhere), oldest first. A user id means that person's DM. */
  messages(channel?: string): StoredMessage[] {
    return this.ws.messages.list(channel === undefined ? undefined : this.ws.resolveChannel(channel));
  }

  lastMessage(channel: string): StoredMessage | undefined {
    return this.messages(channel).at(-1);
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.ws.messages.find(this.ws.resolveChannel(channel), ts);
  }

  /** Slack's message object for a stored message (as in block_actions payloads). */
  messageObject(message: StoredMessage): JsonObject {
    return this.ws.messages.toSlack(message);
  }

  /** A person posts a message (the driver sends the matching `message` event separately). */
  addMessage(input: AddMessageInput): StoredMessage {
    const content = { ...(input.text === undefined ? {} : { text: input.text }), ...(input.blocks === undefined ? {} : { blocks: input.blocks }) };
    return this.ws.messages.postAsPerson(this.ws.resolveChannel(input.channel), input.user, content, input.threadTs, input.ts);
  }

  ephemerals(user?: string): StoredEphemeral[] {
    return this.ws.messages.ephemerals(user);
  }

  findEphemeral(messageTs: string): StoredEphemeral | undefined {
    return this.ws.messages.findEphemeral(messageTs);
  }

  // ---- response_url --------------------------------------------------------------------------

  /** A response_url on the fake, for commands and interactions sent by the driver. */
  createResponseUrl(context: ResponseContext): string {
    return `${this.baseUrl}response_url/${this.ws.responses.create(context, this.now())}`;
  }

  /** Everything posted to response_urls, with what Slack did with it. */
  responseUrlPosts(): ResponseUrlPost[] {
    return [...this.ws.responses.posts];
  }

  /** Apply a response the way Slack does (used for the body of a slash command's ack). */
  deliverResponse(context: ResponseContext, body: unknown, source: StoredEphemeral["source"]): ResponseDelivery {
    return deliverResponse(this.ws.messages, context, body, source);
  }

  // ---- Triggers ------------------------------------------------------------------------------

  /** A trigger_id for one command/interaction by `userId`: valid 3 s (fake clock), usable once. */
  issueTriggerId(userId: string): string {
    return this.ws.triggers.issue(userId);
  }

  /** Expire a trigger now, to test the app's handling of `expired_trigger_id` without sleeping. */
  expireTrigger(triggerId: string): void {
    this.ws.triggers.expire(triggerId);
  }

  // ---- Views ---------------------------------------------------------------------------------

  /** An open view in Slack's shape, with `state.values` as the next payload would carry them. */
  view(viewId: string): SlackView | undefined {
    const view = this.ws.views.get(viewId);
    return view === undefined || !view.open ? undefined : this.ws.views.toSlack(view, "full");
  }

  /** Like view(), but throws (listing the open views) when there is no such open view. */
  requireView(viewId: string): SlackView {
    return this.ws.views.toSlack(this.ws.views.require(viewId), "full");
  }

  /** The view on top of the person's modal stack. */
  currentView(userId: string): SlackView | undefined {
    const view = this.ws.views.current(userId);
    return view === undefined ? undefined : this.ws.views.toSlack(view, "full");
  }

  /** The person's modal stack, root first. */
  viewStack(userId: string): SlackView[] {
    return this.ws.views.stack(userId).map((v) => this.ws.views.toSlack(v, "full"));
  }

  /** The App Home view last published for the person. */
  homeView(userId: string): SlackView | undefined {
    const view = this.ws.views.home(userId);
    return view === undefined ? undefined : this.ws.views.toSlack(view, "full");
  }

  /** Who a view belongs to. */
  viewOwner(viewId: string): string {
    return this.ws.views.require(viewId).userId;
  }

  /**
   * A person types into / picks in an element of an open view. `actionId` may be undefined when the
   * block has a single element. Values: text for text inputs, option value(s) for selects, checkboxes
   * and radio buttons, "YYYY-MM-DD" for datepickers, user/channel ids for those selects, null to clear.
   */
  setValue(viewId: string, blockId: string, actionId: string | undefined, value: PersonInput): void {
    this.ws.views.setTyped(viewId, blockId, actionId, value);
  }

  setValues(viewId: string, values: ViewValues): void {
    for (const [blockId, entry] of Object.entries(values)) {
      if (isTargeted(entry)) this.setValue(viewId, blockId, entry.actionId, entry.value);
      else this.setValue(viewId, blockId, undefined, entry);
    }
  }

  /** Person-side: the top view of the stack closes (submitted or closed); answers the closed views. */
  closeTopView(userId: string): SlackView[] {
    return this.ws.views.closeTop(userId).map((v) => this.ws.views.toSlack(v, "full"));
  }

  /** Person-side: the whole stack closes. */
  clearViews(userId: string): SlackView[] {
    return this.ws.views.clear(userId).map((v) => this.ws.views.toSlack(v, "full"));
  }

  /** response_action "update": replace a view in place (throws SlackApiError on limits). */
  replaceView(viewId: string, definition: unknown): SlackView {
    const view: StoredView = this.ws.views.require(viewId);
    return this.ws.views.toSlack(this.ws.views.update(view, definition), "full");
  }

  /** response_action "push" (throws SlackApiError: push_limit_reached, limits). */
  pushView(userId: string, definition: unknown): SlackView {
    return this.ws.views.toSlack(this.ws.views.push(userId, definition), "full");
  }

  // ---- Files ---------------------------------------------------------------------------------

  /** Register a file a person uploaded (and shared into `channels`); answers its files.info object. */
  addFile(input: AddFileInput): SlackFile {
    const stored = this.ws.addPersonFile(input);
    const file = this.file(stored.id);
    if (file === undefined) throw new Error(`addFile: file ${stored.id} vanished`);
    return file;
  }

  file(id: string): SlackFile | undefined {
    const stored = this.ws.files.get(id);
    if (stored === undefined) return undefined;
    const slack = this.ws.files.toSlack(stored, this.baseUrl, this.teamId, this.teamDomain);
    return {
      ...slack,
      id: stored.id,
      name: stored.name,
      title: stored.title,
      mimetype: stored.mimetype,
      filetype: stored.filetype,
      size: stored.content.length,
      user: stored.user,
      url_private: String(slack.url_private),
      url_private_download: String(slack.url_private_download),
    };
  }

  /** How many times a file's content was downloaded with the bot token. */
  downloadsOf(id: string): number {
    return this.ws.files.get(id)?.downloads ?? 0;
  }

  /** Files the app uploaded with files.uploadV2 (or the three underlying calls). */
  uploads(): UploadRecord[] {
    return this.ws.files.uploads();
  }
}
