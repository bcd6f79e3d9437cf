/**
 * A real SMTP server on loopback for tests (smtp-server, from nodemailer's maintainers): it takes
 * what the app sends, parses each message with mailparser and keeps it, so a test checks the
 * headers and parts a customer's mail program would see. It can refuse recipients (an SMTP code
 * and text per address), and go down and come back on the same port.
 */
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type Received = {
  envelopeFrom: string;
  envelopeTo: string[];
  raw: string;
  parsed: ParsedMail;
  /** the Message-ID without angle brackets */
  messageId: string;
  /** performance.now() when the server accepted it */
  at: number;
};

export type TestSmtp = {
  port: number;
  url: string;
  received: Received[];
  /** refuse RCPT TO for this address with this code and text (e.g. 550, "5.1.1 No such user") */
  refuse(address: string, code: number, text: string): void;
  /** stop listening (connections are refused) */
  down(): Promise<void>;
  /** listen again on the same port */
  up(): Promise<void>;
  close(): Promise<void>;
};

export async function startSmtp(): Promise<TestSmtp> {
  const received: Received[] = [];
  const refusals = new Map<string, { code: number; text: string }>();
  let server: SMTPServer | undefined;
  let port = 0;

  const make = () =>
    new SMTPServer({
      // plain SMTP on loopback: no STARTTLS offered (nodemailer would upgrade to it), no AUTH needed
      disabledCommands: ["STARTTLS", "AUTH"],
      authOptional: true,
      // down() does not wait 30 s for the app's pooled connection to leave
      closeTimeout: 200,
      logger: false,
      onRcptTo(address, _session, callback) {
        const r = refusals.get(address.address.toLowerCase());
        if (!r) return callback();
        const error = new Error(r.text) as Error & { responseCode: number };
        error.responseCode = r.code;
        callback(error);
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          const raw = Buffer.concat(chunks).toString("utf8");
          simpleParser(raw).then(
            (parsed) => {
              received.push({
                envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                envelopeTo: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
                messageId: (parsed.messageId ?? "").replace(/^<|>$/g, ""),
                at: performance.now(),
              });
              callback();
            },
            (error: Error) => callback(error),
          );
        });
      },
    });

  const listen = (s: SMTPServer, p: number) =>
    new Promise<number>((resolve, reject) => {
      s.once("error", reject);
      s.listen(p, "127.0.0.1", () => {
        const address = (s.server.address() as { port: number } | null)?.port ?? p;
        resolve(address);
      });
    });

  server = make();
  port = await listen(server, 0);
  const close = (s: SMTPServer | undefined) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));

  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    received,
    refuse(address, code, text) {
      refusals.set(address.toLowerCase(), { code, text });
    },
    async down() {
      const s = server;
      server = undefined;
      await close(s);
    },
    async up() {
      if (server) return;
      server = make();
      await listen(server, port);
    },
    async close() {
      await close(server);
      server = undefined;
    },
  };
}
