/**
 * What the person starting the app reads when it cannot start, or should change its set-up: one
 * line each, naming the variable and what to do. (Configuration errors are worded by config.ts.)
 */
import type { StartupProblem } from "../startup-error.js";

const DEFAULT_API_URL = "https://slack.com/api/";

export function startupText(p: StartupProblem): string {
  switch (p.code) {
    case "slack_unreachable":
      return `Cannot reach Slack at ${p.url} (${p.cause}): check the network or SLACK_API_URL.`;
    case "slack_http_error":
      return `Slack's Web API at ${p.url} answered HTTP ${p.status}: check SLACK_API_URL (default ${DEFAULT_API_URL}).`;
    case "slack_refused_token":
      return p.variable === "SLACK_BOT_TOKEN"
        ? `Slack refused SLACK_BOT_TOKEN (${p.error}): copy the Bot User OAuth Token (xoxb-…) again from your Slack app's OAuth & Permissions page; if the app was removed from the workspace, install it again first.`
        : `Slack refused SLACK_APP_TOKEN (${p.error}): generate an app-level token with the connections:write scope again (your Slack app's Basic Information > App-Level Tokens), or leave SLACK_APP_TOKEN empty for HTTP mode.`;
    case "slack_rate_limited":
      return `Slack asked the app to slow down (rate limited) while checking SLACK_BOT_TOKEN: start it again in ${p.seconds} seconds.`;
    case "database_newer_than_app":
      return `This Customer Book (version ${p.version}) is older than its database (DATABASE_URL): the database has ${p.migrations.length} migration(s) this version does not know (${p.migrations.join(", ")}), applied by a newer version. Upgrade this instance to the version that applied them, or a later one, and start it again; do not run an older version on a newer schema.`;
    case "migration_lock_timeout":
      return `Another instance has been applying database migrations to ${p.database} (DATABASE_URL) for over ${p.seconds} s, and this one waited for it: check that instance's log (a migration may have failed or hung), then start this one again.`;
    case "port_in_use":
      return `Port ${p.port} (PORT) is already in use by another program: stop that program (an earlier Customer Book still running?) or set PORT to a free port.`;
    case "port_denied":
      return `This user may not listen on port ${p.port} (PORT): ports below 1024 need extra rights; set PORT to 1024 or above (3000 is the default).`;
    case "uninstalled":
      return `Customer Book was removed from Slack workspace ${p.teamId} on ${p.at.toISOString()} (${p.event}), and Slack revoked SLACK_BOT_TOKEN then: install the app again (README: Create the Slack app) and put the new Bot User OAuth Token in SLACK_BOT_TOKEN.`;
    case "database_is_folder":
      return `DATABASE_URL names the folder ${p.file}, not a file: add the database file's name, such as file:./data/app.db.`;
    case "database_folder_unwritable":
      return `Cannot create or write the database in ${p.folder} (DATABASE_URL=file:${p.file}): this user may not write in that folder, and SQLite writes its -wal and -shm files beside the database. Choose a writable folder in DATABASE_URL or fix the folder's permissions.`;
    case "database_unreadable":
      return `This user may not read the database file ${p.file} (DATABASE_URL): fix its permissions or point DATABASE_URL at another file.`;
    case "database_read_only":
      return `The database file ${p.file} (DATABASE_URL) is read-only for this user: give it write permission (or run the app as its owner), or point DATABASE_URL at another file.`;
    case "database_not_sqlite":
      return `${p.file} (DATABASE_URL) is not a SQLite database: point DATABASE_URL at the app's database, or move that file away and the app creates a new database there.`;
    case "database_corrupt":
      return `The database file ${p.file} (DATABASE_URL) is damaged (SQLite: database disk image is malformed): restore it from a backup, or point DATABASE_URL at another file.`;
    case "database_locked":
      return `The database ${p.file} (DATABASE_URL) is locked by another program: stop it (another Customer Book on this file, or a sqlite3 shell in a transaction) and start again.`;
    case "database_disk_full":
      return `There is no disk space left for the database ${p.file} (DATABASE_URL): free some space and start again.`;
    case "database_unusable":
      return `Cannot use the database ${p.file} (DATABASE_URL): ${p.detail}.`;
  }
}

