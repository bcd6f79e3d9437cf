/**
 * The one place that reads the environment. dotenv loads `.env`; zod checks every variable.
 * A missing or invalid variable stops start-up with one line naming it and saying what is expected.
 * Secrets are never logged: `describeConfig` prints only what is safe.
 */
import { isTimeZone } from "./domain/time-zone.js";
import { DEFAULT_CURRENCY, isCurrencyCode } from "./domain/money.js";
import { validate as isCronExpression } from "node-cron";
import { z } from "zod";
import { databaseKind, redactDatabaseUrl } from "./db/url.js";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const userIdList = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.split(/[\s,]+/).filter(Boolean) : []))
  .pipe(z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/, "Slack user ids look like U0123ABCD")));

const channelId = optionalString.pipe(
  z.string().regex(/^[CGD][A-Z0-9]{2,}$/, "a Slack channel id such as C0123ABCD (channel details > About, at the bottom)").optional(),
);

/** A switch: true/false, yes/no, on/off, 1/0 (any case). */
const flag = (fallback: boolean) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .optional()
    .refine((v) => v === undefined || /^(true|false|yes|no|on|off|1|0)$/.test(v), "true or false")
    .transform((v) => (v === undefined ? fallback : /^(true|yes|on|1)$/.test(v)));

const SMTP_EXPECTED =
  "an SMTP server URL such as smtp://user:password@mail.example.com:587 (STARTTLS required) or smtps://user:password@mail.example.com:465; smtp://relay.local:25?tls=off for a relay without TLS";

/** smtp:// or smtps:// with a host; user and password percent-encoded when they hold @ : / and the like. */
const smtpUrl = optionalString.pipe(
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        const tls = u.searchParams.get("tls");
        return (u.protocol === "smtp:" || u.protocol === "smtps:") && u.hostname !== "" && (tls === null || tls.toLowerCase() === "off");
      } catch {
        return false;
      }
    }, SMTP_EXPECTED)
    .optional(),
);

/** "Acme Support <support@msp.example>" or "support@msp.example". */
export function parseMailbox(raw: string): { name: string | null; address: string } | undefined {
  const m = /^\s*(?:"?([^"<]*?)"?\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s"]+@[^<>\s"]+))\s*$/.exec(raw);
  if (!m) return undefined;
  const address = (m[2] ?? m[3] ?? "").trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address)) return undefined;
  const name = (m[1] ?? "").trim();
  return { name: name || null, address };
}

const mailbox = optionalString.pipe(
  z.string().refine((v) => parseMailbox(v) !== undefined, "an address such as support@msp.example, or with a name: Acme Support <support@msp.example>").optional(),
);

/** The portal's public address: https (a browser keeps its Secure cookie only there), or http on this machine for trying it out. */
const portalUrl = optionalString.pipe(
  z
    .string()
    .refine((v) => {
      try {
        const u = new URL(v);
        const local = u.hostname === "localhost" || u.hostname === "127.0.0.1" || u.hostname === "[::1]";
        return (u.protocol === "https:" || (u.protocol === "http:" && local)) && !u.search && !u.hash;
      } catch {
        return false;
      }
    }, "the portal's public https address, such as https://support.msp.example/portal (http only for localhost)")
    .transform((v) => v.replace(/\/+$/, ""))
    .optional(),
);

const PORT_EXPECTED = "a port number from 0 to 65535, such as 3000";

/** The path part of a `file:` URL, without its query (`file:./data/app.db?connection_limit=1`). */
const sqlitePathOf = (url: string) => (url.slice("file:".length).split("?")[0] ?? "").trim();

