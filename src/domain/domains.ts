/**
 * Email domains of a customer: host names without '@', international ones included.
 *
 * One stored form: the Unicode form, as IDNA (UTS #46) maps it — lower-case, NFC, full-width
 * letters folded — e.g. "bücher.de", whatever was typed or received: "BÜCHER.DE",
 * "xn--bcher-kva.de" (the ASCII "punycode" form mail servers use), or "bu\u0308cher.de"
 * (decomposed). Why Unicode rather than punycode: it is what people read on the card, type into a
 * search and see in their mail program, and what mailparser hands over; the app never speaks DNS or
 * SMTP, where the ASCII form would be needed (asciiDomain gives it losslessly). Either form matches,
 * because every domain is brought to this form before it is compared or stored.
 *
 * A valid host name, checked on its ASCII form: labels of letters, digits and hyphens (not at
 * either end), 1-63 characters each, at least two labels, a top-level label that is not all
 * digits, 253 characters at most.
 */
import { domainToASCII, domainToUnicode } from "node:url";

export const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
/** Plain ASCII with no "xn--" label: already in the stored form once lower-cased. */
const PLAIN_ASCII = /^[\x21-\x7e]*$/;
const ACE_LABEL = /(^|\.)xn--/i;

export type DomainProblem = "contains_at" | "invalid_host";

function trimmed(raw: string): string {
  return raw.trim().replace(/\.$/, "");
}

/**
 * The stored form of a domain (see the file comment); a value that is not a host name at all is
 * only trimmed and lower-cased, so a message can quote it.
 */
export function normaliseDomain(raw: string): string {
  const domain = trimmed(raw);
  if (PLAIN_ASCII.test(domain) && !ACE_LABEL.test(domain)) return domain.toLowerCase();
  const ascii = domain.includes("@") ? "" : domainToASCII(domain);
  const unicode = ascii ? domainToUnicode(ascii) : "";
  return unicode || domain.toLowerCase();
}

/** The ASCII ("xn--") form of a domain, or undefined when it is not a host name. */
export function asciiDomain(raw: string): string | undefined {
  const domain = trimmed(raw);
  if (domain.includes("@")) return undefined;
  if (PLAIN_ASCII.test(domain) && !ACE_LABEL.test(domain)) return domain.toLowerCase();
  return domainToASCII(domain) || undefined;
}

export function domainProblem(raw: string): DomainProblem | undefined {
  const typed = trimmed(raw);
  if (typed.includes("@")) return "contains_at";
  const domain = asciiDomain(typed);
  if (!domain || domain.length > MAX_DOMAIN_LENGTH) return "invalid_host";
  const labels = domain.split(".");
  if (labels.length < 2) return "invalid_host";
  if (!labels.every((label) => LABEL.test(label))) return "invalid_host";
  if (/^[0-9]+$/.test(labels[labels.length - 1] ?? "")) return "invalid_host";
  return undefined;
}

/** Splits a list typed by a person or found in a CSV cell: commas, semicolons, spaces, new lines. */
export function splitDomainList(raw: string | null | undefined): string[] {
  if (!raw) return [];
  const seen = new Set<string>();
  for (const part of raw.split(/[\s,;|]+/)) {
    const domain = normaliseDomain(part);
    if (domain) seen.add(domain);
  }
  return [...seen];
}
