/**
 * Every sentence the importer shows a person. A second language is a copy of this object.
 * Row reasons are short, say what is wrong and how to fix it; the row number and column are
 * shown next to them, so they are not repeated here unless the sentence needs them.
 */

/** Long cell values are cut so that one bad cell cannot flood a Slack message. */
const MAX_SHOWN = 60;

export function shown(value: string): string {
  const oneLine = value.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_SHOWN ? `${oneLine.slice(0, MAX_SHOWN - 1)}…` : oneLine;
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 10 ? `${Math.round(mb)} MB` : `${Number(mb.toFixed(1))} MB`;
}

const SAVE_AS_CSV = 'In Excel use File > Save As > "CSV UTF-8 (Comma delimited)" and upload that file.';
const SAVE_AS_UTF8 = 'in Excel File > Save As > "CSV UTF-8 (Comma delimited)"; in a text editor, save it with the encoding UTF-8.';

export const importMessages = {
  file: {
    empty: "The file is empty. Download the template, fill in one row per line under the header row, and upload it again.",
    noRows: "The file has a header row but no data rows. Add one row per customer or contact under the header row.",
    binary: `This is not a CSV text file (it looks like a spreadsheet workbook, a PDF or another binary file). ${SAVE_AS_CSV}`,
    tooLarge: (maxBytes: number) =>
      `The file is larger than ${megabytes(maxBytes)}. Split it into smaller files and import them one after another.`,
    utf32: `The file is saved as UTF-32 text, which is not supported. ${SAVE_AS_CSV}`,
    mixedEncoding: `The file mixes two text encodings (some characters are UTF-8, others are not), so accented letters would come out wrong. ${SAVE_AS_CSV}`,
    /** `byte` counts from 1. */
    utf8After1252: (row: number, byte: number) =>
      `Row ${row} of the file (byte ${byte.toLocaleString("en-US")}) is saved as UTF-8, but the rows before it as Windows-1252 ("ANSI"), so its accented letters would come out wrong (such as "CafÃ©" for "Café"). Save the whole file in one encoding and upload it again: ${SAVE_AS_UTF8}`,
    notUtf8AfterUtf8: (row: number, byte: number) =>
      `Row ${row} of the file (byte ${byte.toLocaleString("en-US")}) is not UTF-8, but the rows before it are, so its accented letters would come out wrong. Save the whole file in one encoding and upload it again: ${SAVE_AS_UTF8}`,
    nulAt: (row: number, byte: number) =>
      `Row ${row} of the file (byte ${byte.toLocaleString("en-US")}) holds a NUL character, which a text file never has: the file is damaged, or a program wrote binary data into it. Open it in a spreadsheet, check that row, and save it again: ${SAVE_AS_UTF8}`,
    malformed: (row: number | undefined, problem: string) =>
      `${row === undefined ? "The file" : `Row ${row} of the file`} could not be read as CSV: ${problem} Check that row, or open the file in a spreadsheet and save it as CSV again.`,
  },
  csvProblem: {
    quoteNotClosed: "a double quote (\") opens a value that is never closed.",
    invalidClosingQuote: "a value in double quotes is followed by more text before the next separator.",
    recordTooLong: "a row is far too long, usually because a double quote (\") is not closed.",
    other: "the text is not valid CSV.",
  },
  headers: {
    noHeader: "The first row has no column names. Put the column names (for example Customer Name) in row 1.",
    unrecognised:
      "None of the columns could be matched. A customers file needs a Customer Name column; a contacts file needs Customer Name, First Name, Last Name and Email.",
    missingRequired: (columns: readonly string[]) =>
      `The file has no ${columns.join(", ")} column${columns.length > 1 ? "s" : ""}. Add ${columns.length > 1 ? "them" : "it"} to row 1 (see the template) and upload again.`,
    fullNameSplit:
      'Names from the name column are split at the first space into first and last name ("Smith, Anna" is read as last name, first name). Check names like "Mary Ann Smith" in the preview.',
  },
  /** What each template column accepts, for the README and the Slack guidance message. */
  accepts: {
    customerName: "Required. The customer's name, up to 120 characters. A name already in the app updates that customer.",
    rank: "Text, up to 120 characters.",
    domains: "Email domains, separated by commas: acme.com, acme.co.uk. A website address (https://www.acme.com) also works.",
    businessId: "Text, up to 120 characters (tax, VAT or company registration number).",
    phone: "Text, up to 40 characters.",
    address: "Text, up to 250 characters; line breaks are kept.",
    shortText: "Text, up to 120 characters.",
    zip: "Text, up to 20 characters.",
    notes: "Text, up to 2,000 characters; line breaks are kept.",
    slaName: "The name of an SLA set up in the app. Empty keeps the current SLA.",
    alertProfileName: "The name of an alert profile set up in the app. Empty keeps the current profile.",
    contactCustomerName: "Required. The name of a customer in the app, or in a customers file imported first.",
    firstName: "Required. Up to 120 characters.",
    lastName: "Required. Up to 120 characters.",
    email: "Required. One email address. A contact with the same email at the same customer is updated.",
    primary: "yes or no (also y/n, true/false, 1/0, x). Empty keeps it as it is.",
    emptyCell: "An empty cell leaves the stored value as it is.",
  },
  row: {
    required: (column: string) => `${column} is empty. Fill it in, or delete the row.`,
    controlCharacter: (column: string, character: string, position: number) =>
      `${column} holds an invisible control character (${character}) at character ${position}, which cannot be stored. Retype the cell in the spreadsheet (or delete that character) and import the row again.`,
    tooLong: (column: string, length: number, max: number) =>
      `${column} is ${length} characters long; at most ${max} are allowed. Shorten it.`,
    invalidEmail: (value: string) => `Email "${shown(value)}" is not a valid email address. Write it like name@example.com.`,
    invalidDomain: (value: string) => `"${shown(value)}" is not a valid domain. Write it like example.com.`,
    domainIsEmail: (value: string) => `"${shown(value)}" is an email address, not a domain. Keep only the part after @.`,
    tooManyDomains: (count: number, max: number) => `${count} domains are listed; at most ${max} are allowed. Remove some.`,
    yesNo: (column: string, value: string) => `${column} "${shown(value)}" is not yes or no. Write yes or no, or leave it empty.`,
    oneWordName: (value: string) =>
      `Name "${shown(value)}" has no last name. Write first and last name, or use First Name and Last Name columns.`,
    duplicateCustomer: (name: string, firstRow: number) =>
      `Customer "${shown(name)}" is also in row ${firstRow}. Keep one of the two rows.`,
    duplicateContact: (email: string, customer: string, firstRow: number) =>
      `Email "${shown(email)}" for customer "${shown(customer)}" is also in row ${firstRow}. Keep one of the two rows.`,
  },
} as const;
