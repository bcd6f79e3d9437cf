/**
 * The fake's HTTP side, on 127.0.0.1 with a random port:
 *   POST /api/<method>          Web API (form-encoded, JSON or multipart; token as Bearer or `token` field)
 *   POST /upload/v1/<key>       upload URL handed out by files.getUploadURLExternal
 *   GET  /files-pri/<team>-<id>/[download/]<name>   private file URLs (need the bot token)
 *   POST /response_url/<id>     response_url of commands and interactions
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SlackApiError } from "./errors.js";
import { JSON_ARGUMENTS, isObject, type Json, type JsonObject } from "./json.js";
import type { RateLimiter } from "./rate-limits.js";
import { deliverResponse } from "./responses.js";
import { WEB_API_METHODS } from "./web-api.js";
import type { Workspace } from "./workspace.js";

export interface RecordedCall {
  method: string;
  /** Arguments without the token; JSON-string arguments (blocks, view, ...) decoded. */
  args: JsonObject;
  response: JsonObject;
  ok: boolean;
  error?: string;
  /** HTTP status: 200, or 429 when rate limited. */
  status: number;
  /** The fake clock's time of the call, in ms. */
  time: number;
}

export interface ServerHooks {
  workspace: Workspace;
  limiter: RateLimiter;
  record(call: RecordedCall): void;
  /** A refusal worth showing in the test output (rejected Web API call or response_url post). */
  reportRejection(what: string, error: string, messages: readonly string[]): void;
}

export interface RunningServer {
  baseUrl: string;
  close(): Promise<void>;
}

const LOGIN_PAGE =
  '<!DOCTYPE html><html lang="en"><head><title>Slack</title></head>' +
  "<body><h1>Sign in to your workspace</h1><p>This is the fake Slack login page.</p></body></html>";

export async function startServer(hooks: ServerHooks): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    route(hooks, req, res).catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      hooks.reportRejection(`${req.method} ${req.url}`, "fake_slack_internal_error", [message]);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(message);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function route(hooks: ServerHooks, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const path = url.pathname;
  if (req.method === "POST" && path.startsWith("/api/")) return handleApi(hooks, path.slice("/api/".length), req, res);
  if (req.method === "POST" && path.startsWith("/upload/v1/")) return handleUpload(hooks, path.slice("/upload/v1/".length), req, res);
  if (req.method === "GET" && path.startsWith("/files-pri/")) return handleDownload(hooks, path, req, res);
  if (req.method === "POST" && path.startsWith("/response_url/")) {
    return handleResponseUrl(hooks, path.slice("/response_url/".length), req, res);
  }
  res.writeHead(404, { "content-type": "text/plain" });
  res.end(`fake Slack has no route for ${req.method} ${path}`);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, body: JsonObject, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function bearer(req: IncomingMessage): string | undefined {
  const match = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "");
  return match?.[1];
}

/** Parse a form, JSON or multipart body into arguments, decoding JSON-string arguments. */
async function parseArgs(raw: Buffer, contentType: string): Promise<JsonObject> {
  const args: JsonObject = {};
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (raw.length === 0) return args;
  if (type === "application/json") {
    const parsed: unknown = JSON.parse(raw.toString("utf8"));
    if (!isObject(parsed)) throw new Error("JSON body must be an object");
    return parsed;
  }
  if (type === "multipart/form-data") {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    for (const [key, value] of form) {
      args[key] = typeof value === "string" ? value : `[binary ${value.size} bytes]`;
    }
  } else {
    for (const [key, value] of new URLSearchParams(raw.toString("utf8"))) args[key] = value;
  }
  for (const key of JSON_ARGUMENTS) {
    const value = args[key];
    if (typeof value !== "string") continue;
    try {
      args[key] = JSON.parse(value) as Json;
    } catch {
      // Left as a string; the method answers invalid_arguments / invalid_blocks_format.
    }
  }
  return args;
}

async function handleApi(hooks: ServerHooks, method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ws = hooks.workspace;
  const time = ws.clock.now();
  const finish = (args: JsonObject, response: JsonObject, status = 200, headers: Record<string, string> = {}): void => {
    const ok = response.ok === true;
    const call: RecordedCall = { method, args, response, ok, status, time };
    if (!ok && typeof response.error === "string") {
      call.error = response.error;
      const metadata = response.response_metadata;
      const messages = isObject(metadata) && Array.isArray(metadata.messages) ? metadata.messages.map(String) : [];
      hooks.reportRejection(method, response.error, messages);
    }
    hooks.record(call);
    sendJson(res, status, response, headers);
  };

  let args: JsonObject;
  try {
    args = await parseArgs(await readBody(req), req.headers["content-type"] ?? "");
  } catch (error) {
    finish({}, { ok: false, error: "invalid_form_data", response_metadata: { messages: [String(error)] } });
    return;
  }
  const token = bearer(req) ?? (typeof args.token === "string" ? args.token : undefined);
  delete args.token;

  const handler = WEB_API_METHODS[method];
  if (handler === undefined) return finish(args, { ok: false, error: "unknown_method" });
  if (token === undefined) return finish(args, { ok: false, error: "not_authed" });
  // apps.connections.open takes only the app-level token; every other method only the bot token.
  const appLevel = method === "apps.connections.open";
  const expected = appLevel ? ws.config.appToken : ws.config.botToken;
  const other = appLevel ? ws.config.botToken : ws.config.appToken;
  if (token !== expected) return finish(args, { ok: false, error: token === other ? "not_allowed_token_type" : "invalid_auth" });
  if (ws.tokensRevoked) return finish(args, { ok: false, error: "token_revoked" });

  const outage = ws.outageFor(method, true);
  if (outage) {
    if (outage.kind === "unreachable") {
      hooks.record({ method, args, response: { ok: false, error: "unreachable" }, ok: false, error: "unreachable", status: 0, time });
      req.socket.destroy();
      return;
    }
    if (outage.kind === "ratelimited") return finish(args, { ok: false, error: "ratelimited" }, 429, { "retry-after": String(outage.retryAfterSeconds) });
    if (outage.kind === "http") return finish(args, { ok: false, error: `http_${outage.status}` }, outage.status);
    return finish(args, { ok: false, error: outage.error });
  }

  const decision = hooks.limiter.hit(method, time);
  if (!decision.allowed) {
    const retryAfter = String(decision.retryAfterSeconds);
    return finish(args, { ok: false, error: "ratelimited" }, 429, { "retry-after": retryAfter });
  }
  try {
    finish(args, { ok: true, ...handler(args, ws) });
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    const response: JsonObject = { ok: false, error: error.code };
    if (error.messages.length > 0) response.response_metadata = { messages: [...error.messages] };
    finish(args, response);
  }
}

