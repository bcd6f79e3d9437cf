/** Normalisation shared by the wizard, the importer and the repositories. */
import { canonicalEmail } from "./email.js";

/** Trims and folds inner runs of white space; empty becomes undefined. */
export function cleanText(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const trimmed = value.replace(/\s+/g, " ").trim();
  return trimmed === "" ? undefined : trimmed;
}

/** Like cleanText but keeps line breaks (for notes). */
export function cleanMultiline(value: string | null | undefined): string | undefined {
  if (value == null) return undefined;
  const trimmed = value.replace(/\r\n?/g, "\n").trim();
  return trimmed === "" ? undefined : trimmed;
}

/** The uniqueness key of a name: case and surrounding/inner spacing ignored. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, " ").trim().toLocaleLowerCase("en-US");
}

/**
 * The uniqueness key of an email address: lower-case, its domain in the stored form of domains, so
 * "Hans@XN--BCHER-KVA.DE" and "hans@bücher.de" are one address.
 */
export function emailKey(email: string): string {
  return canonicalEmail(email).toLowerCase();
}
