/**
 * A practical email check (the shape real senders have), not the full RFC 5322 grammar:
 * one '@', a local part without spaces, a domain that is a valid host name. International
 * addresses are accepted: a Unicode local part (RFC 6531) and an international domain in either
 * form ("hans@bücher.de", "hans@xn--bcher-kva.de"), which are the same address (see domains.ts).
 */
import { domainProblem, normaliseDomain } from "./domains.js";

export const MAX_EMAIL_LENGTH = 254;

export function isValidEmail(raw: string): boolean {
  const email = raw.trim();
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.lastIndexOf("@");
  if (at <= 0 || at !== email.indexOf("@")) return false;
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  if (local.length > 64 || /[\s"(),:;<>[\\\]]/.test(local) || local.startsWith(".") || local.endsWith(".") || local.includes("..")) {
    return false;
  }
  return domainProblem(domain) === undefined;
}

/** The domain of an address, in the stored form of domains (lower-case Unicode). */
export function emailDomain(email: string): string {
  const trimmed = email.trim();
  return normaliseDomain(trimmed.slice(trimmed.lastIndexOf("@") + 1));
}

/**
 * The address with its domain in the stored form: "hans@xn--bcher-kva.de" is "hans@bücher.de".
 * An address on a plain ASCII domain is left exactly as typed (only trimmed), so that saving a
 * contact again does not record a change nobody made.
 */
export function canonicalEmail(raw: string): string {
  const email = raw.trim();
  const at = email.lastIndexOf("@");
  if (at < 0) return email;
  const domain = email.slice(at + 1);
  if (/^[\x21-\x7e]*$/.test(domain) && !/(^|\.)xn--/i.test(domain)) return email;
  return `${email.slice(0, at)}@${normaliseDomain(domain)}`;
}
