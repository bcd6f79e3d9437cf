/**
 * Starting the app on a PostgreSQL database that cannot be used: the real entry point in a child
 * process stops with one line that says what is wrong and names DATABASE_URL, never its password.
 * Runs in the postgres test project (it needs a server to refuse a password or miss a database).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { onPostgres, postgresUrl } from "../support/db.js";

const root = path.resolve(".");
const tsx = path.join(root, "node_modules/tsx/dist/cli.mjs");
const entry = path.join(root, "src/index.ts");
const example = dotenv.parse(fs.readFileSync(path.join(root, ".env.example")));

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts the app with this DATABASE_URL; answers its exit code and what it wrote to stderr. */
async function startWith(databaseUrl: string): Promise<{ code: number | null; lines: string[]; all: string }> {
  const child = spawn(process.execPath, [tsx, entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...example, SLACK_API_URL: "http://127.0.0.1:9/api/", PORT: "0", DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  return { code, lines: stderr.trim().split("\n"), all: stdout + stderr };
}

const withCredentials = (url: string, user: string, password: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
};

describe.skipIf(!onPostgres)("starting on a PostgreSQL database that cannot be used", () => {
  it("no server at the address: one line naming it and DATABASE_URL", async () => {
    const port = await closedPort();
    const r = await startWith(`postgresql://app:s3cret-pw@127.0.0.1:${port}/customerbook`);
    expect(r.code).toBe(1);
    expect(r.lines).toEqual([`Database error: cannot reach the PostgreSQL server at 127.0.0.1:${port} that DATABASE_URL names. Check that PostgreSQL runs there and accepts TCP connections, or fix the host and port in DATABASE_URL.`]);
  }, 60_000);

  it("a wrong password: one line naming the user, without the password", async () => {
    const url = withCredentials(postgresUrl("postgres"), new URL(postgresUrl("postgres")).username, "not-the-password-123");
    const r = await startWith(url);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^Database error: PostgreSQL at .+ refused the user ".+" \(wrong password, or no such user\)\. Fix the user and password in DATABASE_URL\.$/);
    expect(r.all).not.toContain("not-the-password-123");
  }, 60_000);

  it("a database that does not exist: one line naming it and how to create it", async () => {
    const r = await startWith(postgresUrl("no_such_customer_book"));
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/^Database error: the database "no_such_customer_book" does not exist on the PostgreSQL server at .+\. Create it \(createdb no_such_customer_book\) or fix its name in DATABASE_URL\.$/);
  }, 60_000);
});
