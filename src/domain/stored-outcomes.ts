/**
 * Outcomes the app stores and shows later, as codes with their parameters: why an import stopped
 * or could not be read (ImportJob.errorOutcome), why an email opened no ticket
 * (InboundEmail.reasonOutcome). They are rendered when read, in the reader's language
 * (`imports.outcome` and `tickets.refused.reason` in the catalogs), so the same refusal reads in
 * Italian to one admin and in English to another. Stored as JSON; `parseStored` reads it back.
 */
import type { Failure } from "./failures.js";

/** Why a file cannot be imported as a whole (src/import/errors.ts). */
export type FileProblem =
  | { kind: "empty" }
  | { kind: "no_rows" }
  | { kind: "binary" }
  | { kind: "too_large"; maxBytes: number }
  | { kind: "utf32" }
  | { kind: "mixed_encoding" }
  /** `byte` counts from 1 */
  | { kind: "utf8_after_1252" | "not_utf8_after_utf8" | "nul_at"; row: number; byte: number }
  | { kind: "malformed"; row: number | null; csv: "quote_not_closed" | "invalid_closing_quote" | "record_too_long" | "other" }
  | { kind: "no_header" }
  | { kind: "unrecognised" }
  | { kind: "missing_required"; columns: string[] };

export type ImportOutcome =
  | { code: "not_admin" }
  | { code: "upload_too_large"; file: string; maxBytes: number }
  | { code: "not_downloadable" }
  | { code: "download_failed"; status: number }
  | { code: "slack_unavailable_preview" }
  | { code: "slack_unavailable" }
  | { code: "spool_damaged" }
  | { code: "failed_unexpectedly" }
  | { code: "interrupted" }
  | { code: "interrupted_preview" }
  | { code: "file"; problem: FileProblem }
  | { code: "failure"; failure: Failure }
  | { code: "unexpected"; ref: string };

/**
 * Why a sender is or is not proven (src/email/trust.ts), as a code the catalogs word
 * (tickets.emailNotes.trustDetail): the trusted side's verdicts per method ("dmarc=fail"; a pass
 * for another domain names it), no verdict of the trusted server, a header of it the app cannot
 * read, or several Postmark verdict headers.
 */
export type TrustDetail =
  | { code: "verdicts"; by: string; parts: { method: string; result: string; domain?: string; fromDomain?: string }[] }
  | { code: "no_verdict"; server: string }
  | { code: "unreadable"; server: string }
  | { code: "several_postmark" };

/** Why an email opened no ticket and added no comment (src/services/tickets/email-intake.ts). */
export type EmailRefusal =
  | { code: "primary_only"; customer: string; primary: string | null; sender: string }
  | { code: "automatic"; sign: string }
  | { code: "unverified"; customer: string; sender: string; verdicts: string; why?: TrustDetail }
  | { code: "no_email_tickets"; contact: string; customer: string };

export function storeOutcome(o: ImportOutcome | EmailRefusal): string {
  return JSON.stringify(o);
}

/** A stored outcome read back; undefined for rows written before outcomes were codes (their English text is shown). */
export function parseStored<T extends { code: string }>(json: string | null | undefined): T | undefined {
  if (!json) return undefined;
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === "object" && typeof (v as { code?: unknown }).code === "string" ? (v as T) : undefined;
  } catch {
    return undefined;
  }
}
