import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../src/config.js";
import { databaseKind, redactDatabaseUrl } from "../../src/db/url.js";

const valid = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "s3cr3t-signing-value" };

describe("DATABASE_URL", () => {
  it("names SQLite with file: and PostgreSQL with postgresql:// or postgres://", () => {
    expect(databaseKind("file:./data/app.db")).toBe("sqlite");
    expect(databaseKind("postgresql://u:p@db:5432/book")).toBe("postgresql");
    expect(databaseKind("postgres://u:p@db/book?sslmode=require")).toBe("postgresql");
    expect(databaseKind("mysql://u:p@db/book")).toBeUndefined();
    expect(loadConfig({ ...valid, DATABASE_URL: "postgresql://u:p@db:5432/book" }).databaseUrl).toBe("postgresql://u:p@db:5432/book");
  });

  it("refuses another kind of URL with one line saying what is expected", () => {
    expect(() => loadConfig({ ...valid, DATABASE_URL: "mysql://u:p@db/book" })).toThrow(
      /^Configuration error: DATABASE_URL is invalid; expected a SQLite URL such as file:\.\/data\/app\.db or a PostgreSQL URL such as postgresql:\/\/user:password@localhost:5432\/customerbook\./,
    );
  });

  it("never shows a PostgreSQL password: not in the start-up line, not in an error's text", () => {
    const c = loadConfig({ ...valid, DATABASE_URL: "postgresql://book:Very$ecret@db.internal:5432/book" });
    expect(describeConfig(c)).toContain("database postgresql://book:***@db.internal:5432/book");
    expect(describeConfig(c)).not.toContain("Very$ecret");
    expect(redactDatabaseUrl("failed: postgres://a:b@h/x and postgresql://c:d@h2:1/y")).toBe("failed: postgres://a:***@h/x and postgresql://c:***@h2:1/y");
    expect(redactDatabaseUrl("file:./data/app.db")).toBe("file:./data/app.db");
  });
});
