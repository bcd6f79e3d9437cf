/**
 * Builds the Bolt app in one of its two run modes: Socket Mode when an app-level token is set
 * (no public URL needed), otherwise HTTP on PORT with every Slack request at POST /slack/events.
 * Extra HTTP routes (GET /health, POST /email/inbound) are served on PORT in both modes: by Bolt's
 * HTTPReceiver in HTTP mode, by a plain HTTP server of ours in Socket Mode (Bolt's own one there
 * has no error handler, so a port in use would end the process with a stack trace).
 *
 * Every listener's failure is answered to the person who acted (src/slack/failures.ts).
 *
 * Starting says what went wrong in one line (StartupError): a port in use or not allowed, a token
 * Slack refuses, Slack unreachable. In HTTP mode every request to /slack/events passes
 * request-guard.ts first: no malformed or replayed request reaches Bolt.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { App, HTTPReceiver, LogLevel, type CustomRoute, type Logger } from "@slack/bolt";
import type { FetchFunction, WebClientOptions } from "@slack/web-api";
import type { Config } from "../config.js";
import { StartupError } from "../startup-error.js";
import { guardSlackRequests, SLACK_BODY_LIMIT } from "./request-guard.js";
import { checkAppToken, DEFAULT_SLACK_API_URL } from "./slack-check.js";
import { installFailureHandling, LateReaders } from "./failures.js";
import { consoleLogger } from "../log.js";
import { noMetrics, type Metrics, type RequestKind } from "../metrics/metrics.js";
import { InFlight } from "../http/in-flight.js";

export type HttpRoute = {
  path: string;
  method: "GET" | "POST";
  /** also every path under `path` (/portal: /portal/tickets/42 too) */
  prefix?: boolean;
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
};

/** The Bolt app with how to start and stop it in its run mode. */
export type SlackApp = {
  app: App;
  /** the Web API client options every client of the app uses (SLACK_API_URL, retries) */
  clientOptions: WebClientOptions;
  /** the language of each person a failure is told to: bind People here once it exists */
  readers: LateReaders;
  /** Listens on `port` (0: a free one) and connects (Socket Mode); returns the port bound. */
  start(port: number): Promise<number>;
  /** Closes the connection to Slack and keeps the HTTP routes (Socket Mode; in HTTP mode Slack simply stops calling). */
  disconnectSlack(): Promise<void>;
  stop(): Promise<void>;
};

/** Whether the app may still call Slack: false once Slack revoked its token (src/services/installation.ts). */
export type SlackAccess = { readonly active: boolean };

/**
 * The Web API client's fetch: while access is active it is the platform's fetch; once Slack
 * revoked the token, calls to the Web API are answered here as Slack would answer them
 * (token_revoked), without a request. Every client of the app (Bolt's, the Socket Mode one) uses it.
 */
