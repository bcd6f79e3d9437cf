import { importMessages } from "./messages.js";
import type { FileProblem } from "../domain/stored-outcomes.js";

/** Why a whole file cannot be imported (as opposed to a problem in one row). */
export type ImportFileErrorCode = "empty" | "binary" | "too_large" | "unsupported_encoding" | "malformed_csv";

/**
 * A file-level problem: `fileProblem` is what is stored and rendered for whoever reads it (in their
 * language, `imports.outcome`); `message` is the English wording, for the log.
 */
export class ImportFileError extends Error {
  override readonly name = "ImportFileError";

  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    readonly fileProblem: FileProblem,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static empty(): ImportFileError {
    return new ImportFileError("empty", importMessages.file.empty, { kind: "empty" });
  }

  static noRows(): ImportFileError {
    return new ImportFileError("empty", importMessages.file.noRows, { kind: "no_rows" });
  }

  static binary(): ImportFileError {
    return new ImportFileError("binary", importMessages.file.binary, { kind: "binary" });
  }

  static tooLarge(maxBytes: number): ImportFileError {
    return new ImportFileError("too_large", importMessages.file.tooLarge(maxBytes), { kind: "too_large", maxBytes });
  }

  static utf32(): ImportFileError {
    return new ImportFileError("unsupported_encoding", importMessages.file.utf32, { kind: "utf32" });
  }

  static mixedEncoding(cause?: unknown): ImportFileError {
    return new ImportFileError("unsupported_encoding", importMessages.file.mixedEncoding, { kind: "mixed_encoding" }, { cause });
  }

  /** A byte found after the sniffed start of the file (see DecodeProblem), in `row`; `byte` counts from 0. */
  static decodeProblemAt(problem: "nul" | "utf8_after_1252" | "not_utf8_after_utf8", row: number, byte: number, cause?: unknown): ImportFileError {
    const f = importMessages.file;
    if (problem === "nul") return new ImportFileError("binary", f.nulAt(row, byte + 1), { kind: "nul_at", row, byte: byte + 1 }, { cause });
    return new ImportFileError(
      "unsupported_encoding",
      problem === "utf8_after_1252" ? f.utf8After1252(row, byte + 1) : f.notUtf8AfterUtf8(row, byte + 1),
      { kind: problem, row, byte: byte + 1 },
      { cause },
    );
  }

  static malformed(row: number | undefined, csv: Extract<FileProblem, { kind: "malformed" }>["csv"], cause?: unknown): ImportFileError {
    const problems = importMessages.csvProblem;
    const problem = { quote_not_closed: problems.quoteNotClosed, invalid_closing_quote: problems.invalidClosingQuote, record_too_long: problems.recordTooLong, other: problems.other }[csv];
    return new ImportFileError("malformed_csv", importMessages.file.malformed(row, problem), { kind: "malformed", row: row ?? null, csv }, { cause });
  }

  /** The header row names no column the importer knows, or none at all, or misses a required one. */
  static headers(problem: Extract<FileProblem, { kind: "no_header" | "unrecognised" | "missing_required" }>): ImportFileError {
    const h = importMessages.headers;
    const message = problem.kind === "no_header" ? h.noHeader : problem.kind === "unrecognised" ? h.unrecognised : h.missingRequired(problem.columns);
    return new ImportFileError("malformed_csv", message, problem);
  }
}
