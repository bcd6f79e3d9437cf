/**
 * Whether an inbound email proved who sent it, from the verdicts the receiving side already made:
 *   - the `Authentication-Results` header (RFC 8601) written by the operator's OWN mail server,
 *     recognised by its authserv-id (EMAIL_TRUSTED_AUTHSERV_ID, the header's first token). Every
 *     other Authentication-Results header is ignored: anyone can write one into a message, and a
 *     forger would write `dmarc=pass`. All headers with that id count, merged (any fail wins), those
 *     above the first Received header of another server only when that can be told (trustedHeaders).
 *     It is read by RFC 8601's grammar (readAuthenticationResults: nested comments, quoted strings);
 *     a fail sticks (a later pass of the same method does not undo it), an unreadable header is a fail;
 *   - for Postmark's JSON: only Postmark's own verdicts, its SPF verdict (`Received-SPF`) and its
 *     SpamAssassin DKIM tests (`X-Spam-Tests`: DKIM_VALID_AU, DKIM_INVALID, DKIM_SIGNED). Its header
 *     list holds the message's own headers too, so Authentication-Results there are ignored, and a
 *     message with more than one Received-SPF or X-Spam-Tests is unverified (whose is whose?).
 * An SPF or DKIM pass counts only when its domain (smtp.mailfrom / envelope-from, header.d; for Postmark
 * DKIM_VALID_AU) has the From domain's organisational domain (relaxed alignment, RFC 7489 §3.1).
 * Then: DMARC fail, or SPF fail/softfail with no aligned DKIM pass, is "fail"; DMARC pass, an aligned SPF or
 * DKIM pass is "pass"; no trusted verdict is "none". With EMAIL_TRUSTED_AUTHSERV_ID set, "none" for want of
 * any verdict of the trusted side (no header of that server; Postmark JSON without Postmark's fields) is
 * unverified ("no verdict from <id>"); without it, nothing is held back.
 */
import { getDomain } from "tldts";
import { emailText } from "../i18n/email.js";
import type { TrustDetail } from "../domain/stored-outcomes.js";
import type { HeaderField } from "./message.js";

/** What an inbound email carries that says how it was authenticated (raw, untrusted until checked). */
export type AuthEvidence = {
  /** every Authentication-Results value, top first */
  authenticationResults: string[];
  /** the Authentication-Results and Received headers in order, top first (where the operator's server's part ends) */
  trace?: { received: boolean; value: string }[];
  /** Postmark only: its Received-SPF and X-Spam-Tests values; `several` when the message had more than one of either */
  postmark?: { receivedSpf?: string; spamTests?: string; several?: boolean };
};

/** `unverified`: the sender is not proven and is treated as possibly forged (a fail, or evidence the app cannot tell apart from the sender's). */
/** `why`: the detail as a code the catalogs word for each reader; `detail`: the same in English, for the logs and InboundEmail.authDetail. */
export type SenderTrust = { verdict: "pass" | "fail" | "none"; detail: string; why?: TrustDetail; unverified: boolean };

const trusted = (verdict: SenderTrust["verdict"], why: TrustDetail, unverified: boolean): SenderTrust => ({ verdict, detail: emailText.trust.detail(why), why, unverified });

export const NO_EVIDENCE: AuthEvidence = { authenticationResults: [] };

/** The evidence in a message's header fields (both formats carry a header list). */
export function authEvidence(headers: readonly HeaderField[], postmark: boolean): AuthEvidence {
  const named = (name: string) => headers.filter((h) => h.name.trim().toLowerCase() === name).map((h) => h.value);
  const trace = headers
    .map((h) => ({ name: h.name.trim().toLowerCase(), value: h.value }))
    .filter((h) => h.name === "authentication-results" || h.name === "received")
    .map((h) => ({ received: h.name === "received", value: h.value }));
  // Postmark's JSON: Postmark's verdicts come only from Postmark's own fields. Its header list also
  // holds the message's own headers, so an Authentication-Results there (whatever its id) is the
  // sender's word, and a second Received-SPF or X-Spam-Tests cannot be told from Postmark's.
  if (postmark) {
    const spfs = named("received-spf");
    const tests = named("x-spam-tests");
    const receivedSpf = spfs[0];
    const spamTests = tests[0];
    return {
      authenticationResults: [],
      trace: [],
      postmark: { ...(receivedSpf !== undefined ? { receivedSpf } : {}), ...(spamTests !== undefined ? { spamTests } : {}), ...(spfs.length > 1 || tests.length > 1 ? { several: true } : {}) },
    };
  }
  return { authenticationResults: named("authentication-results"), trace };
}

