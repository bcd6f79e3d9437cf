import { importMessages } from "./messages.js";

/** Why a whole file cannot be imported (as opposed to a problem in one row). */
export type ImportFileErrorCode = "empty" | "binary" | "too_large" | "unsupported_encoding" | "malformed_csv";

/** A file-level problem; `message` is written for the person who uploaded the file. */
export class ImportFileError extends Error {
  override readonly name = "ImportFileError";

  constructor(
    readonly code: ImportFileErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static empty(): ImportFileError {
    return new ImportFileError("empty", importMessages.file.empty);
  }

  static noRows(): ImportFileError {
    return new ImportFileError("empty", importMessages.file.noRows);
  }

  static binary(): ImportFileError {
    return new ImportFileError("binary", importMessages.file.binary);
  }

  static tooLarge(maxBytes: number): ImportFileError {
    return new ImportFileError("too_large", importMessages.file.tooLarge(maxBytes));
  }

  static utf32(): ImportFileError {
    return new ImportFileError("unsupported_encoding", importMessages.file.utf32);
  }

  static mixedEncoding(cause?: unknown): ImportFileError {
    return new ImportFileError("unsupported_encoding", importMessages.file.mixedEncoding, { cause });
  }

  /** A byte found after the sniffed start of the file (see DecodeProblem), in `row`; `byte` counts from 0. */
  static decodeProblemAt(problem: "nul" | "utf8_after_1252" | "not_utf8_after_utf8", row: number, byte: number, cause?: unknown): ImportFileError {
    const f = importMessages.file;
    if (problem === "nul") return new ImportFileError("binary", f.nulAt(row, byte + 1), { cause });
    return new ImportFileError("unsupported_encoding", problem === "utf8_after_1252" ? f.utf8After1252(row, byte + 1) : f.notUtf8AfterUtf8(row, byte + 1), { cause });
  }

  static malformed(row: number | undefined, problem: string, cause?: unknown): ImportFileError {
    return new ImportFileError("malformed_csv", importMessages.file.malformed(row, problem), { cause });
  }
}
