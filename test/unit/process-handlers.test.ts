/** The process-level handlers in a real process: a stray rejection is logged and the process lives on. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(".");

function run(script: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "process-handlers-"));
  const file = path.join(dir, "script.mts");
  fs.writeFileSync(file, `import { installProcessHandlers } from ${JSON.stringify(path.join(root, "src/process-handlers.ts"))};\ninstallProcessHandlers();\n${script}`);
  const child = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), file], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve) =>
    child.on("exit", (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr });
    }),
  );
}

describe("process-level handlers", () => {
  it("log an unhandled rejection with a reference and its stack, and keep the process running", async () => {
    const r = await run(`void Promise.reject(new Error("one request went wrong"));\nsetTimeout(() => console.log("still serving"), 200);`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("still serving");
    expect(r.stderr).toMatch(/^\[ERROR\] An unexpected failure was not handled \(ref [0-9a-f]{8}\); the app keeps running\. Error: one request went wrong\n\s+at /);
  }, 30_000);

  it("log an uncaught exception with its context and exit with code 1", async () => {
    const r = await run(`setTimeout(() => { throw new TypeError("broken state"); }, 10);\nsetTimeout(() => console.log("should not run"), 500);`);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("should not run");
    expect(r.stderr).toMatch(/^\[ERROR\] An unexpected failure stops the app \(uncaughtException, ref [0-9a-f]{8}\).*TypeError: broken state/);
  }, 30_000);
});
