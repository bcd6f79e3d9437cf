/**
 * A fake Slack for end-to-end tests. Typical set-up:
 *
 *   const slack = await startFakeSlack({ botToken: "xoxb-test" });
 *   const app = new App({ token: "xoxb-test", signingSecret,
 *     clientOptions: { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } } });
 *   const server = await app.start(0);   // HTTP mode
 *   const driver = new SlackDriver({ appUrl: `http://127.0.0.1:${port}/slack/events`, signingSecret, slack });
 *   await driver.command("/customer", "", { userId: "U1" });
 *   const view = await slack.waitForCall("views.open").then(() => slack.currentView("U1"));
 *
 * Modules: server.ts (HTTP), web-api.ts (methods), views.ts + view-state.ts (modals and typed input),
 * messages.ts, responses.ts (response_url), files.ts, users.ts, triggers.ts, rate-limits.ts, and
 * block-kit-limits.ts (pure validators, usable directly in unit tests of view builders).
 */
export { startFakeSlack, FakeSlack } from "./fake-slack.js";
export type { AddMessageInput, FakeSlackOptions, SlackFile, SlackOutage, ViewValues } from "./fake-slack.js";
export type { RecordedCall } from "./server.js";
export type { AddFileInput, UploadRecord } from "./files.js";
export type { StoredEphemeral, StoredMessage } from "./messages.js";
export type { ResponseContext, ResponseUrlPost } from "./responses.js";
export type { FakeUser, FakeUserInput } from "./users.js";
export type { SlackView } from "./views.js";
export type { PersonInput, StateValue, StateValues } from "./view-state.js";
export { SlackApiError } from "./errors.js";
export { LIMITS, validateMessageBlocks, validateView } from "./block-kit-limits.js";
export { MAX_STACK_SIZE } from "./views.js";
export { TRIGGER_LIFETIME_MS } from "./triggers.js";
export { DEFAULT_RATE_LIMITS, RATE_WINDOW_MS } from "./rate-limits.js";