/** One method's result in an Authentication-Results header (RFC 8601 §2.2), properties by lower-case name. */
export type MethodResult = { method: string; result: string; props: Record<string, string> };

/** A header read: its authserv-id and results, and whether some of it could not be read (an unclosed comment or quote, a missing "="). */
export type ParsedResults = { authservId: string; results: MethodResult[]; unreadable: boolean };

/**
 * Reads one Authentication-Results value by RFC 8601's grammar: comments (CFWS) nest and are
 * skipped whole, with backslash escapes; a quoted string is one value; `method[/version]=result`,
 * then `reason=` and `ptype.property=value` pairs, `;` between results. A property value runs to
 * the next space, `;` or comment (header.b holds "/", "+" and "="). Undefined without an authserv-id.
 */
export function readAuthenticationResults(value: string): ParsedResults | undefined {
  let i = 0;
  const n = value.length;
  let unreadable = false;
  const skip = () => {
    for (;;) {
      while (i < n && /\s/.test(value[i]!)) i++;
      if (value[i] !== "(") return;
      let depth = 0;
      do {
        const c = value[i];
        if (c === "\\") i++;
        else if (c === "(") depth++;
        else if (c === ")") depth--;
        i++;
      } while (i < n && depth > 0);
      if (depth > 0) {
        unreadable = true;
        i = n;
        return;
      }
    }
  };
  /** a quoted string, or a token up to one of `stops` (or a space, a comment, a quote) */
  const word = (stops: string): string => {
    if (value[i] === '"') {
      let out = "";
      for (i++; i < n; i++) {
        const c = value[i]!;
        if (c === "\\") out += value[++i] ?? "";
        else if (c === '"') {
          i++;
          return out;
        } else out += c;
      }
      unreadable = true;
      return out;
    }
    const from = i;
    while (i < n && !/[\s()"]/.test(value[i]!) && !stops.includes(value[i]!)) i++;
    return value.slice(from, i);
  };

  skip();
  const authservId = word(";");
  if (!authservId) return undefined;
  const results: MethodResult[] = [];
  skip();
  // authres-version
  if (/^\d+$/.test(value.slice(i).split(/[\s;(]/)[0] ?? "")) {
    word(";");
    skip();
  }
  while (i < n && !unreadable) {
    if (value[i] !== ";") {
      // "none" (no result) is the only thing allowed here
      if (word(";").toLowerCase() !== "none") unreadable = true;
      skip();
      continue;
    }
    i++;
    skip();
    if (i >= n) break;
    const method = word(";=/").toLowerCase();
    skip();
    if (value[i] === "/") {
      i++;
      skip();
      word(";=");
      skip();
    }
    if (value[i] !== "=" || !method) {
      unreadable = true;
      break;
    }
    i++;
    skip();
    const result = word(";=").toLowerCase();
    const props: Record<string, string> = {};
    for (;;) {
      skip();
      if (i >= n || value[i] === ";" || unreadable) break;
      const name = word(";=").toLowerCase();
      skip();
      if (value[i] !== "=" || !name) {
        unreadable = true;
        break;
      }
      i++;
      skip();
      const v = word(";");
      if (!(name in props)) props[name] = v;
    }
    if (!unreadable) results.push({ method, result, props });
  }
  return { authservId, results, unreadable };
}

/** The domain of "user@host", "host" or "<user@host>", lower case. */
function domainOf(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const v = value.trim().replace(/^<|>$/g, "");
  const host = (v.includes("@") ? v.slice(v.lastIndexOf("@") + 1) : v).toLowerCase().replace(/\.$/, "");
  return host || undefined;
}

/** The organisational domain (the registrable domain under the public suffix list), or the host itself. */
const organisational = (host: string) => getDomain(host, { allowPrivateDomains: false }) ?? host;

/** Relaxed alignment (RFC 7489 §3.1): both domains have the same organisational domain. */
export function aligned(domain: string | undefined, fromDomain: string | undefined): boolean {
  if (!domain || !fromDomain) return false;
  return organisational(domain) === organisational(fromDomain);
}

/** The domain a result is about: SPF's smtp.mailfrom (else smtp.helo), DKIM's header.d (else header.i), DMARC's header.from. */
function subjectDomain(r: MethodResult): string | undefined {
  if (r.method === "spf") return domainOf(r.props["smtp.mailfrom"] ?? r.props["smtp.helo"]);
  if (r.method === "dkim") return domainOf(r.props["header.d"] ?? r.props["header.i"]);
  if (r.method === "dmarc") return domainOf(r.props["header.from"]);
  return undefined;
}

/** Postmark's verdicts as results: Received-SPF (with its envelope-from) and X-Spam-Tests' DKIM tests. */
function postmarkResults(p: NonNullable<AuthEvidence["postmark"]>, fromDomain: string | undefined): MethodResult[] {
  const out: MethodResult[] = [];
  const spf = /^\s*([a-z]+)/i.exec(p.receivedSpf ?? "")?.[1]?.toLowerCase();
  const envelopeFrom = /(?:^|[\s;])envelope-from\s*=\s*("[^"]*"|[^\s;]+)/i.exec(p.receivedSpf ?? "")?.[1]?.replace(/^"|"$/g, "");
  if (spf) out.push({ method: "spf", result: spf, props: envelopeFrom ? { "smtp.mailfrom": envelopeFrom } : {} });
  const tests = (p.spamTests ?? "").toUpperCase().split(/[\s,]+/);
  // DKIM_VALID_AU: a valid signature of the author's (From) domain; DKIM_VALID alone may be anyone's
  if (tests.includes("DKIM_VALID_AU")) out.push({ method: "dkim", result: "pass", props: fromDomain ? { "header.d": fromDomain } : {} });
  else if (tests.includes("DKIM_VALID")) out.push({ method: "dkim", result: "pass", props: {} });
  else if (tests.includes("DKIM_INVALID") || tests.includes("DKIM_SIGNED")) out.push({ method: "dkim", result: "fail", props: {} });
  return out;
}

const SPF_FAILS = new Set(["fail", "softfail"]);

/**
 * The verdict of all results the trusted side wrote. A fail sticks: any DMARC fail is "fail"; an
 * SPF pass counts only if no SPF result failed. A pass needs alignment with the From domain.
 */
function decide(results: readonly MethodResult[], fromDomain: string | undefined): SenderTrust["verdict"] {
  const of = (m: string) => results.filter((r) => r.method === m);
  if (of("dmarc").some((r) => r.result === "fail")) return "fail";
  const spfFailed = of("spf").some((r) => SPF_FAILS.has(r.result));
  // DMARC pass is about header.from: it counts when that is the From the app read (or unnamed)
  const dmarcPass = of("dmarc").some((r) => r.result === "pass" && (r.props["header.from"] === undefined || aligned(subjectDomain(r), fromDomain)));
  const spfPass = !spfFailed && of("spf").some((r) => r.result === "pass" && aligned(subjectDomain(r), fromDomain));
  const dkimPass = of("dkim").some((r) => r.result === "pass" && aligned(subjectDomain(r), fromDomain));
  if (dmarcPass || spfPass || dkimPass) return "pass";
  // SPF failed and no aligned DKIM signature passed: neither proves the sender
  if (spfFailed) return "fail";
  return "none";
}

/** "dmarc=fail spf=fail dkim=none (mx.msp.example)" as a code; a pass for another domain says whose. */
function describe(results: readonly MethodResult[], fromDomain: string | undefined, by: string): TrustDetail {
  const one = (m: string): { method: string; result: string; domain?: string; fromDomain?: string } => {
    const rs = results.filter((r) => r.method === m);
    const failed = rs.find((r) => r.result === "fail" || (m === "spf" && SPF_FAILS.has(r.result)));
    const passed = rs.find((r) => r.result === "pass" && aligned(subjectDomain(r), fromDomain)) ?? rs.find((r) => r.result === "pass");
    const r = failed ?? passed ?? rs[0];
    if (!r) return { method: m, result: "none" };
    const d = subjectDomain(r);
    const unaligned = r.result === "pass" && !(m === "dmarc" && d === undefined) && !aligned(d, fromDomain);
    return unaligned ? { method: m, result: r.result, domain: d ?? "?", fromDomain: fromDomain ?? "?" } : { method: m, result: r.result };
  };
  return { code: "verdicts", by, parts: ["dmarc", "spf", "dkim"].map(one) };
}

const receivedBy = (value: string) => /(?:^|[\s)])by\s+([^\s;()]+)/i.exec(value)?.[1]?.toLowerCase();

/**
 * Every Authentication-Results header of the trusted server (one per milter: OpenDKIM and
 * OpenDMARC each write one), merged by the caller so that any fail wins. When the operator's own
 * Received headers (`by <authserv-id>`) show where its part of the header ends, only headers above
 * the first Received header of another server count: below it is what the message brought along.
 */
function trustedHeaders(e: AuthEvidence, id: string): ParsedResults[] {
  const own = id.toLowerCase();
  let values = e.authenticationResults;
  if (e.trace?.some((h) => h.received && receivedBy(h.value) === own)) {
    const cut = e.trace.findIndex((h) => h.received && receivedBy(h.value) !== own);
    values = (cut < 0 ? e.trace : e.trace.slice(0, cut)).filter((h) => !h.received).map((h) => h.value);
  }
  return values.map(readAuthenticationResults).filter((p): p is ParsedResults => p !== undefined && p.authservId.toLowerCase() === own);
}

/** The sender's trust: from the trusted server's headers if there are any, else from Postmark's verdicts. */
export function senderTrust(e: AuthEvidence | undefined, trustedAuthservId: string | undefined, fromEmail: string): SenderTrust {
  const fromDomain = domainOf(fromEmail);
  if (e && trustedAuthservId) {
    const mine = trustedHeaders(e, trustedAuthservId);
    if (mine.length > 0) {
      // a header of the trusted server the app cannot read could hide a fail: it is one
      if (mine.some((p) => p.unreadable)) return trusted("fail", { code: "unreadable", server: trustedAuthservId }, true);
      const results = mine.flatMap((p) => p.results);
      const verdict = decide(results, fromDomain);
      return trusted(verdict, describe(results, fromDomain, trustedAuthservId), verdict === "fail");
    }
  }
  if (e?.postmark?.several) return trusted("none", { code: "several_postmark" }, true);
  if (e?.postmark && (e.postmark.receivedSpf !== undefined || e.postmark.spamTests !== undefined)) {
    const results = postmarkResults(e.postmark, fromDomain);
    const verdict = decide(results, fromDomain);
    return trusted(verdict, describe(results, fromDomain, "Postmark"), verdict === "fail");
  }
  // Sender trust is on (EMAIL_TRUSTED_AUTHSERV_ID) and the side that should have judged the sender
  // said nothing: the email did not come through it, or its verdict was lost. Not proven.
  if (trustedAuthservId) return trusted("none", { code: "no_verdict", server: e?.postmark ? "Postmark" : trustedAuthservId }, true);
  return { verdict: "none", detail: "", unverified: false };
}
