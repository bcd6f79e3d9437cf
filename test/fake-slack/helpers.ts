/** Shared set-up for the fake's own tests: a real @slack/web-api WebClient pointed at the fake. */
import { LogLevel, webApi } from "@slack/bolt";
import { expect } from "vitest";
import type { FakeSlack } from "../support/fake-slack/index.js";

export const BOT_TOKEN = "xoxb-fake-bot-token";

/** A logger that keeps the WebClient quiet; the fake reports rejections itself when asked to. */
export const silentLogger: webApi.Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** Always `retries: 0`: the default policy can hang a failing call for about 30 minutes. */
export function webClient(fake: FakeSlack, token = BOT_TOKEN, options: webApi.WebClientOptions = {}): webApi.WebClient {
  return new webApi.WebClient(token, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    ...options,
  });
}

/** The platform error of a failed WebClient call: its `error` code and Slack's messages. */
export async function slackError(call: Promise<unknown>): Promise<{ error: string; messages: string[] }> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    const data = (error as webApi.WebAPIPlatformError).data;
    expect(data, `expected a platform error, got ${String(error)}`).toBeDefined();
    return { error: data.error, messages: data.response_metadata?.messages ?? [] };
  }
  throw new Error("expected the call to fail");
}
