/**
 * The person who acted is always told. One Bolt global middleware runs around every listener
 * (commands, actions, view submissions, options, events): when a listener throws, a known failure
 * (src/domain/failures.ts, a busy database, a refusal from Slack) becomes its message from the
 * catalog, and anything else becomes "that did not work, it was logged (ref …)", with the same ref
 * in the log line and what was being done (who, which command, action or view). Listeners do not
 * catch to report: they let failures through to here.
 *
 * Where the answer goes, per surface:
 * - a slash command: an ephemeral reply (its response_url);
 * - a click in a message: an ephemeral reply under it (response_url);
 * - a click in a modal: a small window pushed on top (the modal and what was typed stay), in App
 *   Home a small window;
 * - a modal submitted and not yet answered: `response_action: "errors"` under its first input
 *   (the modal stays open, to try again) for what is worth retrying, or the modal replaced by the
 *   message for what is not; once answered, a direct message;
 * - an event a person caused (a file shared, a thread reply): an ephemeral message in its
 *   channel;
 * and, when that place cannot be reached, a direct message. A closed modal and events no person
 * caused are only logged; an options request is answered with no options.
 */
import { randomBytes } from "node:crypto";
import type { AnyMiddlewareArgs, App, Logger, Middleware, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { ErrorCode } from "@slack/web-api";
import { KnownFailure, type Failure } from "../domain/failures.js";
import { postgresFailure } from "../db/postgres-errors.js";
import { sqliteFailure } from "../db/sqlite-errors.js";
import { isTransient } from "../domain/failures.js";
import type { ImportOutcome } from "../domain/stored-outcomes.js";
import { readerFor, type Catalog, type Reader } from "../i18n/catalog.js";
import { noticeView } from "./views/wizard.js";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

// ---- acknowledgements ---------------------------------------------------------------------------

/** Request bodies whose ack() was called (Socket Mode's ack ignores a second call silently). */
const acknowledged = new WeakSet<object>();

/** Records every ack, so that a failure can tell whether Slack has had its answer. */
export function trackAcks(app: App): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = (event) => {
    const { body, ack } = event;
    return processEvent({
      ...event,
      ack: async (response) => {
        if (obj(body)) acknowledged.add(body as object);
        return ack(response);
      },
    });
  };
}

// ---- what failed --------------------------------------------------------------------------------

/** A Slack Web API error the person can be told about in words. */
function slackFailure(error: unknown): Failure | undefined {
  const e = error as { code?: unknown; data?: { error?: unknown } } | undefined;
  if (e?.code === ErrorCode.RequestError) return { code: "slack_unreachable" };
  if (e?.code === ErrorCode.RateLimitedError) return { code: "slack_rate_limited" };
  if (e?.code !== ErrorCode.PlatformError) return undefined;
  switch (e.data?.error) {
    case "not_in_channel":
      return { code: "slack_not_in_channel" };
    case "channel_not_found":
      return { code: "slack_channel_not_found" };
    case "expired_trigger_id":
    case "invalid_trigger_id":
    case "trigger_expired":
      return { code: "slack_trigger_expired" };
    case "ratelimited":
      return { code: "slack_rate_limited" };
    case "token_revoked":
    case "invalid_auth":
    case "account_inactive":
      return { code: "slack_access_revoked" };
    default:
      return undefined;
  }
}

/** The known failure an error stands for, or undefined for an unexpected one. */
export function knownFailure(error: unknown): Failure | undefined {
  if (error instanceof KnownFailure) return error.failure;
  return sqliteFailure(error) ?? postgresFailure(error) ?? slackFailure(error);
}

/** Bolt gathers the errors of several listeners of one request into one. */
function firstError(error: unknown): unknown {
  const originals = (error as { originals?: unknown } | undefined)?.originals;
  return Array.isArray(originals) && originals.length > 0 ? originals[0] : error;
}

export const newRef = (): string => randomBytes(4).toString("hex");

