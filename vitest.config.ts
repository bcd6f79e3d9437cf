import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    setupFiles: ["test/support/strict-mrkdwn.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Each test file gets its own SQLite file copied from a migrated template (see test/support/db.ts).
    pool: "forks",
  },
});