const timeZone = z.string().trim().refine(isTimeZone, "an IANA time zone such as Europe/Rome or UTC");

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().trim().regex(/^xoxb-/, "a bot token starting with xoxb-"),
  SLACK_SIGNING_SECRET: z.string().trim().min(8, "the app's signing secret (Basic Information > App Credentials)"),
  SLACK_APP_TOKEN: optionalString.pipe(
    z.string().regex(/^xapp-/, "an app-level token starting with xapp- (or leave empty for HTTP mode)").optional(),
  ),
  SLACK_API_URL: optionalString.pipe(
    z
      .url({ message: "a URL such as https://slack.com/api/" })
      .transform((u) => (u.endsWith("/") ? u : `${u}/`))
      .optional(),
  ),
  SLACK_API_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  SLACK_ADMIN_USER_IDS: userIdList,
  PORT: z.coerce.number({ message: PORT_EXPECTED }).int(PORT_EXPECTED).min(0, PORT_EXPECTED).max(65535, PORT_EXPECTED).default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .default("file:./data/app.db")
    .refine((v) => databaseKind(v) !== undefined, "a SQLite URL such as file:./data/app.db or a PostgreSQL URL such as postgresql://user:password@localhost:5432/customerbook")
    .refine((v) => databaseKind(v) !== "sqlite" || sqlitePathOf(v) !== "", "a SQLite file after file:, such as file:./data/app.db (file: alone names no file)")
    .refine((v) => databaseKind(v) !== "sqlite" || !/[\\/]$/.test(sqlitePathOf(v)), "a SQLite file, not a folder, such as file:./data/app.db"),
  DEFAULT_TIME_ZONE: timeZone.default("UTC"),
  DEFAULT_LOCALE: z.enum(["en", "it"], { message: "en (English) or it (Italian)" }).default("en"),
  CURRENCY: optionalString.pipe(
    z
      .string()
      .transform((v) => v.toUpperCase())
      .refine(isCurrencyCode, "an ISO 4217 currency code such as EUR, CHF or USD")
      .optional(),
  ),
  IMPORT_MAX_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  IMPORT_JOB_LEASE_SECONDS: z.coerce.number({ message: "a number of seconds, at least 2, such as 60" }).min(2, "a number of seconds, at least 2, such as 60").max(3600, "at most 3600 seconds").default(60),
  TICKETS_CHANNEL_ID: channelId,
  INBOUND_EMAIL_SECRET: optionalString.pipe(z.string().min(16, "a random secret of at least 16 characters (e.g. openssl rand -hex 24)").optional()),
  INBOUND_EMAIL_MAX_BYTES: z.coerce.number().int().positive().default(10 * 1024 * 1024),
  SMTP_URL: smtpUrl,
  EMAIL_FROM: mailbox,
  EMAIL_ACKNOWLEDGE: flag(true),
  EMAIL_NOTIFY_RESOLVED: flag(true),
  EMAIL_TRUSTED_AUTHSERV_ID: optionalString.pipe(
    z.string().regex(/^[^\s;()]+$/, "the authserv-id your mail server writes first in its Authentication-Results header, such as mx.msp.example").optional(),
  ),
  SLA_SUMMARY_CRON: z
    .string()
    .trim()
    .default("0 8 * * 1-5")
    .refine((v) => isCronExpression(v), "a cron expression such as 0 8 * * 1-5 (minute hour day month weekday)"),
  SLA_SUMMARY_TIMEZONE: timeZone.optional(),
  SLA_SUMMARY_PERIOD: z.enum(["today", "week", "month"], { message: "one of today, week, month" }).default("week"),
  SLA_MANAGER_USER_IDS: userIdList,
  SLA_SUMMARY_CHANNEL_ID: channelId,
  PORTAL_URL: portalUrl,
  PORTAL_TRUST_PROXY: flag(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"], { message: "one of debug, info, warn, error" }).default("info"),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16, "a random token of at least 16 characters (e.g. openssl rand -hex 24), or leave it empty").optional()),
  DRAIN_TIMEOUT: z.coerce
    .number({ message: "seconds, such as 25" })
    .positive("seconds, more than 0, such as 25")
    .max(3600, "seconds, at most 3600")
    .default(25),
  LOG_FORMAT: z.enum(["text", "json"], { message: "text (readable lines, the default) or json (one JSON object per line, for log collectors)" }).default("text"),
});

