import { describe, expect, it } from "vitest";
import { describeConfig, loadConfig } from "../../src/config.js";

const valid = { SLACK_BOT_TOKEN: "xoxb-1-2-abc", SLACK_SIGNING_SECRET: "s3cr3t-signing-value" };

describe("outbound email configuration", () => {
  it("is off without SMTP_URL, and the start-up line says so", () => {
    const c = loadConfig(valid);
    expect(c.email).toMatchObject({ smtpUrl: undefined, from: undefined, acknowledge: true, notifyResolved: true, trustedAuthservId: undefined });
    expect(describeConfig(c)).toContain("outbound email off (SMTP_URL is empty)");
  });

  it("takes EMAIL_FROM with a name, and never prints the SMTP password", () => {
    const c = loadConfig({ ...valid, SMTP_URL: "smtps://bot:p%40ss@mail.msp.example:465", EMAIL_FROM: "Acme Support <support@msp.example>" });
    expect(c.email.from).toEqual({ name: "Acme Support", address: "support@msp.example" });
    expect(describeConfig(c)).toContain("outbound email on via smtps://mail.msp.example:465 as support@msp.example");
    expect(describeConfig(c)).not.toContain("p%40ss");
  });

  it("names what is wrong: an SMTP_URL that is not smtp:// or smtps://, SMTP_URL without EMAIL_FROM, a bad address, a bad switch", () => {
    expect(() => loadConfig({ ...valid, SMTP_URL: "http://mail.example", EMAIL_FROM: "a@b.example" })).toThrow(/SMTP_URL is invalid; expected an SMTP server URL such as smtp:\/\//);
    expect(() => loadConfig({ ...valid, SMTP_URL: "smtp://mail.example:587" })).toThrow(/EMAIL_FROM is missing/);
    expect(() => loadConfig({ ...valid, SMTP_URL: "smtp://relay.local:25?tls=maybe", EMAIL_FROM: "a@b.example" })).toThrow(/SMTP_URL is invalid; .*\?tls=off for a relay without TLS/);
    expect(loadConfig({ ...valid, SMTP_URL: "smtp://relay.local:25?tls=off", EMAIL_FROM: "a@b.example" }).email.smtpUrl).toBe("smtp://relay.local:25?tls=off");
    expect(() => loadConfig({ ...valid, EMAIL_FROM: "support at msp" })).toThrow(/EMAIL_FROM is invalid/);
    expect(() => loadConfig({ ...valid, EMAIL_ACKNOWLEDGE: "maybe" })).toThrow(/EMAIL_ACKNOWLEDGE is invalid; expected true or false/);
    expect(loadConfig({ ...valid, EMAIL_ACKNOWLEDGE: "No", EMAIL_NOTIFY_RESOLVED: "0" }).email).toMatchObject({ acknowledge: false, notifyResolved: false });
  });
});
