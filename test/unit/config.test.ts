import { describe, expect, it } from "vitest";
import { ConfigError, describeConfig, loadConfig } from "../../src/config.js";

const valid = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "s3cr3t-signing-value" };

describe("configuration", () => {
  it("applies defaults for every optional variable", () => {
    const c = loadConfig(valid);
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe("file:./data/app.db");
    expect(c.slack.appToken).toBeUndefined();
    expect(c.slack.adminUserIds).toEqual([]);
    expect(c.importMaxBytes).toBe(50 * 1024 * 1024);
  });

  it("stops with one line naming a missing variable and what is expected", () => {
    expect(() => loadConfig({ SLACK_SIGNING_SECRET: "s3cr3t-signing-value" })).toThrow(ConfigError);
    try {
      loadConfig({ SLACK_SIGNING_SECRET: "s3cr3t-signing-value" });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toMatch(/SLACK_BOT_TOKEN is missing; expected a bot token starting with xoxb-/);
      expect(message.split("\n")).toHaveLength(1);
    }
  });

  it("writes money in EUR unless CURRENCY names another ISO 4217 code, and refuses one Intl does not know", () => {
    expect(loadConfig(valid).currency).toBe("EUR");
    expect(loadConfig({ ...valid, CURRENCY: "chf" }).currency).toBe("CHF");
    expect(() => loadConfig({ ...valid, CURRENCY: "EURO" })).toThrow(/CURRENCY is invalid; expected an ISO 4217 currency code such as EUR, CHF or USD/);
    expect(() => loadConfig({ ...valid, CURRENCY: "ZZZ" })).toThrow(/CURRENCY is invalid/);
  });

  it("names an invalid variable", () => {
    expect(() => loadConfig({ ...valid, PORT: "eighty" })).toThrow(/PORT is invalid/);
    expect(() => loadConfig({ ...valid, SLACK_APP_TOKEN: "xoxb-wrong" })).toThrow(/SLACK_APP_TOKEN is invalid; expected an app-level token/);
    expect(() => loadConfig({ ...valid, DEFAULT_TIME_ZONE: "Mars/Base" })).toThrow(/DEFAULT_TIME_ZONE is invalid/);
    expect(() => loadConfig({ ...valid, SLACK_ADMIN_USER_IDS: "bob" })).toThrow(/SLACK_ADMIN_USER_IDS is invalid/);
  });

  it("parses admin ids and normalises the API URL", () => {
    const c = loadConfig({ ...valid, SLACK_ADMIN_USER_IDS: "U01AAA, U02BBB", SLACK_API_URL: "http://127.0.0.1:9/api" });
    expect(c.slack.adminUserIds).toEqual(["U01AAA", "U02BBB"]);
    expect(c.slack.apiUrl).toBe("http://127.0.0.1:9/api/");
  });

  it("treats an empty app token as HTTP mode", () => {
    expect(loadConfig({ ...valid, SLACK_APP_TOKEN: "" }).slack.appToken).toBeUndefined();
  });

  it("never prints secrets when describing itself", () => {
    const text = describeConfig(loadConfig({ ...valid, SLACK_APP_TOKEN: "xapp-1-secret" }));
    expect(text).not.toContain("xoxb");
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("xapp");
    expect(text).toContain("Socket Mode");
  });
});

describe("configuration: what a newcomer gets wrong", () => {
  it("refuses each .env.example placeholder with a line saying what to put there", () => {
    expect(() => loadConfig({ ...valid, SLACK_BOT_TOKEN: "xoxb-replace-me" })).toThrow(
      /^Configuration error: SLACK_BOT_TOKEN still holds the example value from \.env\.example; replace it with the Bot User OAuth Token/,
    );
    expect(() => loadConfig({ ...valid, SLACK_SIGNING_SECRET: "replace-me-with-the-signing-secret" })).toThrow(
      /SLACK_SIGNING_SECRET still holds the example value .* Signing Secret \(Basic Information > App Credentials\)/,
    );
    expect(() => loadConfig({ ...valid, SLACK_APP_TOKEN: "xapp-replace-me" })).toThrow(
      /SLACK_APP_TOKEN still holds the example value .* or leave it empty for HTTP mode/,
    );
  });

  it("names PORT and the range it takes when it is not a port number", () => {
    for (const port of ["abc", "3000.5", "70000", "-1"]) {
      expect(() => loadConfig({ ...valid, PORT: port })).toThrow(/^Configuration error: PORT is invalid; expected a port number from 0 to 65535, such as 3000\./);
    }
  });

  it("refuses a DATABASE_URL that names no file", () => {
    expect(() => loadConfig({ ...valid, DATABASE_URL: "file:" })).toThrow(/DATABASE_URL is invalid; expected a SQLite file after file:.*file: alone names no file/);
    expect(() => loadConfig({ ...valid, DATABASE_URL: "file:?mode=rw" })).toThrow(/DATABASE_URL is invalid; expected a SQLite file after file:/);
    expect(() => loadConfig({ ...valid, DATABASE_URL: "file:./data/" })).toThrow(/DATABASE_URL is invalid; expected a SQLite file, not a folder/);
    expect(loadConfig({ ...valid, DATABASE_URL: "file:./data/app.db" }).databaseUrl).toBe("file:./data/app.db");
  });
});

