import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { manifestWarnings } from "../../src/slack/setup-check.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "s3cr3t-signing-value", PORT: "3000" };
const httpMode = loadConfig(base);
const socketMode = loadConfig({ ...base, SLACK_APP_TOKEN: "xapp-1-A1-2-abc" });
const repoManifest = fs.readFileSync(path.resolve("manifest.yml"), "utf8");
const asHttp = (yaml: string, host = "https://example.com") =>
  yaml.replace(/^  socket_mode_enabled: true$/m, "  socket_mode_enabled: false").replaceAll("https://example.com", host);

describe("start-up: the run mode against manifest.yml", () => {
  it("agrees with the repository's manifest in Socket Mode, the mode the Quick start sets up", () => {
    expect(repoManifest).toMatch(/socket_mode_enabled: true/);
    expect(manifestWarnings(socketMode, repoManifest)).toEqual([]);
  });

  it("warns when HTTP mode meets a manifest that turns Socket Mode on, naming SLACK_APP_TOKEN and the port", () => {
    const [warning, ...rest] = manifestWarnings(httpMode, repoManifest);
    expect(rest).toEqual([]);
    expect(warning).toMatch(/^Warning: HTTP mode \(SLACK_APP_TOKEN is empty\), but manifest\.yml turns Socket Mode on .* sends nothing to port 3000: set SLACK_APP_TOKEN/);
  });

  it("warns when HTTP mode meets request URLs still at example.com, and is quiet once they are the user's", () => {
    expect(manifestWarnings(httpMode, asHttp(repoManifest))).toEqual([expect.stringMatching(/5 request URL\(s\) in manifest\.yml still point at https:\/\/example\.com/)]);
    expect(manifestWarnings(httpMode, asHttp(repoManifest, "https://book.acme-msp.it"))).toEqual([]);
  });

  it("warns when Socket Mode meets a manifest that turns Socket Mode off", () => {
    expect(manifestWarnings(socketMode, asHttp(repoManifest, "https://book.acme-msp.it"))).toEqual([expect.stringMatching(/^Warning: Socket Mode \(SLACK_APP_TOKEN is set\), but manifest\.yml turns Socket Mode off/)]);
  });

  it("says so when the manifest cannot be read, and says nothing without one", () => {
    expect(manifestWarnings(httpMode, "settings: [unclosed")).toEqual([expect.stringMatching(/^Warning: manifest\.yml could not be read/)]);
    expect(manifestWarnings(httpMode, undefined)).toEqual([]);
  });
});
