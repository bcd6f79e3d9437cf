/** All state of the fake workspace, shared by the Web API handlers, the HTTP server and the test facade. */
import { SlackApiError } from "./errors.js";
import { FileStore, type AddFileInput, type StoredFile } from "./files.js";
import type { FakeClock } from "./ids.js";
import { MessageStore } from "./messages.js";
import { ResponseUrls } from "./responses.js";
import { TriggerRegistry } from "./triggers.js";
import { UserRegistry } from "./users.js";
import { ViewRegistry } from "./views.js";

export interface WorkspaceConfig {
  botToken: string;
  /** The app-level token (`xapp-…`) apps.connections.open takes, for Socket Mode; none by default. */
  appToken?: string;
  teamId: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  appId: string;
}

/**
 * How a Slack that is down answers (see FakeSlack.failSlack): no connection at all, an HTTP error
 * page, HTTP 429 with Retry-After, or `{ ok: false, error }` (internal_error, fatal_error, ...).
 */
export type SlackOutage =
  | { kind: "unreachable"; times?: number }
  | { kind: "http"; status: number; times?: number }
  | { kind: "ratelimited"; retryAfterSeconds: number; times?: number }
  | { kind: "error"; error: string; times?: number };

export class Workspace {
  readonly users = new UserRegistry();
  /** The app was uninstalled (or its tokens revoked): every call answers token_revoked. */
  tokensRevoked = false;
  readonly files = new FileStore();
  readonly responses = new ResponseUrls();
  readonly messages: MessageStore;
  readonly views: ViewRegistry;
  readonly triggers: TriggerRegistry;
  /** `http://127.0.0.1:PORT/`, known once the server listens. */
  baseUrl = "";
  /** Channel names by id (FakeSlack.addChannel), as conversations.info answers them. */
  readonly channelNames = new Map<string, string>();
  /** Channels where posting fails, with Slack's error (e.g. the app is not a member: not_in_channel). */
  readonly refusedChannels = new Map<string, string>();
  /**
   * Methods failing as in an outage ("*": every Web API method; "upload" and "download": the file
   * URLs; "response_url"), with how; `times` counts down the calls still to fail.
   */
  readonly outages = new Map<string, SlackOutage>();

  constructor(
    readonly config: WorkspaceConfig,
    readonly clock: FakeClock,
  ) {
    this.messages = new MessageStore(clock, config);
    this.views = new ViewRegistry({ teamId: config.teamId, appId: config.appId, botId: config.botId, clock });
    this.triggers = new TriggerRegistry(clock);
  }

  /** Throws the error set with FakeSlack.refuseChannel for this channel, as Slack answers chat.* calls there. */
  checkPostable(channel: string): void {
    const code = this.refusedChannels.get(channel);
    if (code !== undefined) throw new SlackApiError(code);
  }

  /** The outage a call to `method` meets now (and counts it), if any. */
  outageFor(method: string, isWebApi: boolean): SlackOutage | undefined {
    const key = this.outages.has(method) ? method : isWebApi && this.outages.has("*") ? "*" : undefined;
    const outage = key === undefined ? undefined : this.outages.get(key);
    if (key === undefined || outage === undefined) return undefined;
    if (outage.times !== undefined) {
      if (outage.times <= 1) this.outages.delete(key);
      else this.outages.set(key, { ...outage, times: outage.times - 1 });
    }
    return outage;
  }

  nowSeconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  /**
   * Any channel id is taken as valid (C..., D..., G...). Like Slack, a user id (U.../W...) given as
   * the channel of chat.postMessage means the app's DM with that person.
   */
  resolveChannel(channel: string): string {
    return /^[UW][A-Z0-9]+$/.test(channel) ? this.users.dmChannel(channel) : channel;
  }

  /** A person uploads a file and shares it: each share is a message carrying the file. */
  addPersonFile(input: AddFileInput): StoredFile {
    const file = this.files.add(input, this.nowSeconds());
    for (const channel of input.channels ?? []) {
      const slackFile = this.files.toSlack(file, this.baseUrl, this.config.teamId, this.config.teamDomain);
      const message = this.messages.postAsPerson(channel, input.user, { text: "", files: [slackFile] }, input.threadTs);
      file.shares.push({ channel, ts: message.ts, ...(input.threadTs === undefined ? {} : { threadTs: input.threadTs }) });
    }
    return file;
  }

  reset(): void {
    this.users.clearDms();
    this.files.reset();
    this.responses.reset();
    this.messages.reset();
    this.views.reset();
    this.triggers.clear();
    this.refusedChannels.clear();
    this.outages.clear();
  }
}
