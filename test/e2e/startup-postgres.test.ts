/**
 * Starting the app on a PostgreSQL database that cannot be used: the real entry point in a child
 * process stops with one line that says what is wrong and names DATABASE_URL, never its password.
 * Runs in the postgres test project (it needs a server to refuse a password or miss a database).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import dotenv from "dotenv";
import { describe, expect, it } from "vitest";
import { clockEnv } from "../support/child-env.js";
import pg from "pg";
import { listMigrations } from "../../src/db/migrations.js";
import { createPostgresDatabase, onPostgres, onServer, postgresUrl } from "../support/db.js";

const root = path.resolve(".");
/** tsx loaded into the app's node process, as npm run dev does. */
const tsxLoader = pathToFileURL(path.join(root, "node_modules/tsx/dist/loader.mjs")).href;
const entry = path.join(root, "src/index.ts");
const example = dotenv.parse(fs.readFileSync(path.join(root, ".env.example")));
/** .env.example as a newcomer fills it in for HTTP mode (its placeholders are refused at start-up). */
const filled = { ...example, SLACK_BOT_TOKEN: "xoxb-000000000000-000000000000-startuptest", SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef", SLACK_APP_TOKEN: "" };

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
  const child = spawn(process.execPath, ["--import", tsxLoader, entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...clockEnv(), ...filled, SLACK_API_URL: "http://127.0.0.1:9/api/", PORT: "0", DATABASE_URL: databaseUrl },
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

  it("a new, empty database is not refused: the first start applies every migration (and stops here only at Slack, which this test leaves unreachable)", async () => {
    const database = await createPostgresDatabase();
    try {
      const r = await startWith(database.url);
      expect(r.lines).toHaveLength(1);
      expect(r.lines[0]).toMatch(/^Cannot reach Slack at http:\/\/127\.0\.0\.1:9\/api\//);
      const applied = await onServer(async () => {
        const client = new pg.Client({ connectionString: database.url });
        await client.connect();
        try {
          return (await client.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`)).rows.map((row) => row.migration_name);
        } finally {
          await client.end();
        }
      });
      expect(applied).toEqual(listMigrations(path.join(root, "prisma", "postgresql", "migrations")));
    } finally {
      await database.drop();
    }
  }, 90_000);
});