/** What each variable expects, for the start-up message when it is missing. */
const EXPECTED: Record<string, string> = {
  SLACK_BOT_TOKEN: "a bot token starting with xoxb- (OAuth & Permissions page of your Slack app)",
  SLACK_SIGNING_SECRET: "the app's signing secret (Basic Information > App Credentials)",
};

/**
 * .env.example's values that must be replaced before the app can run: `replace-me` marks them.
 * A value still holding it is refused with what to put there instead.
 */
const PLACEHOLDER = /replace-me/i;
const REPLACE_WITH: Record<string, string> = {
  SLACK_BOT_TOKEN: "the Bot User OAuth Token (xoxb-…, OAuth & Permissions page of your Slack app)",
  SLACK_SIGNING_SECRET: "the app's Signing Secret (Basic Information > App Credentials)",
  SLACK_APP_TOKEN:
    "an app-level token (xapp-…, Basic Information > App-Level Tokens, scope connections:write) for Socket Mode, or leave it empty for HTTP mode",
};

export type Config = {
  slack: {
    botToken: string;
    signingSecret: string;
    appToken: string | undefined;
    apiUrl: string | undefined;
    apiRetries: number;
    adminUserIds: readonly string[];
  };
  port: number;
  databaseUrl: string;
  defaultTimeZone: string;
  /** the language of messages many people read (tickets channel, summaries to a channel, import threads in a channel), and for a person whose Slack locale is unknown */
  defaultLocale: "en" | "it";
  /** ISO 4217 code every amount of money is written in (contracts' rates and amounts); default EUR */
  currency: string;
  importMaxBytes: number;
  /**
   * A running import's owner says it is alive every sixth of this; a job whose owner has been
   * silent this long (the instance died) is recovered by any instance, once.
   */
  importJobLeaseMs: number;
  tickets: {
    /** where new tickets are posted; without it tickets still work (/ticket show) but are not announced */
    channelId: string | undefined;
  };
  inboundEmail: {
    /** POST /email/inbound answers 404 while this is unset */
    secret: string | undefined;
    maxBytes: number;
  };
  email: {
    /** outbound email is on when this is set (with `from`); off while empty */
    smtpUrl: string | undefined;
    from: { name: string | null; address: string } | undefined;
    /** an acknowledgement to the sender of an email that opens a ticket */
    acknowledge: boolean;
    /** a notice to the contact when their ticket is resolved */
    notifyResolved: boolean;
    /** only Authentication-Results headers written by this server are believed */
    trustedAuthservId: string | undefined;
  };
  slaSummary: {
    cron: string;
    timeZone: string;
    period: "today" | "week" | "month";
    managerUserIds: readonly string[];
    channelId: string | undefined;
  };
  portal: {
    /** the customer portal is on (served under /portal on PORT) when this is set: its public address, for the links in email */
    url: string | undefined;
    /** the client address of a request is the last one in X-Forwarded-For (the portal sits behind a proxy that sets it) */
    trustProxy: boolean;
  };
  logLevel: "debug" | "info" | "warn" | "error";
  logFormat: "text" | "json";
  /** GET /metrics wants `Authorization: Bearer <token>` when set */
  metricsToken: string | undefined;
  /** how long SIGTERM's drain may take before the process exits anyway */
  drainTimeoutMs: number;
};

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}


