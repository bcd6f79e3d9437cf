import type { webApi } from "@slack/bolt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../support/fake-slack/index.js";
import { BOT_TOKEN, slackError, webClient } from "./helpers.js";

let fake: FakeSlack;
let client: webApi.WebClient;

beforeAll(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, teamId: "T123", logRejections: false });
  client = webClient(fake);
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

const CSV = "name,domain\nAcme,acme.test\n";

describe("files a person shared", () => {
  it("answers files.info with private URLs on the fake", async () => {
    const file = fake.addFile({ name: "customers.csv", content: CSV, user: "U1", channels: ["C1"] });
    const res = await client.files.info({ file: file.id });
    expect(res.file).toMatchObject({
      id: file.id,
      name: "customers.csv",
      title: "customers.csv",
      mimetype: "text/csv",
      filetype: "csv",
      size: Buffer.byteLength(CSV),
      user: "U1",
      channels: ["C1"],
      url_private: `${fake.baseUrl}files-pri/T123-${file.id}/customers.csv`,
      url_private_download: `${fake.baseUrl}files-pri/T123-${file.id}/download/customers.csv`,
    });
    const share = fake.lastMessage("C1");
    expect(res.file?.shares?.public?.C1?.[0]?.ts).toBe(share?.ts);
    expect((await slackError(client.files.info({ file: "F404" }))).error).toBe("file_not_found");
  });

  it("serves the bytes only with the bot token; otherwise an HTML login page with HTTP 200", async () => {
    const file = fake.addFile({ name: "customers.csv", content: CSV, user: "U1" });
    const withToken = await fetch(file.url_private_download, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get("content-type")).toBe("text/csv");
    expect(await withToken.text()).toBe(CSV);

    const attempts: Record<string, string>[] = [{}, { authorization: "Bearer xoxb-wrong" }];
    for (const headers of attempts) {
      const refused = await fetch(file.url_private_download, { headers });
      expect(refused.status).toBe(200);
      expect(refused.headers.get("content-type")).toMatch(/^text\/html/);
      expect(await refused.text()).toMatch(/<!DOCTYPE html>/);
    }
  });

  it("can serve HTML even to the right token, to test that the app checks the content type", async () => {
    const file = fake.addFile({ name: "customers.csv", content: CSV, user: "U1", servesHtml: true });
    const res = await fetch(file.url_private, { headers: { authorization: `Bearer ${BOT_TOKEN}` } });
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
  });
});

describe("files the app uploads", () => {
  it("receives a files.uploadV2 upload from the real WebClient", async () => {
    const parent = await client.chat.postMessage({ channel: "C1", text: "Import finished" });
    const content = Buffer.from("row,error\n3,missing domain\n");
    const res = await client.files.uploadV2({
      channel_id: "C1",
      thread_ts: parent.ts ?? "",
      filename: "errors.csv",
      file: content,
      initial_comment: "Rows that failed",
    });
    expect(res.ok).toBe(true);

    const [upload] = fake.uploads();
    expect(upload).toMatchObject({
      filename: "errors.csv",
      title: "errors.csv",
      channel: "C1",
      threadTs: parent.ts,
      initialComment: "Rows that failed",
      declaredLength: content.length,
    });
    expect(upload?.content.equals(content)).toBe(true);
    expect(fake.callsTo("files.getUploadURLExternal")[0]?.args).toMatchObject({ filename: "errors.csv", length: String(content.length) });

    const reply = fake.lastMessage("C1");
    expect(reply).toMatchObject({ threadTs: parent.ts, text: "Rows that failed", postedBy: "app" });
    const info = await client.files.info({ file: upload?.id ?? "" });
    expect(info.file?.name).toBe("errors.csv");
  });

  it("refuses to complete an upload whose bytes never arrived", async () => {
    const started = await client.files.getUploadURLExternal({ filename: "a.csv", length: 3 });
    expect(started.upload_url).toMatch(new RegExp(`^${fake.baseUrl}upload/v1/`));
    const failure = await slackError(client.files.completeUploadExternal({ files: [{ id: started.file_id ?? "" }], channel_id: "C1" }));
    expect(failure.error).toBe("file_not_found");
    expect(fake.uploads()).toEqual([]);
  });

  it("refuses an empty file like Slack (length 0)", async () => {
    expect((await slackError(client.files.getUploadURLExternal({ filename: "a.csv", length: 0 }))).error).toBe("missing_argument");
  });

  it("keeps each image's alt text and posts two files in one message to a DM given by user id", async () => {
    const png = Buffer.from("\x89PNG fake bytes");
    const res = await client.files.uploadV2({
      channel_id: "U0MANAGER1",
      initial_comment: "Charts",
      file_uploads: [
        { file: png, filename: "trend.png", title: "SLA trend", alt_text: "Response on time: 90%, 92%." },
        { file: png, filename: "breaches.png", title: "Most breaches", alt_text: "Acme 3." },
      ],
    });
    expect(res.ok).toBe(true);
    const dm = fake.dmChannel("U0MANAGER1");
    expect(fake.uploads().map((u) => [u.filename, u.title, u.altText, u.channel])).toEqual([
      ["trend.png", "SLA trend", "Response on time: 90%, 92%.", dm],
      ["breaches.png", "Most breaches", "Acme 3.", dm],
    ]);
    const message = fake.lastMessage(dm);
    expect(message?.text).toBe("Charts");
    expect((message?.files ?? []).map((f) => f.mimetype)).toEqual(["image/png", "image/png"]);
    expect(fake.uploads().every((u) => u.messageTs === message?.ts)).toBe(true);
  });

  it("refuses alt text over 1,000 characters (alt_txt_too_large), taking Slack's alt_txt or the SDK's alt_text", async () => {
    const long = "x".repeat(1001);
    expect((await slackError(client.files.getUploadURLExternal({ filename: "a.png", length: 3, alt_text: long }))).error).toBe("alt_txt_too_large");
    expect((await slackError(client.apiCall("files.getUploadURLExternal", { filename: "a.png", length: 3, alt_txt: long }))).error).toBe("alt_txt_too_large");
    expect((await client.files.getUploadURLExternal({ filename: "a.png", length: 3, alt_text: "x".repeat(1000) })).ok).toBe(true);
  });

  it("shares nothing in a channel that refuses the app, and refuses an initial comment over Slack's 40,000 characters", async () => {
    fake.refuseChannel("C0PRIVATE1", "not_in_channel");
    const refused = await slackError(client.files.uploadV2({ channel_id: "C0PRIVATE1", file: Buffer.from("abc"), filename: "a.png" }));
    expect(refused.error).toBe("not_in_channel");
    const tooLong = await slackError(client.files.uploadV2({ channel_id: "C1", file: Buffer.from("abc"), filename: "a.png", initial_comment: "y".repeat(40_001) }));
    expect(tooLong.error).toBe("msg_too_long");
    expect(fake.uploads()).toEqual([]);
    expect(fake.messages("C0PRIVATE1")).toEqual([]);
  });

  it("refuses bytes of another length than the one declared", async () => {
    const started = await client.files.getUploadURLExternal({ filename: "a.png", length: 10 });
    const posted = await fetch(started.upload_url ?? "", { method: "POST", body: Buffer.from("abc") });
    expect(posted.status).toBe(400);
    expect((await slackError(client.files.completeUploadExternal({ files: [{ id: started.file_id ?? "" }], channel_id: "C1" }))).error).toBe("file_not_found");
  });
});
