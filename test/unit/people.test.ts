/** Each person's language from Slack: asked once per person per few minutes, DEFAULT_LOCALE when Slack cannot say. */
import { describe, expect, it as test } from "vitest";
import type { Logger } from "@slack/bolt";
import { People, PERSON_TTL_MS, type SlackPerson } from "../../src/slack/people.js";
import { en } from "../../src/i18n/en.js";
import { it } from "../../src/i18n/it.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} } as unknown as Logger;

function people(persons: Record<string, SlackPerson | Error>, defaultLocale: "en" | "it" = "en") {
  const asked: string[] = [];
  let now = 1_000_000;
  const p = new People({
    lookup: async (userId) => {
      asked.push(userId);
      const found = persons[userId];
      if (!found || found instanceof Error) throw found ?? new Error("user_not_found");
      return found;
    },
    defaultLocale,
    logger: quiet,
    clock: () => now,
  });
  return { p, asked, later: (ms: number) => (now += ms) };
}

const person = (locale: "en" | "it" | undefined): SlackPerson => ({ isAdmin: false, isOwner: false, locale });

describe("People", () => {
  test("gives an Italian Slack user the Italian catalog and an English one the English, asking Slack once per person within a few minutes", async () => {
    const { p, asked, later } = people({ U1: person("it"), U2: person("en") });
    expect((await p.reader("U1")).t).toBe(it);
    expect((await p.reader("U1")).tag).toBe("it-IT");
    expect((await p.reader("U2")).t).toBe(en);
    await Promise.all([p.reader("U1"), p.reader("U1"), p.person("U1")]);
    expect(asked).toEqual(["U1", "U2"]);
    later(PERSON_TTL_MS + 1);
    await p.reader("U1");
    expect(asked).toEqual(["U1", "U2", "U1"]);
  });

  test("answers in DEFAULT_LOCALE when Slack gives no locale, when it cannot be asked, and for no one in particular; a failed lookup is not kept", async () => {
    const { p, asked } = people({ U1: person(undefined), U2: new Error("ratelimited") }, "it");
    expect((await p.reader("U1")).locale).toBe("it");
    expect((await p.reader("U2")).locale).toBe("it");
    expect((await p.reader(undefined)).locale).toBe("it");
    await p.reader("U2");
    expect(asked.filter((u) => u === "U2")).toHaveLength(2);
  });

  test("a direct message is read in its person's language, a channel in DEFAULT_LOCALE", async () => {
    const { p } = people({ U1: person("it") }, "en");
    expect((await p.readerIn("D0123", "U1")).locale).toBe("it");
    expect((await p.readerIn("C0123", "U1")).locale).toBe("en");
  });
});
