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

  static malformed(row: number | undefined, problem: string, cause?: unknown): ImportFileError {
    return new ImportFileError("malformed_csv", importMessages.file.malformed(row, problem), { cause });
  }
}
