/**
 * Runs once before the tests of each project (vitest.config.ts): applies the real migrations with
 * the Prisma CLI (exactly what `npm start` does) to a template database that each test file copies
 * (test/support/db.ts). The `sqlite` project: a template file. The `postgres` project: a template
 * database on the server TEST_POSTGRES_URL names, dropped at the end. Each run has its own folder
 * and template, so runs in parallel (two terminals, CI) do not delete each other's.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { copiesOf, createPostgresDatabase, dropPostgresDatabase } from "./db.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The run's folder: the SQLite template and test files, temp files of the app. */
    testTmpDir: string;
    /** The migrated PostgreSQL template database (postgres project only). */
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = project.config.env?.TEST_DATABASE === "postgres";
  const dir = path.resolve("test/.tmp", `run-${project.name}-${process.pid}-${Date.now()}`);
  fs.mkdirSync(dir, { recursive: true });
  const template = postgres ? await createPostgresDatabase() : undefined;
  const deploy = (url: string) =>
    execFileSync(process.execPath, [path.resolve("node_modules/prisma/build/index.js"), "migrate", "deploy"], { env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  // The SQLite template in both projects: the postgres project's tests of db:copy start from SQLite.
  deploy(`file:${path.join(dir, "template.db")}`);
  if (template) deploy(template.url);
  project.provide("testTmpDir", dir);
  if (template) project.provide("postgresTemplate", template.name);
  // Test workers are started after this and inherit the environment. The system temp folder is a
  // run's folder too, so what the app leaves there on purpose (the spool of a preview nobody
  // imported, kept for Import until a start-up sweep) goes when the run ends.
  process.env.TMPDIR = dir;
  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!template) return;
    for (const copy of await copiesOf(template.name)) await dropPostgresDatabase(copy);
    await template.drop();
  };
}
