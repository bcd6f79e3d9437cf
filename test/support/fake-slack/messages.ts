/** Messages per channel (with threads), ephemeral messages, and chat.postMessage counters. */
import { SlackApiError } from "./errors.js";
import { TsSource, withGeneratedIds, type FakeClock } from "./ids.js";
import { clone, type Json, type JsonObject } from "./json.js";

export interface StoredMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  text?: string;
  blocks?: JsonObject[];
  attachments?: Json[];
  metadata?: JsonObject;
  files?: JsonObject[];
  /** The person who posted it, or the bot user for the app's messages. */
  user: string;
  /** Set on the app's own messages. */
  botId?: string;
  postedBy: "app" | "person";
  replyBroadcast?: boolean;
  /** How many times chat.update (or a response_url replace) changed it. */
  updateCount: number;
  editedTs?: string;
}

export interface StoredEphemeral {
  channel: string;
  user: string;
  messageTs: string;
  threadTs?: string;
  text?: string;
  blocks?: JsonObject[];
  attachments?: Json[];
  /** Where it came from: the Web API, a response_url, or the body of a slash command ack. */
  source: "chat.postEphemeral" | "response_url" | "command_ack";
}

export interface MessageContent {
  text?: string;
  blocks?: JsonObject[];
  attachments?: Json[];
  metadata?: JsonObject;
  files?: JsonObject[];
}

export interface BotIdentity {
  botUserId: string;
  botId: string;
  appId: string;
  teamId: string;
}

export class MessageStore {
  private readonly byChannel = new Map<string, StoredMessage[]>();
  private readonly ephemeralList: StoredEphemeral[] = [];
  private readonly postCounts = new Map<string, number>();
  private readonly tsSource = new TsSource();

  constructor(
    private readonly clock: FakeClock,
    private readonly bot: BotIdentity,
  ) {}

  nextTs(): string {
    return this.tsSource.next(this.clock.now());
  }

  /** The app posts (chat.postMessage, an in_channel response, a file share). */
  postAsApp(channel: string, content: MessageContent, threadTs?: string, replyBroadcast?: boolean): StoredMessage {
    return this.add({
      channel,
      ts: this.nextTs(),
      ...contentFields(content),
      ...(threadTs === undefined ? {} : { threadTs }),
      ...(replyBroadcast === undefined ? {} : { replyBroadcast }),
      user: this.bot.botUserId,
      botId: this.bot.botId,
      postedBy: "app",
      updateCount: 0,
    });
  }

  /** A person posts (set up by a test, or by the driver before it sends the message event). */
  postAsPerson(channel: string, user: string, content: MessageContent, threadTs?: string, ts?: string): StoredMessage {
    if (ts !== undefined && this.find(channel, ts) !== undefined) {
      throw new Error(`A message with ts ${ts} already exists in ${channel}`);
    }
    return this.add({
      channel,
      ts: ts ?? this.nextTs(),
      ...contentFields(content),
      ...(threadTs === undefined ? {} : { threadTs }),
      user,
      postedBy: "person",
      updateCount: 0,
    });
  }

  find(channel: string, ts: string): StoredMessage | undefined {
    return this.byChannel.get(channel)?.find((m) => m.ts === ts);
  }

  /** chat.update: fields that are given replace the old ones; omitted ones are kept (Slack keeps blocks). */
  update(channel: string, ts: string, content: MessageContent): StoredMessage {
    const message = this.find(channel, ts);
    if (message === undefined) throw new SlackApiError("message_not_found", [`no message ${ts} in ${channel}`]);
    if (message.postedBy !== "app") throw new SlackApiError("cant_update_message", [`message ${ts} was posted by a person`]);
    Object.assign(message, contentFields(content));
    message.updateCount += 1;
    message.editedTs = this.nextTs();
    return message;
  }

