/**
 * Whether an inbound email proved who sent it, from the verdicts the receiving side already made:
 *   - the `Authentication-Results` header (RFC 8601) written by the operator's OWN mail server,
 *     recognised by its authserv-id (EMAIL_TRUSTED_AUTHSERV_ID, the header's first token). Every
 *     other Authentication-Results header is ignored: anyone can write one into a message, and a
 *     forger would write `dmarc=pass`. The topmost header with that id is the one that server added;
 *   - for Postmark's JSON: Postmark's SPF verdict (its `Received-SPF` header, the first one: Postmark
 *     adds it above the message's own) and its SpamAssassin DKIM tests (`X-Spam-Tests`:
 *     DKIM_VALID, DKIM_INVALID, DKIM_SIGNED).
 * Then: DMARC fail, or SPF fail/softfail with no DKIM pass, is "fail"; DMARC pass, SPF pass or a
 * DKIM pass is "pass"; no trusted verdict is "none" (today's behaviour: nothing is held back).
 */
import type { HeaderField } from "./message.js";

/** What an inbound email carries that says how it was authenticated (raw, untrusted until checked). */
export type AuthEvidence = {
  /** every Authentication-Results value, top first */
  authenticationResults: string[];
  /** Postmark only: its Received-SPF and X-Spam-Tests values (first of each) */
  postmark?: { receivedSpf?: string; spamTests?: string };
};

export type SenderTrust = { verdict: "pass" | "fail" | "none"; detail: string };

export const NO_EVIDENCE: AuthEvidence = { authenticationResults: [] };

/** The evidence in a message's header fields (both formats carry a header list). */
export function authEvidence(headers: readonly HeaderField[], postmark: boolean): AuthEvidence {
  const named = (name: string) => headers.filter((h) => h.name.trim().toLowerCase() === name).map((h) => h.value);
  const evidence: AuthEvidence = { authenticationResults: named("authentication-results") };
  if (postmark) {
    const receivedSpf = named("received-spf")[0];
    const spamTests = named("x-spam-tests")[0];
    evidence.postmark = { ...(receivedSpf !== undefined ? { receivedSpf } : {}), ...(spamTests !== undefined ? { spamTests } : {}) };
  }
  return evidence;
}

type Verdicts = { spf?: string; dkim?: string; dmarc?: string };

/** The method results of one Authentication-Results value, if its authserv-id is `authservId`. */
export function parseAuthenticationResults(value: string, authservId: string): Verdicts | undefined {
  // Comments in parentheses may hold anything, including "dmarc=pass": drop them first.
  const clean = value.replace(/\([^()]*\)/g, " ");
  const semi = clean.indexOf(";");
  const id = (semi < 0 ? clean : clean.slice(0, semi)).trim().split(/\s+/)[0] ?? "";
  if (id.toLowerCase() !== authservId.toLowerCase()) return undefined;
  const out: Verdicts = {};
  for (const part of (semi < 0 ? "" : clean.slice(semi + 1)).split(";")) {
    const m = /^\s*(spf|dkim|dmarc)\s*=\s*([a-z]+)/i.exec(part);
    if (!m) continue;
    const method = m[1]!.toLowerCase() as keyof Verdicts;
    const result = m[2]!.toLowerCase();
    // several DKIM signatures: one that passes is enough
    if (method === "dkim" && out.dkim === "pass") continue;
    out[method] = result;
  }
  return out;
}

function postmarkVerdicts(p: NonNullable<AuthEvidence["postmark"]>): Verdicts {
  const out: Verdicts = {};
  const spf = /^\s*([a-z]+)/i.exec(p.receivedSpf ?? "")?.[1]?.toLowerCase();
  if (spf) out.spf = spf;
  const tests = (p.spamTests ?? "").toUpperCase().split(/[\s,]+/);
  if (tests.includes("DKIM_VALID")) out.dkim = "pass";
  else if (tests.includes("DKIM_INVALID") || tests.includes("DKIM_SIGNED")) out.dkim = "fail";
  return out;
}

const SPF_FAILS = new Set(["fail", "softfail"]);

function decide(v: Verdicts): SenderTrust["verdict"] {
  if (v.dmarc === "fail") return "fail";
  if (v.dmarc === "pass" || v.spf === "pass" || v.dkim === "pass") return "pass";
  // SPF failed and no DKIM signature passed (a passing one returned above): neither proves the sender
  if (v.spf && SPF_FAILS.has(v.spf)) return "fail";
  return "none";
}

const describe = (v: Verdicts, by: string) =>
  `${(["dmarc", "spf", "dkim"] as const).map((k) => `${k}=${v[k] ?? "none"}`).join(" ")} (${by})`;

/** The sender's trust: from the trusted server's header if there is one, else from Postmark's verdicts. */
export function senderTrust(e: AuthEvidence | undefined, trustedAuthservId: string | undefined): SenderTrust {
  if (e && trustedAuthservId) {
    for (const value of e.authenticationResults) {
      const v = parseAuthenticationResults(value, trustedAuthservId);
      if (v) return { verdict: decide(v), detail: describe(v, trustedAuthservId) };
    }
  }
  if (e?.postmark && (e.postmark.receivedSpf !== undefined || e.postmark.spamTests !== undefined)) {
    const v = postmarkVerdicts(e.postmark);
    return { verdict: decide(v), detail: describe(v, "Postmark") };
  }
  return { verdict: "none", detail: "" };
}
