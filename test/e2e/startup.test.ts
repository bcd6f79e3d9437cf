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
import { pathToFileURL } from "node:url";
import dotenv from "dotenv";
import { afterEach, describe, expect, inject, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { SlackDriver, slackSignature } from "../support/slack-driver.js";
import { clockEnv } from "../support/child-env.js";

const root = path.resolve(".");
/** tsx loaded into the app's node process (as npm run dev does), so that signals reach the app itself. */
const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
const entry = path.join(root, "src/index.ts");
const example = dotenv.parse(fs.readFileSync(path.join(root, ".env.example")));
const BOT_TOKEN = "xoxb-000000000000-000000000000-startuptest";
const APP_TOKEN = "xapp-1-A0FAKEAPP1-000-startuptest";
/** .env.example as a newcomer fills it in for HTTP mode. */
const filled = { ...example, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef", SLACK_APP_TOKEN: "" };
/** File permissions do not hold for root: the app is then started as nobody for those tests. */
const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function start(env: Record<string, string>, cwd: string, o: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, ["--import", tsxLoader, entry], { cwd, env: { PATH: process.env.PATH ?? "", ...clockEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"], ...o });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

/** Starts the app and expects it to stop with exit code 1 and exactly one line on stderr, which is returned. */
async function refusal(env: Record<string, string>, o: { uid?: number; gid?: number } = {}): Promise<string> {
  const app = start({ ...filled, SLACK_API_RETRIES: "0", PORT: "0", ...env }, dir, o);
  const code = await app.exited;
  const { stdout, stderr } = app.output();
  expect(code, `stdout:\n${stdout}\nstderr:\n${stderr}`).toBe(1);
  const lines = stderr.trim().split("\n");
  expect(lines, stderr).toHaveLength(1);
  return lines[0] ?? "";
}

let slack: FakeSlack | undefined;
let dir: string;
afterEach(async () => {
  await slack?.close();
  slack = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "customer-book-start-"));
  fs.chmodSync(dir, 0o755); // nobody (see asUnprivileged) must reach the files inside
  return dir;
}

/** A migrated database, as the app leaves it (a copy of the test run's template). */
function migratedDb(file: string): string {
  const template = path.join(inject("testTmpDir"), "template.db"); // made by test/support/global-setup.ts
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.copyFileSync(template, file);
  return file;
}

describe("starting the app from .env.example", () => {
  it("creates and migrates the SQLite database on first start and answers /health with 200", async () => {
    tempDir();
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
      // HTTP mode, while the repository's manifest.yml turns Socket Mode on: said at start-up.
      await new Promise((r) => setTimeout(r, 200));
      expect(app.output().stderr).toMatch(/^Warning: HTTP mode \(SLACK_APP_TOKEN is empty\), but manifest\.yml turns Socket Mode on/m);
      expect(app.output().stdout + app.output().stderr).not.toContain(filled.SLACK_SIGNING_SECRET);
      // A signed payload=null used to end the process (Bolt's receiver threw outside any handler).
      const body = "payload=null";
      const ts = Math.floor(Date.now() / 1000);
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": slackSignature(filled.SLACK_SIGNING_SECRET, ts, body) },
        body,
      });
      expect(res.status).toBe(400);
      expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
    }
  }, 60_000);

  it("stops with one line naming a missing variable", async () => {
    tempDir();
    const { SLACK_BOT_TOKEN: _omitted, ...rest } = filled;
    const app = start({ ...rest, DATABASE_URL: `file:${path.join(dir, "x.db")}` }, dir);
    expect(await app.exited).toBe(1);
    const lines = app.output().stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: SLACK_BOT_TOKEN is missing; expected a bot token starting with xoxb-/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 30_000);

  it("refuses .env.example's placeholder values with one line saying to replace them", async () => {
    tempDir();
    const app = start({ ...example, DATABASE_URL: `file:${path.join(dir, "x.db")}` }, dir);
    expect(await app.exited).toBe(1);
    const lines = app.output().stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: SLACK_BOT_TOKEN still holds the example value from \.env\.example; replace it with the Bot User OAuth Token/);
    expect(fs.existsSync(path.join(dir, "x.db"))).toBe(false);
  }, 30_000);
});

describe("start-up: Slack unreachable or a token refused", () => {
  it("names SLACK_API_URL when Slack cannot be reached", async () => {
    tempDir();
    const closed = await freePort();
    const url = `http://127.0.0.1:${closed}/api/`;
    const line = await refusal({ SLACK_API_URL: url, DATABASE_URL: `file:${path.join(dir, "app.db")}` });
    expect(line).toBe(`Cannot reach Slack at ${url} (ECONNREFUSED): check the network or SLACK_API_URL.`);
  }, 60_000);

  it("names SLACK_BOT_TOKEN when Slack refuses it", async () => {
    tempDir();
    slack = await startFakeSlack({ botToken: "xoxb-the-token-slack-knows", logRejections: false });
    const line = await refusal({ SLACK_API_URL: slack.apiUrl, DATABASE_URL: `file:${path.join(dir, "app.db")}` });
    expect(line).toMatch(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\): copy the Bot User OAuth Token \(xoxb-…\) again from your Slack app's OAuth & Permissions page/);
  }, 60_000);

  it("names SLACK_APP_TOKEN when Slack refuses it in Socket Mode", async () => {
    tempDir();
    slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, logRejections: false });
    const line = await refusal({ SLACK_API_URL: slack.apiUrl, SLACK_APP_TOKEN: "xapp-1-A0FAKEAPP1-000-wrong", DATABASE_URL: `file:${path.join(dir, "app.db")}` });
    expect(line).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\): generate an app-level token with the connections:write scope again/);
    expect(slack.callsTo("apps.connections.open")).toHaveLength(1);
  }, 60_000);
});

