/** Entry point: load configuration, build the application, start it, stop it cleanly. */
import "dotenv/config";
import { ConfigError, describeConfig, loadConfig } from "./config.js";
import { PendingMigrationsError } from "./db/migrations.js";
import { buildApplication, PROJECT_ROOT } from "./app.js";
import { checkSetup } from "./slack/setup-check.js";
import { StartupError } from "./startup-error.js";
import { DatabaseStartError } from "./db/startup.js";
import { installProcessHandlers } from "./process-handlers.js";
import { createLog, type AppLog } from "./log.js";
import { stopText } from "./i18n/startup.js";

/** Until LOG_FORMAT is known (a configuration error), lines are plain text. */
let log: AppLog = createLog("text");

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(1);
    }
    throw e;
  }
  log = createLog(config.logFormat, config.logLevel);
  installProcessHandlers((line) => log.line("error", line));
  const application = await buildApplication(config, { logger: log.logger });
  const port = await application.start();
  log.line("info", `Customer Book is running: ${describeConfig({ ...config, port })}. Health: http://localhost:${port}/health`);
  // The run mode against the manifest the Slack app was created from: HTTP mode with a Socket
  // Mode manifest gets no request from Slack, so that is said at once.
  for (const warning of checkSetup({ ...config, port }, PROJECT_ROOT)) log.line("warn", warning);

  // Ctrl-C (SIGINT) and SIGTERM drain and stop the app (Application.stop: GET /health turns 503,
  // no new connection is accepted, requests being handled finish, the job loops stop, the database
  // is closed), then the process exits 0. Past DRAIN_TIMEOUT it exits 1 anyway. A second signal
  // while stopping is not a second stop (npm run dev's tsx passes on the one the terminal already
  // sent to the whole group).
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.line("info", stopText.received(signal, config.drainTimeoutMs / 1000));
    setTimeout(() => {
      log.line("error", stopText.timedOut(signal, config.drainTimeoutMs / 1000));
      process.exit(1);
    }, config.drainTimeoutMs).unref();
    // The requests in flight get DRAIN_TIMEOUT less 5 s (at least half of it): the job loops and
    // the database need the rest.
    application.stop({ inFlightMs: Math.max(config.drainTimeoutMs / 2, config.drainTimeoutMs - 5_000) }).then(
      () => {
        log.line("info", stopText.stopped);
        process.exit(0);
      },
      (error: unknown) => {
        log.line("error", stopText.failed(error instanceof Error ? error.message : String(error)));
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // Start-up problems are worded for the person starting the app: one line, what to fix.
  if (error instanceof StartupError || error instanceof PendingMigrationsError || error instanceof DatabaseStartError) log.line("error", error.message);
  else log.line("error", `Customer Book failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
