/**
 * The app's one logger, chosen at start-up by LOG_FORMAT: Bolt logs through it (App's `logger`),
 * and so do the app's own parts (the HTTP routes, the request guard, the queues, the jobs) and the
 * entry point's lines for the people who run it (src/index.ts).
 *
 * - text (the default): readable lines as before, `[INFO] customer-book …` for what Bolt and the
 *   app log, and the entry point's own lines (start-up, warnings, stopping) exactly as written.
 * - json: one JSON object per line on stdout, written by pino, for log collectors: `level` (its
 *   name: "info", "warn"…), `time` (epoch milliseconds, pino's default), `name`, `msg`, and `err`
 *   (message and stack) when an Error was logged. Synchronous writes, so the last lines before
 *   process.exit are not lost.
 */
import { inspect } from "node:util";
import { LogLevel, type Logger } from "@slack/bolt";
import pino from "pino";

export type LogFormat = "text" | "json";
type Level = "debug" | "info" | "warn" | "error";

export type AppLog = {
  /** for Bolt and the app's parts */
  logger: Logger;
  /** one line for the people who run the app (start-up, warnings, stopping): in text mode printed as it is */
  line(level: Exclude<Level, "debug">, text: string): void;
};

export function createLog(format: LogFormat, level: Level = "info"): AppLog {
  return format === "json" ? jsonLog(level) : textLog();
}

function textLog(): AppLog {
  return {
    logger: consoleLogger(),
    line: (level, text) => (level === "info" ? console.info(text) : level === "warn" ? console.warn(text) : console.error(text)),
  };
}

const RANK: Record<string, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/**
 * Bolt's and the app's log lines as text, as before LOG_FORMAT. Lines below LOG_LEVEL (which Bolt
 * sets with setLevel) are left out, as Bolt's own ConsoleLogger did.
 */
export function consoleLogger(): Logger {
  let level = LogLevel.INFO;
  let name = "customer-book";
  const on = (l: LogLevel) => (RANK[l] ?? 1) >= (RANK[level] ?? 1);
  return {
    debug: (...m: unknown[]) => on(LogLevel.DEBUG) && console.debug(`[DEBUG] ${name}`, ...m),
    info: (...m: unknown[]) => on(LogLevel.INFO) && console.info(`[INFO] ${name}`, ...m),
    warn: (...m: unknown[]) => on(LogLevel.WARN) && console.warn(`[WARN] ${name}`, ...m),
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

function jsonLog(initial: Level): AppLog {
  let name = "customer-book";
  const out = pino(
    {
      level: initial,
      base: undefined, // no pid and hostname on every line: the collector knows where it reads from
      mixin: () => ({ name }),
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.destination({ dest: 1, sync: true }),
  );
  const write = (level: Level) => (...m: unknown[]) => {
    const err = m.find((x): x is Error => x instanceof Error);
    const msg = m
      .filter((x) => x !== err)
      .map((x) => (typeof x === "string" ? x : inspect(x, { depth: 4, breakLength: Infinity })))
      .join(" ");
    if (err) out[level]({ err }, msg || err.message);
    else out[level](msg);
  };
  const logger: Logger = {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: (l: LogLevel) => {
      out.level = l;
    },
    getLevel: () => out.level as LogLevel,
    setName: (n: string) => {
      name = n;
    },
  };
  return { logger, line: (level, text) => logger[level](text) };
}
