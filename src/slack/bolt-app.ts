/**
 * Builds the Bolt app in one of its two run modes: Socket Mode when an app-level token is set
 * (no public URL needed), otherwise HTTP on PORT with every Slack request at POST /slack/events.
 * Extra HTTP routes (GET /health, later webhooks) are served in both modes.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { App, HTTPReceiver, LogLevel, type CustomRoute, type Logger } from "@slack/bolt";
import type { Config } from "../config.js";

export type HttpRoute = {
  path: string;
  method: "GET" | "POST";
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
};

const LOG_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

function toCustomRoutes(routes: HttpRoute[], logger: Logger): CustomRoute[] {
  return routes.map((r) => ({
    path: r.path,
    method: [r.method],
    handler: (req, res) => {
      r.handler(req, res).catch((error: unknown) => {
        logger.error(`${r.method} ${r.path} failed`, error);
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: "internal error" }));
      });
    },
  }));
}

export function createBoltApp(config: Config, routes: HttpRoute[], logger?: Logger): App {
  const slack = config.slack;
  const common = {
    token: slack.botToken,
    logLevel: LOG_LEVELS[config.logLevel],
    ...(logger ? { logger } : {}),
    deferInitialization: true,
    clientOptions: {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      // Bolt's default retry policy can hold a failing call for about 30 minutes; a person is waiting.
      retryConfig: { retries: slack.apiRetries, maxRetryTime: 10_000 },
    },
  };
  const printLogger: Logger | undefined = logger;
  if (slack.appToken) {
    return new App({
      ...common,
      socketMode: true,
      appToken: slack.appToken,
      signingSecret: slack.signingSecret,
      customRoutes: toCustomRoutes(routes, printLogger ?? consoleLogger()),
      installerOptions: { port: config.port },
    });
  }
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: "/slack/events",
    customRoutes: toCustomRoutes(routes, printLogger ?? consoleLogger()),
    processBeforeResponse: false,
    ...(logger ? { logger } : {}),
    logLevel: LOG_LEVELS[config.logLevel],
  });
  return new App({ ...common, receiver });
}

function consoleLogger(): Logger {
  let level = LogLevel.INFO;
  let name = "customer-book";
  return {
    debug: (...m: unknown[]) => level === LogLevel.DEBUG && console.debug(`[DEBUG] ${name}`, ...m),
    info: (...m: unknown[]) => console.info(`[INFO] ${name}`, ...m),
    warn: (...m: unknown[]) => console.warn(`[WARN] ${name}`, ...m),
    error: (...m: unknown[]) => console.error(`[ERROR] ${name}`, ...m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: (n: string) => {
      name = n;
    },
  } as Logger;
}