function gatedFetch(access: SlackAccess, apiUrl: string, metrics: Metrics): FetchFunction {
  return (async (url: string | URL, init?: RequestInit) => {
    const method = String(url).startsWith(apiUrl) ? String(url).slice(apiUrl.length).split(/[?#]/)[0] || "?" : undefined;
    if (!access.active && method) {
      return new Response(JSON.stringify({ ok: false, error: "token_revoked" }), { status: 200, headers: { "content-type": "application/json" } });
    }
    if (!method) return fetch(url, init); // a file download or upload URL, not a Web API method
    let response: Response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      metrics.slackCall(method, "network_error");
      throw error;
    }
    await countSlackCall(metrics, method, response);
    return response;
  }) as unknown as FetchFunction;
}

/** Counts one Web API answer: its HTTP status, and Slack's ok and error from a copy of its JSON body. */
async function countSlackCall(metrics: Metrics, method: string, response: Response): Promise<void> {
  if (response.status === 429) return metrics.slackCall(method, "rate_limited");
  if (!response.ok) return metrics.slackCall(method, "http_error");
  try {
    const body = (await response.clone().json()) as { ok?: unknown; error?: unknown };
    if (body.ok === false) return metrics.slackCall(method, "error", typeof body.error === "string" ? body.error : "unknown");
  } catch {
    // not JSON: the client reports it; counted as an answer
  }
  metrics.slackCall(method, "ok");
}

/** What kind of Slack request a payload is, for the requests metric. */
function requestKind(body: unknown): RequestKind {
  const b = (body ?? {}) as { command?: unknown; type?: unknown };
  if (typeof b.command === "string") return "command";
  switch (b.type) {
    case "block_actions":
    case "interactive_message":
      return "action";
    case "view_submission":
    case "view_closed":
      return "view";
    case "event_callback":
      return "event";
    case "shortcut":
    case "message_action":
      return "shortcut";
    case "block_suggestion":
      return "options";
    default:
      return "other";
  }
}

/**
 * Two global middlewares around every Slack request: the outer one (before the failure handling)
 * keeps the request in flight until everything about it is done, telling the person of a failure
 * included (the drain waits for it); the inner one (right around the listeners) counts its outcome.
 */
function trackRequests(app: App, ops: Ops, installFailures: () => void): void {
  app.use(async ({ next }) => {
    if (ops.draining()) return; // not acknowledged: Slack sends it again (Socket Mode; over HTTP the gate refused it already)
    await ops.inFlight.track(next);
  });
  installFailures();
  app.use(async ({ body, next }) => {
    const kind = requestKind(body);
    const started = performance.now();
    try {
      await next();
      ops.metrics.requestHandled(kind, "ok", (performance.now() - started) / 1000);
    } catch (error) {
      ops.metrics.requestHandled(kind, "error", (performance.now() - started) / 1000);
      throw error;
    }
  });
}

/**
 * What the app's operations need from the Bolt app: the metrics, the requests in flight, and
 * whether the app is draining (SIGTERM): from then on a new request is not taken. Over HTTP it is
 * answered 503 (with Retry-After, Connection: close) except GET /health (which says "draining")
 * and GET /metrics; Slack retries an event elsewhere, an email webhook retries on 5xx. In Socket
 * Mode a new envelope is left unacknowledged, so Slack sends it again (to another connection).
 */
export type Ops = { metrics: Metrics; inFlight: InFlight; draining: () => boolean };

/** Paths still served while draining. */
const SERVED_WHILE_DRAINING = new Set(["/health", "/metrics"]);

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

function refuseWhileDraining(listener: Listener, draining: () => boolean): Listener {
  return (req, res) => {
    if (draining() && !SERVED_WHILE_DRAINING.has(new URL(req.url ?? "/", "http://localhost").pathname)) {
      res.writeHead(503, { "content-type": "application/json", "retry-after": "5", connection: "close" });
      res.end(JSON.stringify({ error: "draining" }));
      return;
    }
    listener(req, res);
  };
}

const LOG_LEVELS = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR } as const;

function runRoute(r: HttpRoute, logger: Logger, req: IncomingMessage, res: ServerResponse): void {
  r.handler(req, res).catch((error: unknown) => {
    logger.error(`${r.method} ${r.path} failed`, error);
    if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: "internal error" }));
  });
}

function toCustomRoutes(routes: HttpRoute[], logger: Logger): CustomRoute[] {
  // path-to-regexp (Bolt's route matching): "{/*rest}" is any path below, or none.
  return routes.map((r) => ({ path: r.prefix ? `${r.path}{/*rest}` : r.path, method: [r.method], handler: (req, res) => runRoute(r, logger, req, res) }));
}

/** A listen error worded with PORT, or the error itself. */
function portError(error: unknown, port: number): unknown {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === "EADDRINUSE") return new StartupError({ code: "port_in_use", port }, { cause: error });
  if (code === "EACCES" || code === "EPERM") return new StartupError({ code: "port_denied", port }, { cause: error });
  return error;
}

function boundPort(server: unknown, fallback: number): number {
  const address = (server as { address?: () => unknown } | undefined)?.address?.();
  return typeof address === "object" && address && "port" in address ? (address as { port: number }).port : fallback;
}