/** @slack/web-api 8 POSTs multipart/form-data (one file part); raw bytes are accepted too. */
/** An outage of a file URL or the response_url: the connection drops, or an error page. */
function outageOfUrl(hooks: ServerHooks, what: "upload" | "download" | "response_url", req: IncomingMessage, res: ServerResponse): boolean {
  const outage = hooks.workspace.outageFor(what, false);
  if (!outage) return false;
  if (outage.kind === "unreachable") req.socket.destroy();
  else {
    res.writeHead(outage.kind === "http" ? outage.status : outage.kind === "ratelimited" ? 429 : 500, { "content-type": "text/plain" });
    res.end("fake Slack is down");
  }
  return true;
}

async function handleUpload(hooks: ServerHooks, key: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (outageOfUrl(hooks, "upload", req, res)) return;
  const raw = await readBody(req);
  const contentType = req.headers["content-type"] ?? "";
  let content = raw;
  if (contentType.toLowerCase().startsWith("multipart/form-data")) {
    const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
    const file = [...form.values()].find((value) => typeof value !== "string");
    if (file === undefined || typeof file === "string") {
      res.writeHead(400, { "content-type": "text/plain" });
      res.end("multipart upload without a file part");
      return;
    }
    content = Buffer.from(await file.arrayBuffer());
  }
  const received = hooks.workspace.files.receive(key, content);
  if (received !== "ok") {
    const message = received === "unknown" ? "unknown upload URL" : "the bytes are not the length declared to files.getUploadURLExternal";
    hooks.reportRejection(`POST /upload/v1/${key}`, received, [message]);
    res.writeHead(received === "unknown" ? 404 : 400, { "content-type": "text/plain" });
    res.end(message);
    return;
  }
  res.writeHead(200, { "content-type": "text/plain" });
  res.end(`OK - ${content.length}`);
}

/**
 * Private file URLs need `Authorization: Bearer <bot token>`. Like Slack, a missing or wrong token
 * gets HTTP 200 with an HTML login page, so an app must check the content type.
 */
async function handleDownload(hooks: ServerHooks, path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (outageOfUrl(hooks, "download", req, res)) return;
  const ws = hooks.workspace;
  const file = ws.files.resolvePrivatePath(path, ws.config.teamId);
  if (file === undefined) {
    res.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    res.end("<!DOCTYPE html><html><body>File not found</body></html>");
    return;
  }
  if (bearer(req) !== ws.config.botToken || file.servesHtml) {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(LOGIN_PAGE);
    return;
  }
  file.downloads++;
  res.writeHead(200, {
    "content-type": file.mimetype,
    "content-length": String(file.content.length),
    "content-disposition": `attachment; filename="${file.name}"`,
  });
  res.end(file.content);
}

async function handleResponseUrl(hooks: ServerHooks, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (outageOfUrl(hooks, "response_url", req, res)) return;
  const ws = hooks.workspace;
  const raw = (await readBody(req)).toString("utf8");
  let body: unknown;
  try {
    const payload = new URLSearchParams(raw).get("payload");
    body = (req.headers["content-type"] ?? "").includes("json") || payload === null ? JSON.parse(raw) : JSON.parse(payload);
  } catch {
    body = raw;
  }
  const time = ws.clock.now();
  let context;
  try {
    context = ws.responses.use(id, time);
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    hooks.reportRejection(`response_url ${id}`, error.code, error.messages);
    sendJson(res, 404, { ok: false, error: error.code });
    return;
  }
  const delivery = deliverResponse(ws.messages, context, body, "response_url");
  ws.responses.posts.push({ responseUrlId: id, context, body, time, ...delivery });
  if (delivery.outcome === "rejected") {
    hooks.reportRejection(`response_url ${id}`, delivery.error ?? "rejected", delivery.problems ?? []);
    sendJson(res, 400, { ok: false, error: delivery.error ?? "rejected" });
    return;
  }
  sendJson(res, 200, { ok: true });
}
