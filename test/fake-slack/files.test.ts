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
});