export function createBoltApp(
  config: Config,
  routes: HttpRoute[],
  logger?: Logger,
  access: SlackAccess = { active: true },
  ops: Ops = { metrics: noMetrics, inFlight: new InFlight(), draining: () => false },
): SlackApp {
  const slack = config.slack;
  const log = logger ?? consoleLogger();
  const readers = new LateReaders();
  // Bolt gives its logger to the Web API client too: the quiet one, for Bolt and the client alike.
  const quiet = quietWebApiLogger(log);
  const clientOptions: WebClientOptions = {
    fetch: gatedFetch(access, slack.apiUrl ?? DEFAULT_SLACK_API_URL, ops.metrics),
    logger: quiet,
    ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
    // Bolt's default retry policy can hold a failing call for about 30 minutes; a person is waiting.
    retryConfig: { retries: slack.apiRetries, maxRetryTime: 10_000 },
  };
  const common = {
    token: slack.botToken,
    logLevel: LOG_LEVELS[config.logLevel],
    logger: quiet,
    deferInitialization: true,
    clientOptions,
  };

  if (slack.appToken) {
    const app = new App({
      ...common,
      socketMode: true,
      appToken: slack.appToken,
      signingSecret: slack.signingSecret,
      // The Socket Mode client asks apps.connections.open through these (SLACK_API_URL, retries).
      installerOptions: { clientOptions: { ...clientOptions } },
    });
    trackRequests(app, ops, () => installFailureHandling(app, readers));
    let server: Server | undefined;
    let connected = false;
    return {
      app,
      clientOptions,
      readers,
      async start(port) {
        await checkAppToken(config, clientOptions);
        server = await listenRoutes(routes, port, log, ops.draining);
        await app.start();
        connected = true;
        return boundPort(server, port);
      },
      async disconnectSlack() {
        if (!connected) return;
        connected = false;
        await app.stop();
      },
      async stop() {
        await this.disconnectSlack();
        await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      },
    };
  }

  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: "/slack/events",
    customRoutes: toCustomRoutes(routes, log),
    processBeforeResponse: false,
    logger: log,
    logLevel: LOG_LEVELS[config.logLevel],
    bodyLimit: SLACK_BODY_LIMIT,
  });
  // Every request to /slack/events is checked before Bolt sees it (src/slack/request-guard.ts).
  receiver.requestListener = refuseWhileDraining(
    guardSlackRequests(receiver.requestListener, {
      endpoint: "/slack/events",
      signingSecret: slack.signingSecret,
      logger: log,
      bodyLimit: SLACK_BODY_LIMIT,
    }),
    ops.draining,
  );
  const app = new App({ ...common, receiver });
  trackRequests(app, ops, () => installFailureHandling(app, readers));
  return {
    app,
    clientOptions,
    readers,
    async start(port) {
      try {
        return boundPort(await app.start(port), port);
      } catch (error) {
        throw portError(error, port);
      }
    },
    async disconnectSlack() {},
    async stop() {
      await app.stop();
    },
  };
}

/** Socket Mode's HTTP server for the extra routes (GET /health, POST /email/inbound). */
function listenRoutes(routes: HttpRoute[], port: number, logger: Logger, draining: () => boolean): Promise<Server> {
  const server = createServer(
    refuseWhileDraining((req, res) => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const route = routes.find((r) => (r.path === path || (r.prefix && path.startsWith(`${r.path}/`))) && r.method === req.method);
      if (route) return runRoute(route, logger, req, res);
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "not found" }));
    }, draining),
  );
  return new Promise((resolve, reject) => {
    server.once("error", (error) => reject(portError(error, port)));
    server.listen(port, () => {
      server.on("error", (error) => logger.error("The HTTP server failed", error));
      resolve(server);
    });
  });
}

/**
 * The Web API client warns "http request failed: fetch failed" on each failed attempt. Every
 * failure that matters is logged by the app with what it was doing (or, at start-up, as one line
 * naming the variable), so that warning is only worth a debug line.
 */
function quietWebApiLogger(base: Logger): Logger {
  return {
    debug: (...m: unknown[]) => base.debug(...m),
    info: (...m: unknown[]) => base.info(...m),
    warn: (...m: unknown[]) => (m[0] === "http request failed" ? base.debug(...m) : base.warn(...m)),
    error: (...m: unknown[]) => base.error(...m),
    setLevel: (l: LogLevel) => base.setLevel(l),
    getLevel: () => base.getLevel(),
    setName: (n: string) => base.setName(n),
  };
}