/** Who did what, for the log line: "/customer list by U1 in C1", "action ticket_resolve in a message by U1". */
export function describeRequest(body: unknown): string {
  const b = obj(body) ?? {};
  const user = str(obj(b.user)?.id) ?? str(b.user_id) ?? str(obj(b.event)?.user) ?? str(obj(b.event)?.user_id) ?? "someone";
  if (str(b.command)) {
    const sub = (str(b.text) ?? "").trim().split(/\s+/)[0]?.slice(0, 30) ?? "";
    return `${str(b.command)}${sub ? ` ${sub}` : ""} by ${user} in ${str(b.channel_id) ?? "?"}`;
  }
  const view = obj(b.view);
  switch (b.type) {
    case "block_actions": {
      const action = obj(Array.isArray(b.actions) ? b.actions[0] : undefined);
      const where = view ? `the ${view.type === "home" ? "App Home" : `view ${str(view.callback_id) ?? "?"}`}` : "a message";
      return `action ${str(action?.action_id) ?? "?"} in ${where} by ${user}`;
    }
    case "view_submission":
      return `view ${str(view?.callback_id) ?? "?"} submitted by ${user}`;
    case "view_closed":
      return `view ${str(view?.callback_id) ?? "?"} closed by ${user}`;
    case "block_suggestion":
      return `options for ${str(b.action_id) ?? "?"} asked by ${user}`;
    case "event_callback": {
      const event = obj(b.event) ?? {};
      const channel = str(event.channel) ?? str(event.channel_id);
      return `event ${str(event.type) ?? "?"}${str(event.subtype) ? `/${str(event.subtype)}` : ""} by ${user}${channel ? ` in ${channel}` : ""}`;
    }
    default:
      return `a ${str(b.type) ?? "request"} by ${user}`;
  }
}

/**
 * Logs an unexpected failure with a new ref and returns what to tell the person; a known one is
 * only worded. Also for the few places that tell the person somewhere of their own (an import's
 * thread).
 */
export function explainFailure(t: Catalog, error: unknown, logger: Logger, where: string): { text: string; failure: Failure | undefined; ref?: string } {
  const failure = knownFailure(error);
  if (failure) {
    logger.info(`Refused (${failure.code}): ${where}`);
    return { text: t.failures.text(failure), failure };
  }
  const ref = newRef();
  logger.error(`Unexpected failure (ref ${ref}) in ${where}`, error);
  return { text: t.failures.unexpected(ref), failure, ref };
}

/** What explainFailure found, as an outcome to store (an import's thread reads it later, in its own language). */
export function failureOutcome(e: { failure: Failure | undefined; ref?: string }): ImportOutcome {
  return e.failure ? { code: "failure", failure: e.failure } : { code: "unexpected", ref: e.ref ?? "" };
}

/** Where the failure handler learns the language of the person it tells (src/slack/people.ts, bound once it exists). */
export type ReaderSource = { reader(userId: string | undefined): Promise<Reader> };

/** A ReaderSource bound after the Bolt app is built (People needs the app's client); until then DEFAULT_LOCALE. */
export class LateReaders implements ReaderSource {
  private source: ReaderSource | undefined;
  constructor(private readonly fallback: Reader = readerFor("en")) {}
  bind(source: ReaderSource): void {
    this.source = source;
  }
  reader(userId: string | undefined): Promise<Reader> {
    return this.source ? this.source.reader(userId) : Promise.resolve(this.fallback);
  }
}

/** Who acted, from any request body: the person to tell. */
function actorOf(body: Json): string | undefined {
  const event = obj(body.event);
  return str(obj(body.user)?.id) ?? str(body.user_id) ?? (event && !str(event.bot_id) ? (str(event.user) ?? str(event.user_id)) : undefined);
}

// ---- telling the person ---------------------------------------------------------------------------

type Args = AnyMiddlewareArgs & { client: WebClient; logger: Logger; ack?: (response?: unknown) => Promise<void>; respond?: RespondFn };