/** Warnings at start-up: the app runs, but Slack may never reach it (see src/slack/setup-check.ts). */
export const setupWarnings = {
  httpModeButManifestSocket: (port: number) =>
    `Warning: HTTP mode (SLACK_APP_TOKEN is empty), but manifest.yml turns Socket Mode on (settings.socket_mode_enabled: true). A Slack app created from it sends nothing to port ${port}: set SLACK_APP_TOKEN to run in Socket Mode (README: Create the Slack app), or switch the Slack app to HTTP mode (README: HTTP mode instead of Socket Mode).`,
  httpModeExampleUrls: (count: number) =>
    `Warning: HTTP mode, but ${count} request URL(s) in manifest.yml still point at https://example.com/slack/events: replace them with https://<your public host>/slack/events and update your Slack app's manifest, or Slack sends its requests there.`,
  socketModeButManifestHttp:
    "Warning: Socket Mode (SLACK_APP_TOKEN is set), but manifest.yml turns Socket Mode off (settings.socket_mode_enabled: false). A Slack app created from it sends its requests to the manifest's URLs instead: turn Socket Mode on in your Slack app's settings, or leave SLACK_APP_TOKEN empty for HTTP mode.",
  manifestUnreadable: (detail: string) =>
    `Warning: manifest.yml could not be read to check it against SLACK_APP_TOKEN (${detail}); the app starts anyway.`,
  /** at start-up, when email intake is on (INBOUND_EMAIL_SECRET) and EMAIL_TRUSTED_AUTHSERV_ID is empty */
  senderTrustOff:
    "Sender trust is off: EMAIL_TRUSTED_AUTHSERV_ID is empty, so a forged From of a contact is taken as theirs (only Postmark's own SPF/DKIM verdicts are read). To turn it on, set EMAIL_TRUSTED_AUTHSERV_ID to the authserv-id your mail server writes first in its Authentication-Results header (README: Trusting the sender).",
  /** logged once (until an email gets through) when the mail server refuses the app itself */
  smtpRefusesApp: (detail: string) =>
    `The mail server refuses the app itself, not one email (${detail}): check SMTP_URL (host, port, user and password, smtp:// with STARTTLS or smtps://) and EMAIL_FROM (an address that server lets this user send from). No email is lost: they are kept and tried again with backoff.`,
  signatureMismatch:
    "A request to /slack/events was refused: its signature does not match SLACK_SIGNING_SECRET. If every Slack request fails like this, copy the Signing Secret again (your Slack app's Basic Information > App Credentials).",
};

/** While running: Slack said the app is gone. */
export const installationText = {
  revoked: (event: string, teamId: string) =>
    `Customer Book was removed from Slack workspace ${teamId} (${event}): the scheduled SLA summaries and every call to Slack are stopped, and the app will not start again with this SLACK_BOT_TOKEN. Install the app again (README: Create the Slack app), put its new Bot User OAuth Token in SLACK_BOT_TOKEN and restart.`,
};


/** Stopping on SIGTERM or Ctrl-C (src/index.ts). */
export const stopText = {
  received: (signal: string, seconds: number) =>
    `${signal} received, stopping: draining (GET /health answers 503), finishing the requests being handled and the job loops' current work, at most ${seconds} s (DRAIN_TIMEOUT).`,
  stopped: "Customer Book stopped.",
  timedOut: (signal: string, seconds: number) => `Customer Book did not stop within ${seconds} s of ${signal} (DRAIN_TIMEOUT); exiting anyway.`,
  failed: (detail: string) => `Customer Book could not stop cleanly: ${detail}`,
  inFlightLeft: (count: number, seconds: number) => `Stopping: ${count} request(s) still being handled after ${seconds} s; stopping the job loops anyway.`,
  stepFailed: (name: string) => `Stopping: the ${name} did not stop cleanly`,
};
