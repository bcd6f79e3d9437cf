/**
 * The app as a newcomer starts it: the real entry point in a child process, configured from
 * .env.example with its placeholders replaced (HTTP mode: no app-level token), Slack pointed at
 * the fake Slack, and a database file that does not exist yet. Then what goes wrong for newcomers:
 * each must end in one line on stderr naming what to fix, and exit code 1.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import dotenv from "dotenv";
import { afterEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";

const root = path.resolve(".");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const entry = path.join(root, "src/index.ts");
const example = dotenv.parse(fs.readFileSync(path.join(root, ".env.example")));
const BOT_TOKEN = "xoxb-000000000000-000000000000-startuptest";
/** .env.example as a newcomer fills it in for HTTP mode. */
const filled = { ...example, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef", SLACK_APP_TOKEN: "" };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>, cwd: string) {
  const child = spawn(process.execPath, [tsx, entry], { cwd, env: { PATH: process.env.PATH ?? "", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

let slack: FakeSlack | undefined;
let dir: string;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("starting the app from .env.example", () => {
  it("creates and migrates the SQLite database on first start and answers /health with 200", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-start-"));
    slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
    const port = await freePort();
    const dbFile = path.join(dir, "data", "app.db");
    const app = start({ ...filled, SLACK_API_URL: slack.apiUrl, PORT: String(port), DATABASE_URL: `file:${dbFile}` }, dir);
    try {
      let status = 0;
      for (let i = 0; i < 200 && status !== 200; i++) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status, () => 0);
        if (status !== 200) await new Promise((r) => setTimeout(r, 100));
      }
      expect(status, JSON.stringify(app.output())).toBe(200);
      expect(fs.existsSync(dbFile)).toBe(true);
      expect(slack.callsTo("auth.test").length).toBeGreaterThan(0);
      expect(app.output().stdout).toMatch(/Customer Book is running: HTTP mode/);
      expect(app.output().stdout + app.output().stderr).not.toContain(filled.SLACK_SIGNING_SECRET);
    } finally {
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
    }
  }, 60_000);

  it("stops with one line naming a missing variable", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-start-"));
    const { SLACK_BOT_TOKEN: _omitted, ...rest } = filled;
    const app = start({ ...rest, DATABASE_URL: `file:${path.join(dir, "x.db")}` }, dir);
    expect(await app.exited).toBe(1);
    const lines = app.output().stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: SLACK_BOT_TOKEN is missing; expected a bot token starting with xoxb-/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 30_000);

  it("refuses .env.example's placeholder values with one line saying to replace them", async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-start-"));
    const app = start({ ...example, DATABASE_URL: `file:${path.join(dir, "x.db")}` }, dir);
    expect(await app.exited).toBe(1);
    const lines = app.output().stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: SLACK_BOT_TOKEN still holds the example value from \.env\.example; replace it with the Bot User OAuth Token/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 30_000);
});