describe("start-up after the app was removed from Slack", () => {
  it("a restart with the token Slack revoked stops with one line saying to install the app again", async () => {
    tempDir();
    slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
    const port = await freePort();
    const env = { ...filled, SLACK_API_URL: slack.apiUrl, SLACK_API_RETRIES: "0", PORT: String(port), DATABASE_URL: `file:${path.join(dir, "app.db")}` };
    const app = start(env, dir);
    try {
      expect(await healthy(port), JSON.stringify(app.output())).toBe(true);
      slack.revokeTokens();
      const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret: filled.SLACK_SIGNING_SECRET, slack });
      expect((await driver.event({ type: "app_uninstalled" })).status).toBe(200);
      for (let i = 0; i < 50 && !app.output().stderr.includes("was removed from Slack"); i++) await new Promise((r) => setTimeout(r, 100));
      expect(app.output().stderr).toMatch(/Customer Book was removed from Slack workspace T0FAKETEAM \(app_uninstalled\)/);
    } finally {
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
    }
    const line = await refusal(env);
    expect(line).toMatch(/^Customer Book was removed from Slack workspace T0FAKETEAM on .* \(app_uninstalled\), and Slack revoked SLACK_BOT_TOKEN then: install the app again \(README: Create the Slack app\) and put the new Bot User OAuth Token in SLACK_BOT_TOKEN\.$/);
  }, 60_000);
});

describe("start-up: PORT", () => {
  it("names PORT when it is not a number", async () => {
    tempDir();
    const line = await refusal({ PORT: "abc", DATABASE_URL: `file:${path.join(dir, "app.db")}` });
    expect(line).toMatch(/^Configuration error: PORT is invalid; expected a port number from 0 to 65535/);
  }, 30_000);

  for (const mode of ["HTTP mode", "Socket Mode"] as const) {
    it(`names PORT when the port is already in use (${mode})`, async () => {
      tempDir();
      slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, logRejections: false });
      const taken = net.createServer();
      await new Promise<void>((r) => taken.listen(0, () => r()));
      const port = (taken.address() as net.AddressInfo).port;
      try {
        const line = await refusal({
          SLACK_API_URL: slack.apiUrl,
          PORT: String(port),
          SLACK_APP_TOKEN: mode === "Socket Mode" ? APP_TOKEN : "",
          DATABASE_URL: `file:${path.join(dir, "app.db")}`,
        });
        expect(line).toBe(`Port ${port} (PORT) is already in use by another program: stop that program (an earlier Customer Book still running?) or set PORT to a free port.`);
      } finally {
        await new Promise((r) => taken.close(r));
      }
    }, 60_000);
  }
});

