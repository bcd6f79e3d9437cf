import os from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Two projects. `sqlite`: every test, on SQLite files. `postgres`: the database and end-to-end
 * tests again on PostgreSQL, each test file on its own database; it runs when TEST_POSTGRES_URL
 * names a server where the user may create databases (CI starts one: .ci/run), e.g.
 * TEST_POSTGRES_URL=postgresql://app:app@localhost:5432/postgres npm test
 */
const postgres = Boolean(process.env.TEST_POSTGRES_URL);

export default defineConfig({
  test: {
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/strict-mrkdwn.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file gets its own database copied from a migrated template (see test/support/db.ts).
    pool: "forks",
    // Vitest's default is one worker less than the cores: on a 2-core machine (CI's) that is one,
    // and the files then run one after another although most of their time is spent waiting (on
    // HTTP, PostgreSQL, timers). Two at least.
    maxWorkers: Math.max(2, (os.availableParallelism?.() ?? os.cpus().length) - 1),
    projects: [
      { extends: true as const, test: { name: "sqlite", include: ["test/**/*.test.ts"] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: {
                name: "postgres",
                include: ["test/db/**/*.test.ts", "test/e2e/**/*.test.ts"],
                // SQLite files the app is started on (missing, read-only, a folder...): SQLite's own start-up checks.
                exclude: ["test/e2e/startup.test.ts"],
                env: { TEST_DATABASE: "postgres" },
              },
            },
          ]
        : []),
    ],
  },
});
