/**
 * A practical email check (the shape real senders have), not the full RFC 5322 grammar:
 * one '@', a local part without spaces, a domain that is a valid host name.
 */
import { domainProblem } from "./domains.js";

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

export function emailDomain(email: string): string {
  return email.trim().toLowerCase().slice(email.trim().lastIndexOf("@") + 1);
}
