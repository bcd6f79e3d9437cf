/**
 * Last-resort handlers for the whole process, installed by the entry point. A promise rejected
 * with nobody to catch it (a bug in one request's handling) is logged with a reference and its
 * stack, and the app keeps serving everyone else: Node's default would end the process. An
 * exception thrown outside any promise is logged the same way and still ends the process (exit
 * code 1), because Node cannot say what state it left behind; a process manager restarts it.
 */
import { randomBytes } from "node:crypto";

type Log = (line: string) => void;

const describe = (reason: unknown): string =>
  reason instanceof Error ? (reason.stack ?? `${reason.name}: ${reason.message}`) : `a non-Error value: ${JSON.stringify(reason) ?? String(reason)}`;

export function installProcessHandlers(log: Log = (line) => console.error(line)): void {
  process.on("unhandledRejection", (reason) => {
    const ref = randomBytes(4).toString("hex");
    log(`[ERROR] An unexpected failure was not handled (ref ${ref}); the app keeps running. ${describe(reason)}`);
  });
  process.on("uncaughtException", (error, origin) => {
    const ref = randomBytes(4).toString("hex");
    log(`[ERROR] An unexpected failure stops the app (${origin}, ref ${ref}): the process may be in a broken state, so it exits. ${describe(error)}`);
    process.exit(1);
  });
}
