/**
 * Email domains of a customer: host names without '@', stored lower-case.
 * A host name: labels of letters, digits and hyphens (not at either end), 1-63 characters each,
 * at least two labels, a top-level label that is not all digits, 253 characters at most.
 */
export const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

export type DomainProblem = "contains_at" | "invalid_host";

export function normaliseDomain(raw: string): string {
  return raw.trim().toLowerCase().replace(/\.$/, "");
}

export function domainProblem(raw: string): DomainProblem | undefined {
  const domain = normaliseDomain(raw);
  if (domain.includes("@")) return "contains_at";
  if (domain.length === 0 || domain.length > MAX_DOMAIN_LENGTH) return "invalid_host";
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
