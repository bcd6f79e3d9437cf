/**
 * STARTTLS on smtp:// (src/email/smtp.ts), against real SMTP servers on loopback (smtp-server):
 * to the submission port or with a password, the app sends nothing, and no password, to a server
 * that does not offer STARTTLS; it upgrades where it is offered; `?tls=off` opts out for a relay
 * without TLS.
 */
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import { smtpConnection, smtpTransport, type OutgoingMail } from "../../src/email/smtp.js";

type Seen = { auths: string[]; received: number; secure: boolean[] };
const servers: SMTPServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((r) => s.close(() => r()));
});

/** A loopback server that takes AUTH over plain text (as a careless one would) and counts what it gets. */
async function server(starttls: boolean): Promise<{ port: number; seen: Seen }> {
  const seen: Seen = { auths: [], received: 0, secure: [] };
  const s = new SMTPServer({
    disabledCommands: starttls ? [] : ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    closeTimeout: 200,
    logger: false,
    onAuth(auth, _session, cb) {
      seen.auths.push(`${auth.username}:${auth.password}`);
      cb(null, { user: auth.username });
    },
    onData(stream, session, cb) {
      stream.on("data", () => undefined);
      stream.on("end", () => {
        seen.received++;
        seen.secure.push(Boolean(session.secure));
        cb();
      });
    },
  });
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  return { port: (s.server.address() as AddressInfo).port, seen };
}

const mail: OutgoingMail = {
  from: { name: "Acme Support", address: "help@msp.example" },
  to: "jane@acme.com",
  cc: [],
  subject: "Re: [#1] Printer down",
  text: "Hello",
  html: "<p>Hello</p>",
  messageId: "m1@msp.example",
  inReplyTo: null,
  references: [],
  automatic: false,
};

describe("STARTTLS on smtp://", () => {
  it("requires it on port 587, with a password, and when no port is named; smtps:// and ?tls=off do not", () => {
    expect(smtpConnection("smtp://mail.example:587").requireTLS).toBe(true);
    expect(smtpConnection("smtp://mail.example").requireTLS).toBe(true);
    expect(smtpConnection("smtp://app:secret@mail.example:2525").requireTLS).toBe(true);
    expect(smtpConnection("smtp://relay.local:25").requireTLS).toBe(false);
    expect(smtpConnection("smtps://app:secret@mail.example:465").requireTLS).toBe(false);
    const off = smtpConnection("smtp://app:secret@relay.local:587?tls=off");
    expect(off).toMatchObject({ requireTLS: false, ignoreTLS: true });
    expect(off.url).not.toContain("tls=");
  });

  it("sends no password and no email to a server that does not offer STARTTLS, and the failure is not the email's fault", async () => {
    const { port, seen } = await server(false);
    const transport = smtpTransport(`smtp://app:secret@127.0.0.1:${port}`);
    const error = await transport.send(mail).then(
      () => undefined,
      (e: unknown) => e as { permanent?: boolean; setup?: boolean; message?: string },
    );
    transport.close();
    expect(error).toBeDefined();
    expect(error?.permanent).toBe(false); // kept and retried: the setup is wrong, not the email
    expect(error?.setup).toBe(true); // the sender's one error line naming SMTP_URL
    expect(error?.message).toMatch(/STARTTLS/i);
    expect(seen.auths).toEqual([]);
    expect(seen.received).toBe(0);
  });

  it("upgrades with STARTTLS where offered, then logs in and sends", async () => {
    const { port, seen } = await server(true);
    const transport = smtpTransport(`smtp://app:secret@127.0.0.1:${port}?tls.rejectUnauthorized=false`);
    await transport.send(mail);
    transport.close();
    expect(seen.auths).toEqual(["app:secret"]);
    expect(seen.secure).toEqual([true]);
  });

  it("sends in clear to a relay without TLS only when the URL says ?tls=off", async () => {
    const { port, seen } = await server(false);
    const transport = smtpTransport(`smtp://app:secret@127.0.0.1:${port}?tls=off`);
    await transport.send(mail);
    transport.close();
    expect(seen.received).toBe(1);
    expect(seen.secure).toEqual([false]);
  });
});