describe("start-up: a database the app cannot use", () => {
  it("names DATABASE_URL when it is file: with no path", async () => {
    tempDir();
    const line = await refusal({ DATABASE_URL: "file:" });
    expect(line).toMatch(/^Configuration error: DATABASE_URL is invalid; expected a SQLite file after file:/);
  }, 30_000);

  it("says which folder it cannot write when the database's folder is not writable", async () => {
    tempDir();
    const locked = path.join(dir, "locked");
    fs.mkdirSync(locked, { mode: 0o555 });
    fs.chmodSync(locked, 0o555);
    const file = path.join(locked, "app.db");
    const line = await refusal({ DATABASE_URL: `file:${file}` }, asUnprivileged);
    expect(line).toMatch(new RegExp(`^Cannot create or write the database in ${locked} \\(DATABASE_URL=file:${file}\\): this user may not write in that folder`));
    const nested = path.join(locked, "data", "app.db");
    expect(await refusal({ DATABASE_URL: `file:${nested}` }, asUnprivileged)).toMatch(new RegExp(`^Cannot create or write the database in ${locked}/data `));
  }, 60_000);

  it("says the database file is read-only", async () => {
    tempDir();
    fs.chmodSync(dir, 0o777);
    const file = migratedDb(path.join(dir, "app.db"));
    fs.chmodSync(file, 0o444);
    const line = await refusal({ DATABASE_URL: `file:${file}` }, asUnprivileged);
    expect(line).toMatch(new RegExp(`^The database file ${file} \\(DATABASE_URL\\) is read-only for this user`));
  }, 60_000);

  it("says a file that is not a database is not one, instead of claiming migrations are pending", async () => {
    tempDir();
    const file = path.join(dir, "app.db");
    fs.writeFileSync(file, "Customer list, exported 2026-11-30\nAcme Dental;acme.com\n");
    const line = await refusal({ DATABASE_URL: `file:${file}` });
    expect(line).toBe(`${file} (DATABASE_URL) is not a SQLite database: point DATABASE_URL at the app's database, or move that file away and the app creates a new database there.`);
    expect(line).not.toMatch(/migration/i);
  }, 60_000);

  it("names DATABASE_URL when it names a folder", async () => {
    tempDir();
    const folder = path.join(dir, "data");
    fs.mkdirSync(folder);
    const line = await refusal({ DATABASE_URL: `file:${folder}` });
    expect(line).toBe(`DATABASE_URL names the folder ${folder}, not a file: add the database file's name, such as file:./data/app.db.`);
  }, 30_000);
});

/** Waits until GET /health answers 200 (true) or `attempts` × 100 ms pass (false). */
async function healthy(port: number, attempts = 600): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.status === 200, () => false)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** True when nothing listens on the port any more. */
async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}

describe("npm start and npm run dev", () => {
  /** npm itself, as a person runs it from the project folder. */
  function npm(args: string[], env: Record<string, string>, o: { detached?: boolean } = {}) {
    const child = spawn("npm", args, { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? dir, ...clockEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"], ...o });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return { child, exited, output: () => ({ stdout, stderr }) };
  }

  it("SIGTERM to npm start stops the app and frees the port; a second start does not rebuild", async () => {
    tempDir();
    slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
    const port = await freePort();
    const env = { ...filled, NPM_CONFIG_UPDATE_NOTIFIER: "false", SLACK_API_URL: slack.apiUrl, PORT: String(port), DATABASE_URL: `file:${path.join(dir, "app.db")}` };
    for (const round of [1, 2]) {
      const app = npm(["start"], env, { detached: true });
      expect(await healthy(port), JSON.stringify(app.output())).toBe(true);
      if (round === 2) expect(app.output().stdout).toContain("dist/ is up to date (no source changed since the last build)");
      app.child.kill("SIGTERM"); // to npm, as a process manager or `kill <pid>` does
      await app.exited;
      await new Promise((r) => setTimeout(r, 500));
      const free = await portIsFree(port);
      if (!free) process.kill(-(app.child.pid ?? 0), "SIGKILL"); // what is left of the group, not to outlive the test
      expect(free, `round ${round}: the app still holds port ${port}\n${JSON.stringify(app.output())}`).toBe(true);
      expect(app.output().stdout).toContain("SIGTERM received, stopping");
    }
  }, 180_000);

  for (const how of ["SIGTERM to npm", "Ctrl-C in its terminal"] as const) {
    it(`${how} stops npm run dev's app and frees the port`, async () => {
      tempDir();
      slack = await startFakeSlack({ botToken: BOT_TOKEN, logRejections: false });
      const port = await freePort();
      const env = { ...filled, NPM_CONFIG_UPDATE_NOTIFIER: "false", SLACK_API_URL: slack.apiUrl, PORT: String(port), DATABASE_URL: `file:${path.join(dir, "app.db")}` };
      // Its own process group, like a terminal's foreground job: Ctrl-C sends SIGINT to the whole group.
      const app = npm(["run", "dev"], env, { detached: true });
      expect(await healthy(port), JSON.stringify(app.output())).toBe(true);
      if (how === "SIGTERM to npm") app.child.kill("SIGTERM");
      else process.kill(-(app.child.pid ?? 0), "SIGINT");
      await app.exited;
      await new Promise((r) => setTimeout(r, 500));
      const free = await portIsFree(port);
      if (!free) process.kill(-(app.child.pid ?? 0), "SIGKILL"); // what is left of the group, not to outlive the test
      expect(free, JSON.stringify(app.output())).toBe(true);
      expect(app.output().stdout.match(how === "SIGTERM to npm" ? /SIGTERM received, stopping/g : /SIGINT received, stopping/g)).toHaveLength(1);
    }, 120_000);
  }
});

