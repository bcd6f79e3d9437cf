/** Entry point: load configuration, build the application, start it, stop it cleanly. */
import "dotenv/config";
import { ConfigError, describeConfig, loadConfig } from "./config.js";
import { PendingMigrationsError } from "./db/migrations.js";
import { buildApplication } from "./app.js";
import { StartupError } from "./startup-error.js";

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
  const application = await buildApplication(config);
  const port = await application.start();
  console.info(`Customer Book is running: ${describeConfig({ ...config, port: port ?? config.port })}. Health: http://localhost:${port ?? config.port}/health`);

  const shutdown = (signal: string) => {
    console.info(`${signal} received, stopping`);
    application.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  // Start-up problems are worded for the person starting the app: one line, what to fix.
  if (error instanceof StartupError || error instanceof PendingMigrationsError) console.error(error.message);
  else console.error("Customer Book failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
