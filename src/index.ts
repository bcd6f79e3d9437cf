/** Entry point: load configuration, build the application, start it, stop it cleanly. */
import "dotenv/config";
import { ConfigError, describeConfig, loadConfig } from "./config.js";
import { PendingMigrationsError } from "./db/migrations.js";
import { buildApplication, PROJECT_ROOT } from "./app.js";
import { checkSetup } from "./slack/setup-check.js";
import { StartupError } from "./startup-error.js";
import { DatabaseStartError } from "./db/startup.js";
import { installProcessHandlers } from "./process-handlers.js";

const STOP_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  installProcessHandlers();
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
  const application = await buildApplication(config);
  const port = await application.start();
  console.info(`Customer Book is running: ${describeConfig({ ...config, port })}. Health: http://localhost:${port}/health`);
  // The run mode against the manifest the Slack app was created from: HTTP mode with a Socket
  // Mode manifest gets no request from Slack, so that is said at once.
  for (const warning of checkSetup({ ...config, port }, PROJECT_ROOT)) console.warn(warning);

  // Ctrl-C (SIGINT) and SIGTERM stop the app: the HTTP server and the Slack connection close, the
  // scheduled summary stops, the database is closed. A second signal while stopping is not a
  // second stop (npm run dev's tsx passes on the one the terminal already sent to the whole group).
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.info(`${signal} received, stopping`);
    setTimeout(() => {
      console.error(`Customer Book did not stop within ${STOP_TIMEOUT_MS / 1000} s of ${signal}; exiting anyway.`);
      process.exit(1);
    }, STOP_TIMEOUT_MS).unref();
    application.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("Customer Book could not stop cleanly:", error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // Start-up problems are worded for the person starting the app: one line, what to fix.
  if (error instanceof StartupError || error instanceof PendingMigrationsError || error instanceof DatabaseStartError) console.error(error.message);
  else console.error("Customer Book failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