/** Tries each way of reaching the person in turn; true when one worked. */
async function firstThatWorks(logger: Logger, ways: (() => Promise<unknown>)[]): Promise<boolean> {
  for (const way of ways) {
    try {
      await way();
      return true;
    } catch (error) {
      logger.debug("One way of telling the person failed; trying the next", error);
    }
  }
  return false;
}

function firstInputBlock(view: Json | undefined): string | undefined {
  const blocks = Array.isArray(view?.blocks) ? view.blocks : [];
  for (const b of blocks) {
    const block = obj(b);
    if (block?.type === "input" && str(block.block_id)) return str(block.block_id);
  }
  return undefined;
}

async function tell(args: Args, t: Catalog, text: string, failure: Failure | undefined): Promise<void> {
  const { client, logger } = args;
  const body = (obj(args.body) ?? {}) as Json;
  const acked = acknowledged.has(args.body as object);
  const ack = async (response?: unknown) => {
    if (!acked && args.ack) await args.ack(response);
  };
  const event = obj(body.event);
  const user = actorOf(body);
  const dm = () => (user ? client.chat.postMessage({ channel: user, text }) : Promise.reject(new Error("nobody to tell")));
  const ephemeralIn = (channel: string | undefined) => () =>
    channel && user ? client.chat.postEphemeral({ channel, user, text }) : Promise.reject(new Error("no channel"));
  const reply = () => (args.respond ? args.respond({ response_type: "ephemeral", replace_original: false, text }) : Promise.reject(new Error("no response_url")));
  const notice = noticeView(t, t.failures.title, text);
  const view = obj(body.view);
  let told = true;

  if (str(body.command)) {
    await ack();
    told = await firstThatWorks(logger, [reply, ephemeralIn(str(body.channel_id)), dm]);
  } else if (body.type === "block_actions") {
    await ack();
    const triggerId = str(body.trigger_id);
    const inModal = view?.type === "modal";
    const window = () =>
      triggerId
        ? inModal
          ? client.views.push({ trigger_id: triggerId, view: notice })
          : client.views.open({ trigger_id: triggerId, view: notice })
        : Promise.reject(new Error("no trigger_id"));
    told = await firstThatWorks(logger, view ? [window, dm] : [reply, ephemeralIn(str(obj(body.channel)?.id)), dm]);
  } else if (body.type === "view_submission") {
    const field = firstInputBlock(view);
    if (acked) told = await firstThatWorks(logger, [dm]);
    else if (field && (!failure || isTransient(failure))) await ack({ response_action: "errors", errors: { [field]: text } });
    else await ack({ response_action: "update", view: notice });
  } else if (body.type === "view_closed") {
    await ack(); // the modal is gone: nobody is left to tell; the log line has it
  } else if (body.type === "block_suggestion") {
    await ack({ options: [] });
  } else if (event) {
    told = user ? await firstThatWorks(logger, [ephemeralIn(str(event.channel) ?? str(event.channel_id)), dm]) : true;
  } else {
    await ack();
  }
  if (!told) logger.warn(`Could not tell ${user ?? "the person"} that ${describeRequest(body)} failed`);
}

/** The global middleware: lets the listeners run, and answers for them when they throw. */
export function tellThePerson(readers: ReaderSource): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } catch (thrown) {
      const error = firstError(thrown);
      const { t } = await readers.reader(actorOf((obj(args.body) ?? {}) as Json));
      const { text, failure } = explainFailure(t, error, args.logger, describeRequest(args.body));
      try {
        await tell(args as unknown as Args, t, text, failure);
      } catch (error) {
        args.logger.error(`Telling the person that ${describeRequest(args.body)} failed went wrong too`, error);
      }
    }
  };
}

/** Installs both on a Bolt app, and a last handler for what fails outside any listener. */
export function installFailureHandling(app: App, readers: ReaderSource): void {
  trackAcks(app);
  app.use(tellThePerson(readers));
  app.error(async (error) => {
    const ref = newRef();
    app.logger.error(`Unexpected failure (ref ${ref}) outside a listener`, error);
  });
}
