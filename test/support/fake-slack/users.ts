import type { JsonObject } from "./json.js";
import { slackId } from "./ids.js";

export interface FakeUserInput {
  id: string;
  name?: string;
  realName?: string;
  email?: string;
  isAdmin?: boolean;
  isOwner?: boolean;
  isPrimaryOwner?: boolean;
  isBot?: boolean;
  isRestricted?: boolean;
  deleted?: boolean;
  /** IANA zone, e.g. "Europe/Berlin". Defaults to "America/Los_Angeles" like Slack's examples. */
  tz?: string;
  locale?: string;
}

export type FakeUser = Required<Omit<FakeUserInput, "email">> & { email: string | undefined };

/** People in the fake workspace, and the DM channel Slack keeps for each of them. */
export class UserRegistry {
  private readonly users = new Map<string, FakeUser>();
  private readonly dms = new Map<string, string>();
  private readonly groupDms = new Map<string, string>();

  add(input: FakeUserInput): FakeUser {
    const name = input.name ?? input.id.toLowerCase();
    const user: FakeUser = {
      id: input.id,
      name,
      realName: input.realName ?? name,
      email: input.email,
      isAdmin: input.isAdmin ?? input.isOwner ?? input.isPrimaryOwner ?? false,
      isOwner: input.isOwner ?? input.isPrimaryOwner ?? false,
      isPrimaryOwner: input.isPrimaryOwner ?? false,
      isBot: input.isBot ?? false,
      isRestricted: input.isRestricted ?? false,
      deleted: input.deleted ?? false,
      tz: input.tz ?? "America/Los_Angeles",
      locale: input.locale ?? "en-US",
    };
    this.users.set(user.id, user);
    return user;
  }

  get(id: string): FakeUser | undefined {
    return this.users.get(id);
  }

  /** The DM channel id (`D...`) between the app and a user; stable for the fake's lifetime. */
  dmChannel(userId: string): string {
    let channel = this.dms.get(userId);
    if (channel === undefined) {
      channel = slackId("D");
      this.dms.set(userId, channel);
    }
    return channel;
  }

  /** The user a DM channel belongs to, if the channel is one of the app's DMs. */
  dmUser(channel: string): string | undefined {
    for (const [userId, dm] of this.dms) if (dm === channel) return userId;
    return undefined;
  }

  /** The group DM (`G...`) for several people; stable per set of people. */
  groupDmChannel(userIds: readonly string[]): string {
    const key = [...userIds].sort().join(",");
    let channel = this.groupDms.get(key);
    if (channel === undefined) {
      channel = slackId("G");
      this.groupDms.set(key, channel);
    }
    return channel;
  }

  clearDms(): void {
    this.dms.clear();
    this.groupDms.clear();
  }
}

/** Slack's `user` object as users.info returns it. */
export function toSlackUser(user: FakeUser, teamId: string, includeLocale: boolean, nowMs: number): JsonObject {
  const { label, offsetSeconds } = zoneInfo(user.tz, nowMs);
  const profile: JsonObject = {
    real_name: user.realName,
    real_name_normalized: user.realName,
    display_name: user.name,
    display_name_normalized: user.name,
    team: teamId,
  };
  if (user.email !== undefined) profile.email = user.email;
  const slackUser: JsonObject = {
    id: user.id,
    team_id: teamId,
    name: user.name,
    deleted: user.deleted,
    real_name: user.realName,
    tz: user.tz,
    tz_label: label,
    tz_offset: offsetSeconds,
    profile,
    is_admin: user.isAdmin,
    is_owner: user.isOwner,
    is_primary_owner: user.isPrimaryOwner,
    is_restricted: user.isRestricted,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: Math.floor(nowMs / 1000),
  };
  if (includeLocale) slackUser.locale = user.locale;
  return slackUser;
}

function zoneInfo(tz: string, nowMs: number): { label: string; offsetSeconds: number } {
  const part = (timeZoneName: "long" | "longOffset"): string =>
    new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName })
      .formatToParts(new Date(nowMs))
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  const offset = /GMT([+-])(\d{2}):(\d{2})/.exec(part("longOffset"));
  const offsetSeconds =
    offset === null ? 0 : (offset[1] === "-" ? -1 : 1) * (Number(offset[2]) * 3600 + Number(offset[3]) * 60);
  return { label: part("long"), offsetSeconds };
}