  delete(channel: string, ts: string): void {
    const list = this.byChannel.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index < 0) throw new SlackApiError("message_not_found", [`no message ${ts} in ${channel}`]);
    list.splice(index, 1);
  }

  /** All messages, oldest first; only one channel's when `channel` is given. */
  list(channel?: string): StoredMessage[] {
    if (channel !== undefined) return [...(this.byChannel.get(channel) ?? [])];
    return [...this.byChannel.values()].flat().sort((a, b) => compareTs(a.ts, b.ts));
  }

  postEphemeral(entry: Omit<StoredEphemeral, "messageTs">): StoredEphemeral {
    const stored: StoredEphemeral = { ...entry, messageTs: this.nextTs() };
    this.ephemeralList.push(stored);
    return stored;
  }

  findEphemeral(messageTs: string): StoredEphemeral | undefined {
    return this.ephemeralList.find((e) => e.messageTs === messageTs);
  }

  /** `replace_original` replaces the whole message: blocks or attachments left out are gone. */
  replaceEphemeral(messageTs: string, content: MessageContent): void {
    const entry = this.findEphemeral(messageTs);
    if (entry === undefined) return;
    delete entry.text;
    delete entry.blocks;
    delete entry.attachments;
    Object.assign(entry, contentFields(content));
  }

  deleteEphemeral(messageTs: string): void {
    const index = this.ephemeralList.findIndex((e) => e.messageTs === messageTs);
    if (index >= 0) this.ephemeralList.splice(index, 1);
  }

  ephemerals(user?: string): StoredEphemeral[] {
    return this.ephemeralList.filter((e) => user === undefined || e.user === user);
  }

  /** Count a chat.postMessage call (Slack allows ~1 per second per channel; the fake only counts). */
  countPost(channel: string): void {
    this.postCounts.set(channel, (this.postCounts.get(channel) ?? 0) + 1);
  }

  /** chat.postMessage calls per channel (bursts are allowed; tests assert on the count). */
  postMessageCounts(): Record<string, number> {
    return Object.fromEntries(this.postCounts);
  }

  /** The message object as Slack returns it in API responses and block_actions payloads. */
  toSlack(message: StoredMessage): JsonObject {
    const slack: JsonObject = { type: "message", user: message.user, ts: message.ts, text: message.text ?? "" };
    if (message.botId !== undefined) {
      slack.bot_id = message.botId;
      slack.app_id = this.bot.appId;
    }
    slack.team = this.bot.teamId;
    if (message.blocks !== undefined) slack.blocks = clone(message.blocks);
    if (message.attachments !== undefined) slack.attachments = clone(message.attachments);
    if (message.metadata !== undefined) slack.metadata = clone(message.metadata);
    if (message.files !== undefined) {
      slack.files = clone(message.files);
      slack.upload = true;
    }
    if (message.threadTs !== undefined) slack.thread_ts = message.threadTs;
    if (message.editedTs !== undefined) slack.edited = { user: message.user, ts: message.editedTs };
    return slack;
  }

  reset(): void {
    this.byChannel.clear();
    this.ephemeralList.length = 0;
    this.postCounts.clear();
  }

  private add(message: StoredMessage): StoredMessage {
    let list = this.byChannel.get(message.channel);
    if (list === undefined) this.byChannel.set(message.channel, (list = []));
    list.push(message);
    list.sort((a, b) => compareTs(a.ts, b.ts));
    return message;
  }
}

/** Only the fields that are present, with Slack's generated block/action ids filled in. */
function contentFields(content: MessageContent): Partial<StoredMessage> {
  const fields: Partial<StoredMessage> = {};
  if (content.text !== undefined) fields.text = content.text;
  if (content.blocks !== undefined) fields.blocks = withGeneratedIds(content.blocks);
  if (content.attachments !== undefined) fields.attachments = clone(content.attachments);
  if (content.metadata !== undefined) fields.metadata = clone(content.metadata);
  if (content.files !== undefined) fields.files = clone(content.files);
  return fields;
}

/** Order Slack timestamps (`seconds.micros`) without floating-point rounding. */
export function compareTs(a: string, b: string): number {
  const [aSec = "0", aMicro = "0"] = a.split(".");
  const [bSec = "0", bMicro = "0"] = b.split(".");
  return Number(aSec) - Number(bSec) || Number(aMicro.padEnd(6, "0")) - Number(bMicro.padEnd(6, "0"));
}