describe("configuration: empty variables", () => {
  it("treats an empty optional variable as not set, so its default applies", () => {
    const c = loadConfig({ ...valid, PORT: "", SLACK_API_RETRIES: "", DATABASE_URL: "", DEFAULT_TIME_ZONE: " ", LOG_LEVEL: "" });
    expect(c).toMatchObject({ port: 3000, databaseUrl: "file:./data/app.db", defaultTimeZone: "UTC", logLevel: "info" });
    expect(c.slack.apiRetries).toBe(2);
  });

  it("says what LOG_LEVEL accepts", () => {
    expect(() => loadConfig({ ...valid, LOG_LEVEL: "loud" })).toThrow(/LOG_LEVEL is invalid; expected one of debug, info, warn, error/);
  });
});

describe("configuration: tickets, email intake and SLA summaries", () => {
  it("defaults to no tickets channel, email intake off and a weekday 08:00 summary in the default time zone", () => {
    const c = loadConfig({ ...valid, DEFAULT_TIME_ZONE: "Europe/Rome" });
    expect(c.tickets.channelId).toBeUndefined();
    expect(c.inboundEmail).toEqual({ secret: undefined, maxBytes: 10 * 1024 * 1024 });
    expect(c.slaSummary).toEqual({ cron: "0 8 * * 1-5", timeZone: "Europe/Rome", period: "week", managerUserIds: [], channelId: undefined });
  });

  it("reads the ticket channel, the email secret, the managers and the summary schedule", () => {
    const c = loadConfig({
      ...valid,
      TICKETS_CHANNEL_ID: "C0TICKETS1",
      INBOUND_EMAIL_SECRET: "0123456789abcdef0123",
      INBOUND_EMAIL_MAX_BYTES: "2048",
      SLA_SUMMARY_CRON: "30 7 * * *",
      SLA_SUMMARY_TIMEZONE: "America/New_York",
      SLA_SUMMARY_PERIOD: "month",
      SLA_MANAGER_USER_IDS: "U0MGR0001 U0MGR0002",
      SLA_SUMMARY_CHANNEL_ID: "C0MANAGERS",
    });
    expect(c.tickets.channelId).toBe("C0TICKETS1");
    expect(c.inboundEmail).toEqual({ secret: "0123456789abcdef0123", maxBytes: 2048 });
    expect(c.slaSummary).toEqual({
      cron: "30 7 * * *",
      timeZone: "America/New_York",
      period: "month",
      managerUserIds: ["U0MGR0001", "U0MGR0002"],
      channelId: "C0MANAGERS",
    });
  });

  it("names each invalid ticket or summary variable and what it expects", () => {
    expect(() => loadConfig({ ...valid, TICKETS_CHANNEL_ID: "#support" })).toThrow(/TICKETS_CHANNEL_ID is invalid; expected a Slack channel id/);
    expect(() => loadConfig({ ...valid, INBOUND_EMAIL_SECRET: "short" })).toThrow(/INBOUND_EMAIL_SECRET is invalid; expected a random secret of at least 16/);
    expect(() => loadConfig({ ...valid, SLA_SUMMARY_CRON: "every morning" })).toThrow(/SLA_SUMMARY_CRON is invalid; expected a cron expression/);
    expect(() => loadConfig({ ...valid, SLA_SUMMARY_TIMEZONE: "Rome" })).toThrow(/SLA_SUMMARY_TIMEZONE is invalid; expected an IANA time zone/);
    expect(() => loadConfig({ ...valid, SLA_SUMMARY_PERIOD: "year" })).toThrow(/SLA_SUMMARY_PERIOD is invalid; expected one of today, week, month/);
    expect(() => loadConfig({ ...valid, SLA_MANAGER_USER_IDS: "boss" })).toThrow(/SLA_MANAGER_USER_IDS is invalid/);
  });
});

describe("configuration: start-up description", () => {
  it("says whether email intake and the summary are on without printing the email secret", () => {
    const text = describeConfig(
      loadConfig({ ...valid, INBOUND_EMAIL_SECRET: "very-secret-inbound-value", SLA_MANAGER_USER_IDS: "U0MGR0001", TICKETS_CHANNEL_ID: "C0TICKETS1" }),
    );
    expect(text).toContain("email intake on at POST /email/inbound");
    expect(text).toContain('SLA summary "0 8 * * 1-5" UTC');
    expect(text).toContain("tickets channel C0TICKETS1");
    expect(text).not.toContain("very-secret-inbound-value");
    expect(describeConfig(loadConfig(valid))).toContain("email intake off");
  });
});
