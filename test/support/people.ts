/** A People (src/slack/people.ts) for tests that build a job's context by hand: users.info on the given client. */
import type { WebClient } from "@slack/web-api";
import type { Logger } from "@slack/bolt";
import { People, slackPersonLookup } from "../../src/slack/people.js";
import type { Locale } from "../../src/i18n/locale.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => "info", setName() {} } as unknown as Logger;

export function testPeople(client: WebClient, defaultLocale: Locale = "en", logger: Logger = quiet): People {
  return new People({ lookup: slackPersonLookup(client), defaultLocale, logger });
}
