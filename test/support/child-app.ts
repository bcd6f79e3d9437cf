/**
 * The real entry point (src/index.ts) in a child process, started with the node flags `npm start`
 * uses, for tests about what happens to the process itself: memory (its RSS, read from /proc) and
 * survival. tsx's loader runs in the app's own process (tsx's CLI would start a grandchild).
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

const root = path.resolve(".");
const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
const entry = path.join(root, "src/index.ts");

/** The V8 flags of `npm start` (package.json), read from there so the test follows a change. */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.split(/\s+/).filter((w) => w.startsWith("--"));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export type ChildApp = {
  child: ChildProcess;
  port: number;
  /** resolves with the signal or exit code once the process is gone */
  exited: Promise<NodeJS.Signals | number | null>;
  output(): string;
  alive(): boolean;
  /** resident memory now, in bytes (from /proc/<pid>/status) */
  rss(): number;
  kill(): void;
};

/** Starts the app with `env` (PORT is chosen here) and resolves once /health answers 200. */
export async function startChildApp(env: Record<string, string>, o: { nodeFlags?: string[] } = {}): Promise<ChildApp> {
  const port = await freePort();
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-child-"));
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), "--import", tsxLoader, entry], {
    cwd,
    env: { PATH: process.env.PATH ?? "", TMPDIR: os.tmpdir(), ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += String(d)));
  child.stderr?.on("data", (d) => (output += String(d)));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, signal) => resolve(signal ?? code)));
  void exited.then(() => fs.rmSync(cwd, { recursive: true, force: true }));
  let status = 0;
  for (let i = 0; i < 300 && status !== 200 && child.exitCode === null; i++) {
    status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  if (status !== 200) {
    child.kill("SIGKILL");
    throw new Error(`the app did not start:\n${output}`);
  }
  return {
    child,
    port,
    exited,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    rss: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    },
    kill: () => void child.kill("SIGKILL"),
  };
}

/** Samples a child's RSS every `everyMs` until stopped; `peak` is the highest seen. */
export function sampleRss(app: ChildApp, everyMs = 20): { peak(): number; stop(): number } {
  let peak = 0;
  const take = () => {
    if (!app.alive()) return;
    try {
      peak = Math.max(peak, app.rss());
    } catch {
      /* the process just ended */
    }
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
