/**
 * Whether an inbound email proved who sent it, from the verdicts the receiving side already made:
 *   - the `Authentication-Results` header (RFC 8601) written by the operator's OWN mail server,
 *     recognised by its authserv-id (EMAIL_TRUSTED_AUTHSERV_ID, the header's first token). Every
 *     other Authentication-Results header is ignored: anyone can write one into a message, and a
 *     forger would write `dmarc=pass`. The topmost header with that id is the one that server added;
 *   - for Postmark's JSON: Postmark's SPF verdict (its `Received-SPF` header, the first one: Postmark
 *     adds it above the message's own) and its SpamAssassin DKIM tests (`X-Spam-Tests`:
 *     DKIM_VALID, DKIM_INVALID, DKIM_SIGNED).
 * An SPF or DKIM pass counts only when its domain (smtp.mailfrom / envelope-from, header.d; for Postmark
 * DKIM_VALID_AU) has the From domain's organisational domain (relaxed alignment, RFC 7489 §3.1).
 * Then: DMARC fail, or SPF fail/softfail with no aligned DKIM pass, is "fail"; DMARC pass, an aligned SPF or
 * DKIM pass is "pass"; no trusted verdict is "none" (today's behaviour: nothing is held back).
 */
import { getDomain } from "tldts";
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

/**
 * A method's result, with the domain it is about: SPF's smtp.mailfrom (Postmark: Received-SPF's
 * envelope-from), DKIM's header.d, DMARC's header.from. A pass counts only when that domain aligns
 * with the From domain (relaxed alignment, RFC 7489 §3.1: the same organisational domain).
 */
type Verdicts = { spf?: string; spfDomain?: string; dkim?: string; dkimDomain?: string; dmarc?: string; dmarcDomain?: string };

/** The domain of "user@host", "host" or "<user@host>", lower case. */
function domainOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().replace(/^<|>$/g, "").replace(/^"|"$/g, "");
  const host = (v.includes("@") ? v.slice(v.lastIndexOf("@") + 1) : v).toLowerCase().replace(/\.$/, "");
  return host || undefined;
}

/** The organisational domain (the registrable domain under the public suffix list), or the host itself. */
const organisational = (host: string) => getDomain(host, { allowPrivateDomains: false }) ?? host;

/** Relaxed alignment: both domains have the same organisational domain. */
export function aligned(domain: string | undefined, fromDomain: string | undefined): boolean {
  if (!domain || !fromDomain) return false;
  return organisational(domain) === organisational(fromDomain);
}

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
    const method = m[1]!.toLowerCase() as "spf" | "dkim" | "dmarc";
    const result = m[2]!.toLowerCase();
    const prop = (name: string) => new RegExp(`(?:^|\\s)${name.replace(".", "\\.")}\\s*=\\s*(\\S+)`, "i").exec(part)?.[1];
    const domain = domainOf(method === "spf" ? prop("smtp.mailfrom") : method === "dkim" ? (prop("header.d") ?? prop("header.i")) : prop("header.from"));
    if (method === "dkim") {
      // several DKIM signatures: one that passes is enough (it is checked for alignment later)
      if (out.dkim === "pass" && out.dkimDomain !== undefined) continue;
      out.dkim = result;
      if (domain) out.dkimDomain = domain;
      else delete out.dkimDomain;
    } else {
      out[method] = result;
      if (domain) out[`${method}Domain`] = domain;
    }
  }
  return out;
}

function postmarkVerdicts(p: NonNullable<AuthEvidence["postmark"]>): Verdicts {
  const out: Verdicts = {};
  const spf = /^\s*([a-z]+)/i.exec(p.receivedSpf ?? "")?.[1]?.toLowerCase();
  if (spf) out.spf = spf;
  const envelopeFrom = domainOf(/(?:^|[\s;])envelope-from\s*=\s*("[^"]*"|[^\s;]+)/i.exec(p.receivedSpf ?? "")?.[1]);
  if (envelopeFrom) out.spfDomain = envelopeFrom;
  const tests = (p.spamTests ?? "").toUpperCase().split(/[\s,]+/);
  // DKIM_VALID_AU: a valid signature of the author's (From) domain; DKIM_VALID alone may be anyone's
  if (tests.includes("DKIM_VALID_AU")) out.dkim = "pass";
  else if (tests.includes("DKIM_VALID")) out.dkim = "pass_unaligned";
  else if (tests.includes("DKIM_INVALID") || tests.includes("DKIM_SIGNED")) out.dkim = "fail";
  return out;
}

const SPF_FAILS = new Set(["fail", "softfail"]);

function decide(v: Verdicts, fromDomain: string | undefined, postmarkAligned = false): SenderTrust["verdict"] {
  if (v.dmarc === "fail") return "fail";
  // DMARC pass is about header.from: it counts when that is the From the app read (or unnamed)
  const dmarcPass = v.dmarc === "pass" && (v.dmarcDomain === undefined || aligned(v.dmarcDomain, fromDomain));
  const spfPass = v.spf === "pass" && aligned(v.spfDomain, fromDomain);
  const dkimPass = v.dkim === "pass" && (postmarkAligned || aligned(v.dkimDomain, fromDomain));
  if (dmarcPass || spfPass || dkimPass) return "pass";
  // SPF failed and no DKIM signature passed (a passing one returned above): neither proves the sender
  if (v.spf && SPF_FAILS.has(v.spf)) return "fail";
  return "none";
}

const describe = (v: Verdicts, by: string) =>
  `${(["dmarc", "spf", "dkim"] as const).map((k) => `${k}=${v[k] ?? "none"}`).join(" ")} (${by})`;

/** The sender's trust: from the trusted server's header if there is one, else from Postmark's verdicts. */
export function senderTrust(e: AuthEvidence | undefined, trustedAuthservId: string | undefined, fromEmail: string): SenderTrust {
  const fromDomain = domainOf(fromEmail);
  if (e && trustedAuthservId) {
    for (const value of e.authenticationResults) {
      const v = parseAuthenticationResults(value, trustedAuthservId);
      if (v) return { verdict: decide(v, fromDomain), detail: describe(v, trustedAuthservId) };
    }
  }
  if (e?.postmark && (e.postmark.receivedSpf !== undefined || e.postmark.spamTests !== undefined)) {
    const v = postmarkVerdicts(e.postmark);
    // DKIM_VALID_AU already says the signature is the From domain's
    return { verdict: decide(v, fromDomain, true), detail: describe(v, "Postmark") };
  }
  return { verdict: "none", detail: "" };
}