/** Parses an environment (process.env by default). Throws ConfigError with a one-line message. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (`PORT=` in .env) means "not set": the default applies.
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  for (const [variable, replacement] of Object.entries(REPLACE_WITH)) {
    if (PLACEHOLDER.test(given[variable] ?? "")) {
      throw new ConfigError(
        `Configuration error: ${variable} still holds the example value from .env.example; replace it with ${replacement}.`,
      );
    }
  }
  const result = schema.safeParse(given);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    const missing = env[variable] === undefined || env[variable]?.trim() === "";
    const expected = (missing ? EXPECTED[variable] : undefined) ?? issue?.message ?? "a valid value";
    throw new ConfigError(
      missing
        ? `Configuration error: ${variable} is missing; expected ${expected}. Set it in .env (see .env.example).`
        : `Configuration error: ${variable} is invalid; expected ${expected}. Fix it in .env (see .env.example).`,
    );
  }
  const e = result.data;
  if (e.SMTP_URL && !e.EMAIL_FROM) {
    throw new ConfigError(
      "Configuration error: EMAIL_FROM is missing; SMTP_URL turns outbound email on, and EMAIL_FROM says who it is from, such as Acme Support <support@msp.example>. Set it in .env (see .env.example), or empty SMTP_URL to keep email off.",
    );
  }
  return {
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
      apiRetries: e.SLACK_API_RETRIES,
      adminUserIds: e.SLACK_ADMIN_USER_IDS,
    },
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    currency: e.CURRENCY ?? DEFAULT_CURRENCY,
    importMaxBytes: e.IMPORT_MAX_BYTES,
    importJobLeaseMs: Math.round(e.IMPORT_JOB_LEASE_SECONDS * 1000),
    tickets: { channelId: e.TICKETS_CHANNEL_ID },
    inboundEmail: { secret: e.INBOUND_EMAIL_SECRET, maxBytes: e.INBOUND_EMAIL_MAX_BYTES },
    email: {
      smtpUrl: e.SMTP_URL,
      from: e.EMAIL_FROM ? parseMailbox(e.EMAIL_FROM) : undefined,
      acknowledge: e.EMAIL_ACKNOWLEDGE,
      notifyResolved: e.EMAIL_NOTIFY_RESOLVED,
      trustedAuthservId: e.EMAIL_TRUSTED_AUTHSERV_ID,
    },
    slaSummary: {
      cron: e.SLA_SUMMARY_CRON,
      timeZone: e.SLA_SUMMARY_TIMEZONE ?? e.DEFAULT_TIME_ZONE,
      period: e.SLA_SUMMARY_PERIOD,
      managerUserIds: e.SLA_MANAGER_USER_IDS,
      channelId: e.SLA_SUMMARY_CHANNEL_ID,
    },
    portal: { url: e.PORTAL_URL, trustProxy: e.PORTAL_TRUST_PROXY },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metricsToken: e.METRICS_TOKEN,
    drainTimeoutMs: Math.round(e.DRAIN_TIMEOUT * 1000),
  };
}

/** What start-up may print: no secrets. */
export function describeConfig(c: Config): string {
  const mode = c.slack.appToken ? "Socket Mode" : `HTTP mode on port ${c.port}`;
  const summary = c.slaSummary.managerUserIds.length || c.slaSummary.channelId ? `"${c.slaSummary.cron}" ${c.slaSummary.timeZone}` : "off";
  return [
    `${mode}, database ${redactDatabaseUrl(c.databaseUrl)}, Slack API ${c.slack.apiUrl ?? "https://slack.com/api/"}`,
    `tickets channel ${c.tickets.channelId ?? "not set"}`,
    `email intake ${c.inboundEmail.secret ? "on at POST /email/inbound" : "off"}`,
    `outbound email ${c.email.smtpUrl ? `on via ${smtpHost(c.email.smtpUrl)} as ${c.email.from?.address ?? "?"}` : "off (SMTP_URL is empty)"}`,
    `SLA summary ${summary}`,
    `portal ${c.portal.url ? `on at ${c.portal.url}` : "off (PORTAL_URL is empty)"}`,
  ].join(", ");
}

/** "smtps://mail.example.com:465" without user and password, for the start-up line. */
export function smtpHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ""}`;
  } catch {
    return "?";
  }
}
