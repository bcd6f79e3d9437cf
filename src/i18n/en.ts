/**
 * Every text a person reads in Slack, in English: the catalog whose shape is the type `Catalog`
 * (src/i18n/catalog.ts) that it.ts implements too, so the compiler refuses a missing key or a
 * placeholder of another type. Functions take the values they interpolate; nothing here reads the
 * clock or the environment, and nothing picks a language: the listener picks the reader's catalog.
 */
import type { ContractType } from "../domain/contract-types.js";
import { LIMITS } from "../domain/limits.js";
import type { ManageAction } from "../services/customers/errors.js";

/**
 * Texts are plain strings: outside text is put in as it is, and escaped where the text reaches a
 * mrkdwn field (see mrkdwn.ts). A text that carries a mention, a date or a link is built with md,
 * which escapes the strings put into it; such functions take the date as Text (slackDate's Mrkdwn).
 */
export { esc } from "./mrkdwn.js";
import { link, mailto, md, mention, slackDate, type Mrkdwn, type Text } from "./mrkdwn.js";
import { clipText, formatMinutes, parseChange } from "./helpers.js";
import { autoText, outText } from "./email-out.js";
import { portalText } from "./portal.js";
import { DateTime } from "luxon";
import { LANGUAGE_TAG } from "./locale.js";
import type { EmailRefusal, FileProblem, ImportOutcome } from "../domain/stored-outcomes.js";
import { emailText } from "./email.js";
import { megabytes, importMessages } from "../import/messages.js";
import { formatDuration } from "../domain/sla.js";
import { DEFAULT_CURRENCY, formatHours, formatMoney } from "../domain/money.js";
import { counting } from "./plural.js";
import type { TimerState } from "../domain/business-clock.js";
import type { Failure } from "../domain/failures.js";
import type { TicketPriority, TicketSource, TicketStatus } from "../domain/ticket.js";
import type { SummaryPeriod } from "../services/summary/period.js";

/** ticket texts */
const TICKET_STATE: Record<TimerState, string> = {
  on_track: ":large_green_circle: on track",
  at_risk: ":large_orange_circle: at risk",
  breached: ":red_circle: breached",
  met: ":white_check_mark: met",
  missed: ":x: missed",
};

const TICKET_PRIORITY: Record<TicketPriority, string> = { low: "Low", medium: "Medium", high: "High", critical: "Critical" };
const TICKET_STATUS: Record<TicketStatus, string> = { open: "Open", pending: "Pending", resolved: "Resolved", closed: "Closed" };
const TICKET_SOURCE: Record<TicketSource, string> = { email: "Email", slack: "Slack", portal: "Portal" };


const n = (x: number) => x.toLocaleString("en-US");
/** "last 12 weeks" */
const lastPeriods = (period: SummaryPeriod, count: number) =>
  period === "today" ? `last ${count} days` : period === "week" ? `last ${count} weeks` : `last ${count} periods of 30 days`;
const hintMax = (n: number) => `Up to ${n.toLocaleString("en-US")} characters.`;
/** "1 customer", "3 customers" */
/** Plurals through Intl.PluralRules (plural.ts): "1 customer", "3 customers" */
const C = counting(LANGUAGE_TAG.en);
const countOf = (x: number, one: string, other: string) => C.count(x, { one, other });

/** A file problem in words (src/import/messages.ts holds the English wording, also used in logs). */
function fileProblemText(p: FileProblem): string {
  const f = importMessages.file;
  const h = importMessages.headers;
  const csv = importMessages.csvProblem;
  switch (p.kind) {
    case "empty":
      return f.empty;
    case "no_rows":
      return f.noRows;
    case "binary":
      return f.binary;
    case "too_large":
      return f.tooLarge(p.maxBytes);
    case "utf32":
      return f.utf32;
    case "mixed_encoding":
      return f.mixedEncoding;
    case "utf8_after_1252":
      return f.utf8After1252(p.row, p.byte);
    case "not_utf8_after_utf8":
      return f.notUtf8AfterUtf8(p.row, p.byte);
    case "nul_at":
      return f.nulAt(p.row, p.byte);
    case "malformed":
      return f.malformed(p.row ?? undefined, { quote_not_closed: csv.quoteNotClosed, invalid_closing_quote: csv.invalidClosingQuote, record_too_long: csv.recordTooLong, other: csv.other }[p.csv]);
    case "no_header":
      return h.noHeader;
    case "unrecognised":
      return h.unrecognised;
    case "missing_required":
      return h.missingRequired(p.columns);
  }
}

export const en = {
  /** how this language writes and reads numbers and durations (Intl tag; decimal comma in input; business-day unit) */
  format: {
    tag: LANGUAGE_TAG.en,
    decimalComma: false,
    duration: (minutes: number) => formatDuration(minutes, "d"),
    /** "€95.50" · "95,50 €": the app's currency (CURRENCY) is bound by catalogFor (src/i18n/catalog.ts); EUR here */
    money: (cents: number) => formatMoney(cents, LANGUAGE_TAG.en, DEFAULT_CURRENCY),
    hours: (centis: number) => formatHours(centis, LANGUAGE_TAG.en),
    number: (x: number) => n(x),
    /** a calendar day, in UTC: "30 Nov 2026" · "30 nov 2026" */
    day: (d: Date) => new Intl.DateTimeFormat(LANGUAGE_TAG.en, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(d),
  },
  common: {
    next: "Next",
    back: "◀ Back",
    cancel: "Cancel",
    close: "Close",
    done: "Done",
    showMore: "Show more fields",
    showLess: "Show fewer fields",
    yes: "Yes",
    no: "No",
    none: "—",
    commandTooLong: (command: string, length: number, max: number) =>
      `That is too long for \`${command}\`: ${length.toLocaleString("en-US")} characters, and it takes at most ${max.toLocaleString("en-US")}. Type a name or the start of one; \`${command} help\` shows what it can do.`,
    queryTooLong: (max: number) => `That name or search is too long: use at most ${max.toLocaleString("en-US")} characters (the longest name there can be).`,
  },
  help: {
    customer: [
      "*`/customer` can do this:*",
      "• `/customer new [name]` — onboard a customer: details, contract, SLA and first contact (admins)",
      "• `/customer import` — get the CSV templates; then upload a .csv file to import customers or contacts (admins)",
      "• `/customer imports` — the recent imports and how they went",
      "• `/customer list [search]` — find customers by any part of a name, an email domain, a business ID or phone number, or a contact's name, email or phone; best matches first (`--archived` includes archived ones)",
      "• `/customer show <name>` — a customer's card: details, contracts, SLA, security, contacts and history",
      "• `/customer edit <name>` — change a customer's details (admins; contacts, contracts, SLA, security and archiving are on its card)",
      "• `/customer history <name>` — the recent changes to a customer: who changed what, and when",
      "• `/customer help` — this list",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `I don't know \`/customer ${sub}\`.`,
  },
  admin: {
    onlyAdmins: (action: string) =>
      `Only Customer Book admins can ${action}. Admins are the workspace's admins and owners, plus the people listed in SLACK_ADMIN_USER_IDS. Ask one of them if you need this done.`,
    createCustomers: "create customers",
  },
  wizard: {
    title: (step: number) => `New customer · ${step} of 4`,
    stepHeading: {
      1: "Step 1 of 4 — Customer",
      2: "Step 2 of 4 — Contract (optional)",
      3: "Step 3 of 4 — SLA and alert thresholds",
      4: "Step 4 of 4 — First contact",
    } as Record<1 | 2 | 3 | 4, string>,
    submit: { 1: "Next", 2: "Next", 3: "Next", 4: "Create customer" } as Record<1 | 2 | 3 | 4, string>,
    skipContract: "Skip — no contract",
    contractSkipped: "No contract will be created. Pick a type below if you want one after all.",
    contractIntro: "Recommended: the contract decides how you bill this customer. You can skip it and add one later.",
    newSlaButton: "Create a new SLA",
    newSlaPending: (name: string) => `${name} (new — created with the customer)`,
    expired:
      "This wizard has expired or was already finished. Nothing more was saved. Start again with `/customer new`.",
    notYours: "This wizard was opened by someone else, so it cannot be used from your account. Nothing was saved. Start your own with `/customer new`.",
    nameTakenMeanwhile: (name: string) =>
      `:warning: A customer named *${name}* was created by someone else while you were in this wizard. Choose another name and go through the steps again; everything you typed is kept.`,
    createdTitle: "Customer created",
    expiredTitle: "Wizard closed",
    createdBody: (name: string) => `*${name}* is in the customer book. I'm sending you its summary in a direct message.`,
  },
  customerFields: {
    customer_name: { label: "Customer name", hint: `Required. Must be unique. ${hintMax(LIMITS.name)}`, placeholder: "Acme Dental Ltd" },
    customer_rank: { label: "Rank", hint: `For example Gold, A or 1. ${hintMax(LIMITS.shortText)}` },
    customer_domains: {
      label: "Email domains",
      hint: `Support email from these domains is matched to this customer. Separate with commas, without '@' (acme.com, acme.co.uk). Up to ${LIMITS.domains} domains.`,
      placeholder: "acme.com, acme.co.uk",
    },
    customer_business_id: { label: "Business ID / tax number", hint: hintMax(LIMITS.shortText) },
    customer_phone: { label: "Phone", hint: hintMax(LIMITS.phone) },
    customer_fax: { label: "Fax", hint: hintMax(LIMITS.phone) },
    customer_address: { label: "Address", hint: hintMax(LIMITS.address) },
    customer_city: { label: "City", hint: hintMax(LIMITS.shortText) },
    customer_country: { label: "Country", hint: hintMax(LIMITS.shortText) },
    customer_state: { label: "State / province", hint: hintMax(LIMITS.shortText) },
    customer_zip: { label: "ZIP / postal code", hint: hintMax(LIMITS.zip) },
    customer_notes: { label: "Notes", hint: hintMax(LIMITS.notes) },
    customer_language: { label: "Language of emails", hint: "The language of the emails the customer gets from the app (acknowledgements, resolved notices). Not set: the app's default language." },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  /** a language as its own speakers name it (the customer_language options) */
  languageNames: { en: "English", it: "Italiano" } as Record<string, string>,
  contractFields: {
    contract_name: { label: "Contract name", hint: `Required when you add a contract. ${hintMax(LIMITS.name)}`, placeholder: "Managed services 2027" },
    contract_type: { label: "Contract type", hint: "The type decides which billing fields follow." },
    contract_quantity: { label: "Quantity", hint: "Whole number, 0 or more." },
    contract_rate: { label: "Rate", hint: "Amount per billing period, e.g. 1500 or 1,500.00. Not negative." },
    contract_hourly_rate: { label: "Hourly rate", hint: "Amount per hour, e.g. 95 or 95.50. Not negative." },
    contract_overage_rate: { label: "Overage rate", hint: "Amount per hour beyond the block. Not negative." },
    contract_amount: { label: "Block amount", hint: "Money in the block, e.g. 5000. Not negative." },
    contract_hours: { label: "Hours in the block", hint: "Hours, up to 2 decimals, e.g. 20 or 7.5. Not negative." },
    contract_estimated_hours: { label: "Estimated hours", hint: "Hours, up to 2 decimals. Not negative." },
    contract_roll_over: { label: "Roll-over", hint: "Unused hours or money carry over to the next period." },
    contract_billing_period: { label: "Billing period", hint: "How often this contract is billed." },
    contract_device_category: { label: "Device category", hint: "Which devices the per-device rate applies to." },
    contract_gb_category: { label: "Backup category", hint: "What kind of backup the per-GB rate applies to." },
    contract_start_date: { label: "Start date", hint: "Optional." },
    contract_end_date: { label: "End date", hint: "Optional; must be after the start date." },
    contract_active: { label: "Active", hint: "Inactive contracts are kept but not billed." },
    contract_default: { label: "Default contract", hint: "Used for this customer's tickets unless another is chosen." },
    contract_taxable: { label: "Taxable", hint: "Tax is added when billing." },
    contract_notes: { label: "Contract notes", hint: hintMax(LIMITS.notes) },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  contractLabelOverrides: {
    rate_per_device: "Rate per device",
    rate_per_gb: "Rate per GB",
    project_total: "Project total",
  } as Record<string, string>,
  contractTypes: {
    retainer: "Retainer / Flat fee",
    hourly: "Hourly",
    block_hours: "Block hours",
    block_money: "Block money",
    remote_monitoring: "Remote monitoring",
    online_backup: "Online backup",
    project_one_time: "Project — one-time fee",
    project_hourly: "Project — hourly rate",
  } satisfies Record<ContractType, string>,
  options: {
    monthly: "Monthly",
    quarterly: "Quarterly",
    semi_annually: "Every 6 months",
    yearly: "Yearly",
    on_demand: "On demand",
    servers: "Servers",
    workstations: "Workstations",
    network_devices: "Network devices",
    all_devices: "All devices",
    server_backup: "Server backup",
    workstation_backup: "Workstation backup",
    cloud_apps_backup: "Cloud apps (Microsoft 365, Google Workspace)",
  } as Record<string, string>,
  checkboxText: {
    contract_roll_over: "Unused balance rolls over",
    contract_active: "Contract is active",
    contract_default: "Default contract for this customer",
    contract_taxable: "Taxable",
    contact_primary: "Primary contact of this customer",
  } as Record<string, string>,
  slaStep: {
    sla_id: { label: "SLA", hint: "Response and resolution targets for this customer's tickets." },
    alert_profile_id: { label: "Alert threshold profile", hint: "When monitoring alerts are raised for this customer's devices." },
    defaultSuffix: " (default)",
    newSlaHint: "Need different targets? Create a new SLA; it is saved together with the customer.",
  },
  contactFields: {
    contact_first_name: { label: "First name", hint: `Required. ${hintMax(LIMITS.shortText)}` },
    contact_last_name: { label: "Last name", hint: `Required. ${hintMax(LIMITS.shortText)}` },
    contact_email: { label: "Email", hint: "Required. Their tickets by email are matched to this customer.", placeholder: "jane@acme.com" },
    contact_phone: { label: "Phone", hint: hintMax(LIMITS.phone) },
    contact_mobile: { label: "Mobile", hint: hintMax(LIMITS.phone) },
    contact_job_title: { label: "Job title", hint: hintMax(LIMITS.shortText) },
    contact_department: { label: "Department", hint: hintMax(LIMITS.shortText) },
    contact_primary: { label: "Primary contact", hint: "The primary contact sees all of the customer's tickets." },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  slaForm: {
    title: "New SLA",
    submit: "Save SLA",
    sla_name: { label: "SLA name", hint: `Required and unique. ${hintMax(LIMITS.name)}` },
    targetsHeading: "Targets, in business hours (for example 30m, 4h, 2d = 2 business days of 8h… or plain minutes)",
    response: (priority: string) => `First response — ${priority}`,
    resolution: (priority: string) => `Resolution — ${priority}`,
    sla_time_zone: { label: "Time zone", hint: "IANA name, e.g. Europe/Rome, America/New_York or UTC." },
    sla_days: { label: "Working days" },
    sla_start_time: { label: "Working hours start" },
    sla_end_time: { label: "Working hours end" },
    priorities: { low: "Low", medium: "Medium", high: "High", critical: "Critical" } as Record<string, string>,
    weekdays: { 1: "Monday", 2: "Tuesday", 3: "Wednesday", 4: "Thursday", 5: "Friday", 6: "Saturday", 7: "Sunday" } as Record<number, string>,
    weekdaysShort: { 1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun" } as Record<number, string>,
    /** the new SLA, in the wizard's step 3 before it is saved */
    pendingSummary: (name: string, targets: string, days: string, hours: string, timeZone: string) =>
      `*${name}* — response / resolution: ${targets}. ${days} ${hours} (${timeZone})`,
  },
  validation: {
    required: "This field is required.",
    tooLong: (max: number) => `Too long: at most ${max.toLocaleString("en-US")} characters.`,
    notANumber: "Enter a number, such as 120 or 95.50.",
    negative: "Must not be negative.",
    tooPrecise: "Use at most 2 decimals.",
    tooLarge: "That number is too large.",
    notWhole: "Enter a whole number, such as 3.",
    email: (value: string) => `"${value}" is not a valid email address. Use the form name@example.com.`,
    domainHasAt: (value: string) => `Write the domain without '@': "${value.replace(/^.*@/, "")}" instead of "${value}".`,
    domainInvalid: (value: string) => `"${value}" is not a valid domain. Use a host name such as acme.com.`,
    domainTaken: (domain: string, customer: string) => `${domain} already belongs to the customer ${customer}. A domain can belong to one customer only.`,
    tooManyDomains: (max: number) => `At most ${max} domains.`,
    nameTaken: (name: string) => `A customer named "${name}" already exists. Choose another name, or edit that customer instead.`,
    slaNameTaken: (name: string) => `An SLA named "${name}" already exists.`,
    endBeforeStart: "The end date must be after the start date.",
    contractNameNeeded: "Give the contract a name, or press “Skip — no contract”.",
    contractTypeNeeded: "Choose a contract type, or press “Skip — no contract”.",
    unknownOption: "Choose one of the options.",
    timeZone: "Unknown time zone. Use an IANA name such as Europe/Rome or UTC.",
    duration: "Enter a duration such as 30m, 4h or 2d (business days of 8 hours), or minutes.",
    durationZero: "Must be more than zero.",
    resolutionBeforeResponse: "Resolution target must not be shorter than the first-response target.",
    endTimeBeforeStart: "Working hours must end after they start.",
    noWorkingDays: "Choose at least one working day.",
  },
  summary: {
    header: (name: string) => `New customer: ${name}`,
    createdBy: (userId: string): Mrkdwn => md`Created by ${mention(userId)}`,
    fields: {
      rank: "Rank",
      domains: "Domains",
      businessId: "Business ID",
      phone: "Phone",
      fax: "Fax",
      address: "Address",
      city: "City",
      state: "State",
      zip: "ZIP",
      country: "Country",
      notes: "Notes",
      contract: "Contract",
      sla: "SLA",
      alertProfile: "Alert profile",
      contact: "Primary contact",
      contactNotPrimary: "Contact",
    },
    noContract: "No contract yet",
    flags: { inactive: "inactive", default: "default", taxable: "taxable" },
  },
  health: { ok: "ok", unavailable: "database unavailable" },
  imports: {
    errorColumn: "Error",
    checking: (file: string) => `:hourglass_flowing_sand: Checking *${file}*…`,
    refused: (user: string): Mrkdwn =>
      md`Thanks ${mention(user)}! Only Customer Book admins can import files, so I have left this one alone. An admin can upload it here for you.`,
    tooLarge: (file: string, max: string) => `*${file}* is larger than ${max}. Split it into smaller files and upload them one after another. Nothing was imported.`,
    notDownloadable:
      "I could not download the file: Slack answered with a web page instead of the file. Check that the app has the files:read scope and is a member of this channel, then upload the file again. Nothing was imported.",
    downloadFailed: (status: number) => `I could not download the file (Slack answered HTTP ${status}). Upload it again in a moment. Nothing was imported.`,
    cannotRead: (file: string) => `:x: I can't import *${file}*.`,
    nothingWritten: "Nothing was imported.",
    previewHeader: (file: string) => `Import preview: ${file}`,
    kindLabel: { customers: "Customers", contacts: "Contacts" } as Record<string, string>,
    previewCounts: (kind: string, rows: number, create: number, update: number, unchanged: number, errors: number) =>
      `*${kind}* file · *${rows.toLocaleString("en-US")}* rows found\n• ${create.toLocaleString("en-US")} to create\n• ${update.toLocaleString("en-US")} to update\n• ${unchanged.toLocaleString("en-US")} unchanged\n• ${errors.toLocaleString("en-US")} with errors (skipped)`,
    problemsHeading: (shown: number, total: number) => (shown < total ? `*First ${shown} of ${total.toLocaleString("en-US")} rows with errors:*` : `*Rows with errors:*`),
    problemLine: (row: number, column: string, reason: string) => `• Row ${row}, ${column}: ${reason}`,
    unknownColumns: (columns: string[]) => `Columns ignored (not recognised): ${columns.join(", ")}`,
    duplicateColumns: (columns: string[]) => `Columns ignored (the same field comes from an earlier column): ${columns.join(", ")}`,
    primaryChange: (row: number, email: string, customer: string, replaced?: string) =>
      `Row ${row}: ${email} becomes the primary contact of ${customer}${replaced ? `, replacing ${replaced}` : ""}.`,
    previewFooter: "Nothing has been written yet. Import applies the rows above; rows with errors are skipped and listed in a file afterwards.",
    /** Slack shows the date in each reader's own time zone; `fallback` where it cannot. */
    previewValidUntil: (hours: number, unixSeconds: number, fallback: string): Mrkdwn =>
      md`This preview is valid for ${hours} hours, until <!date^${unixSeconds}^{date_short_pretty} at {time}|${fallback}>; after that, upload the file again for a new one.`,
    previewExpired: (hours: number) =>
      `This preview is more than ${hours} hours old, so it was not imported: the customer book may have changed since. Upload the file again for a new preview. Nothing was imported.`,
    expiredNotice: (file: string, hours: number) => `*Import preview expired: ${file}*\nIt was not imported within ${hours} hours. Upload the file again for a new preview. Nothing was imported.`,
    /** the figures of an import that stopped */
    stoppedCounts: (created: number, updated: number, unchanged: number, failed: number) =>
      `*${n(created)}* created · *${n(updated)}* updated · *${n(unchanged)}* unchanged · *${n(failed)}* failed`,
    /** a stored outcome (src/domain/stored-outcomes.ts): why an import stopped or its file could not be read */
    outcome: (o: ImportOutcome): string => {
      const i = en.imports;
      switch (o.code) {
        case "not_admin":
          return "Refused: only Customer Book admins can import files.";
        case "upload_too_large":
          return i.tooLarge(o.file, megabytes(o.maxBytes));
        case "not_downloadable":
          return i.notDownloadable;
        case "download_failed":
          return i.downloadFailed(o.status);
        case "slack_unavailable_preview":
          return i.slackUnavailablePreview;
        case "slack_unavailable":
          return i.slackUnavailable;
        case "spool_damaged":
          return i.spoolDamaged;
        case "failed_unexpectedly":
          return i.failedUnexpectedly;
        case "interrupted":
          return i.interrupted;
        case "interrupted_preview":
          return i.interruptedPreview;
        case "failure":
          return en.failures.text(o.failure);
        case "unexpected":
          return en.failures.unexpected(o.ref);
        case "file":
          return fileProblemText(o.problem);
      }
    },
    fullNameSplit: importMessages.headers.fullNameSplit,
    importButton: "Import",
    cancelButton: "Cancel",
    importAgainButton: "Import again",
    confirmTitle: "Import this file?",
    confirmText: (rows: number) => `${rows.toLocaleString("en-US")} rows will be written to the customer book.`,
    confirmYes: "Import",
    confirmNo: "Not yet",
    cancelled: (user: string): Mrkdwn => md`Import cancelled by ${mention(user)}. Nothing was imported.`,
    running: (user: string): Mrkdwn => md`:arrows_counterclockwise: Importing, started by ${mention(user)}…`,
    progress: (done: number, total: number, created: number, updated: number, unchanged: number, failed: number) =>
      `${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows · ${created.toLocaleString("en-US")} created · ${updated.toLocaleString("en-US")} updated · ${unchanged.toLocaleString("en-US")} unchanged · ${failed.toLocaleString("en-US")} failed`,
    doneHeader: (file: string) => `Import finished: ${file}`,
    doneCounts: (created: number, updated: number, unchanged: number, failed: number, seconds: string) =>
      `*${created.toLocaleString("en-US")}* created · *${updated.toLocaleString("en-US")}* updated · *${unchanged.toLocaleString("en-US")}* unchanged · *${failed.toLocaleString("en-US")}* failed · took ${seconds}`,
    doneBy: (user: string): Mrkdwn => md`Imported by ${mention(user)}`,
    errorFileFailed: (failed: number) =>
      `The import finished, but I could not upload the list of the ${failed.toLocaleString("en-US")} rows that failed. Upload the same file again: its preview lists them, and rows already imported are reported unchanged.`,
    errorFileComment: (failed: number) =>
      `${failed.toLocaleString("en-US")} rows could not be imported. This file lists them with an Error column: fix them and upload it again (the Error column is ignored).`,
    failedHeader: (file: string) => `Import stopped: ${file}`,
    alreadyRunning: "This import is already running or finished; nothing more to do.",
    restarting: "The app is restarting and takes no new import right now. Press Import again in a minute.",
    slackUnavailable:
      "The import stopped: Slack did not answer when I asked it for the file. The rows counted here were saved; the rest were not. Press Import again in a few minutes to finish: rows already saved are reported as unchanged.",
    slackUnavailablePreview: "Slack did not answer while I was reading the file, so I could not check it. Nothing was imported. Upload the file again in a few minutes.",
    onlyAdminsImport: "import files",
    templateIntro:
      "*Import customers or contacts from a CSV file*\n1. Download a template below (or export a CSV from your old PSA or CRM: its column names are recognised).\n2. Fill one row per customer or contact.\n3. Upload the .csv file into a channel where I am a member, or into a direct message with me. I reply with a preview; nothing is written until you press Import.",
    templateButtons: { customers: "Customers template", contacts: "Contacts template" } as Record<string, string>,
    /** the uploaded template's title in Slack */
    templateFileName: (kind: "customers" | "contacts") => `${kind}-template.csv`,
    templateTitle: (kind: "customers" | "contacts") => (kind === "customers" ? "Customers template" : "Contacts template"),
    templateSent: (kind: string) => `I sent you the ${kind.toLowerCase()} template in a direct message.`,
    templateComment: (kind: string, columns: string) => `*${kind} template.* Required columns: ${columns}. An empty cell leaves a stored value as it is. See the column guide in the README.`,
    listHeader: "Recent imports",
    listCounts: (created: number, updated: number, unchanged: number, failed: number) =>
      `${created.toLocaleString("en-US")} created, ${updated.toLocaleString("en-US")} updated, ${unchanged.toLocaleString("en-US")} unchanged, ${failed.toLocaleString("en-US")} failed`,
    when: { justNow: "just now", minutesAgo: (n: number) => `${n} min ago`, hoursAgo: (n: number) => `${n} h ago` },
    listEmpty: "No imports yet. Type `/customer import` to get a template.",
    listLine: (when: string, file: string, kind: string, status: string, who: string, counts: string): Mrkdwn =>
      md`• ${when} · *${file}* (${kind}) · ${status} · ${mention(who)}${counts ? ` · ${counts}` : ""}`,
    status: {
      checking: "checking",
      refused: "refused (not an admin)",
      preview_failed: "could not be read",
      awaiting_confirmation: "waiting for Import",
      expired: "expired (not imported)",
      cancelled: "cancelled",
      running: "running",
      completed: "completed",
      failed: "stopped",
    } as Record<string, string>,
    interrupted:
      "The app stopped while this import was running. The rows counted here were saved; the rest were not. Press Import again (or upload the same file again) to finish: rows already saved are reported as unchanged.",
    interruptedPreview: "The app restarted while it was checking this file. Nothing was imported. Upload the file again to get its preview.",
    failedUnexpectedly: "The import stopped because of an unexpected error. The rows counted here were saved; the rest were not.",
    spoolDamaged:
      "The import stopped: the app's working copy of this file was damaged after the preview. The rows counted here were saved; the rest were not. Press Import again to read the file from Slack again and finish: rows already saved are reported as unchanged.",
    rowFailure: {
      unknownSla: (name: string) => `There is no SLA named "${name}". Use the name of an existing SLA (see /sla list), or leave the cell empty for the default.`,
      unknownAlertProfile: (name: string) => `There is no alert profile named "${name}". Use an existing profile's name, or leave the cell empty for the default.`,
      domainTaken: (domain: string, owner: string) => `${domain} already belongs to the customer ${owner}. A domain can belong to one customer only.`,
      domainInFile: (domain: string, row: number) => `${domain} is also given to another customer in row ${row}. A domain can belong to one customer only.`,
      unknownCustomer: (name: string) => `There is no customer named "${name}". Import the customers first, or fix the name.`,
    },
  },
  /** why one CSV row cannot be imported (src/import/rows.ts); the row number and column are shown beside it */
  importRow: importMessages.row,
  // -- customer management texts (issue 4: list, show, edit, contacts, contracts, archive, history) --
  manage: {
    can: {
      edit_customer: "edit customers",
      change_contacts: "add, edit or remove contacts or choose the primary contact",
      change_contracts: "add or change contracts",
      change_sla: "change a customer's SLA or alert profile",
      change_security: "change a customer's security settings",
      archive: "archive or restore customers",
    } satisfies Record<ManageAction, string>,
    usage: {
      show: "Tell me which customer: `/customer show Acme Dental` (a name, the start of one, or an email domain).",
      edit: "Tell me which customer: `/customer edit Acme Dental`.",
      history: "Tell me which customer: `/customer history Acme Dental`.",
    },
    list: {
      header: "Customers",
      headerMatching: (q: string) => `Customers matching “${q}”`,
      range: (from: number, to: number, total: number, o: { archived: boolean; ranked: boolean; more: boolean }) =>
        `${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}${o.more ? "+" : ""} · ${o.ranked ? "best matches first" : "by name"}${o.archived ? " · archived customers included" : ""} · use a customer's ⋯ menu to view or change it`,
      more: "More customers match than can be ranked: type more of the name, email or number to narrow it down.",
      empty: (q: string) =>
        q
          ? `No customer matches “${q}”: not a name, email domain, business ID or phone number, nor a contact's name, email or phone. Check the spelling, or \`/customer show ${q}\` for close names.`
          : "The customer book is empty. Add a customer with `/customer new`, or import a CSV file with `/customer import`.",
      previous: "◀ Previous",
      next: "Next ▶",
      menu: { view: "View", edit: "Edit details", add_contact: "Add contact", add_contract: "Add contract" } as Record<string, string>,
      archivedBadge: "_archived_",
      noDomains: "no email domains",
    },
    find: {
      several: (q: string) => `Several customers match “${q}”. Which one?`,
      refine: (shown: number, total: number, q: string) =>
        `Showing ${shown} of ${total.toLocaleString("en-US")}. Type more of the name to narrow it down, or browse with \`/customer list ${q}\`.`,
      none: (q: string) => `No customer matches “${q}”.`,
      didYouMean: "Did you mean one of these?",
      noSuggestions: "Nothing close either. Check the spelling, or browse with `/customer list`.",
      button: { show: "View", edit: "Edit", history: "History" } as Record<string, string>,
    },
    card: {
      tabs: {
        overview: "Overview",
        contacts: (n: number) => `Contacts (${n.toLocaleString("en-US")})`,
        contracts: (n: number) => `Contracts (${n.toLocaleString("en-US")})`,
        history: "History",
      },
      archived: (when: Text): Mrkdwn =>
        md`:file_cabinet: *Archived* · ${when}. It is hidden from lists and searches; its contacts, contracts and history are kept. Restore it to change it again.`,
      fields: {
        domains: "Email domains",
        rank: "Rank",
        businessId: "Business ID",
        phone: "Phone",
        fax: "Fax",
        address: "Address",
        sla: "SLA",
        alertProfile: "Alert profile",
      },
      noPrimary: "No primary contact yet: pick one in the Contacts tab (a contact's ⋯ menu › Permissions…).",
      securityHeading: "Security",
      securityLine: (on: boolean) => `Tickets only from primary contact: *${on ? "On" : "Off"}*`,
      securityHelp:
        "Applies to tickets created from email only: when it is on, only email from the primary contact opens new tickets. Tickets opened in Slack are not affected. The primary contact sees all of this customer's tickets.",
      securityNoPrimary: ":warning: There is no primary contact, so no email opens tickets for this customer until one is chosen.",
      contractsHeading: "Contracts",
      noContracts: "No contracts yet.",
      moreContracts: (n: number) => `…and ${n.toLocaleString("en-US")} more in the Contracts tab.`,
      contactsHeading: "Contacts",
      moreContacts: (n: number) => `…and ${n.toLocaleString("en-US")} more in the Contacts tab.`,
      notesHeading: "Notes",
      ticketsHeading: "Tickets",
      /** the customer's open and pending tickets, and where to see them */
      ticketsLine: (open: number, pending: number, name: string) =>
        open + pending === 0
          ? `No open tickets. \`/ticket new\` opens one.`
          : `${open.toLocaleString("en-US")} open · ${pending.toLocaleString("en-US")} pending — \`/ticket list ${name}\` lists them.`,
      created: (user: string, when: Text): Mrkdwn => md`Added by ${mention(user)} · ${when}`,
      buttons: {
        edit: "Edit details",
        addContact: "Add contact",
        addContract: "Add contract",
        sla: "SLA & alerts",
        security: "Security",
        archive: "Archive",
        restore: "Restore",
      },
      archiveConfirm: {
        title: "Archive this customer?",
        text: (name: string) =>
          `*${name}* will be hidden from lists and searches. Its contacts, contracts and history are kept, and an admin can restore it at any time.`,
        confirm: "Archive",
        deny: "Cancel",
      },
      range: (from: number, to: number, total: number) => `${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`,
      previous: "◀ Previous",
      next: "Next ▶",
      contacts: {
        none: "No contacts yet.",
        primaryBadge: ":star: *Primary contact*",
        menu: { edit: "Edit", permissions: "Permissions…", remove: "Remove" } as Record<string, string>,
      },
      contracts: {
        none: "No contracts yet.",
        menu: { edit: "Edit", make_default: "Make default", deactivate: "Deactivate", reactivate: "Reactivate" } as Record<string, string>,
      },
      historyNone: "No changes recorded yet.",
    },
    history: {
      entity: {
        customer: "Customer",
        contact: (name: string) => `Contact ${name}`,
        contract: (name: string) => `Contract ${name}`,
      },
      removedContact: "(removed)",
      action: {
        created: "added",
        updated: "changed",
        deleted: "removed",
        archived: "archived",
        restored: "restored",
        primary_set: "primary contact changed",
        deactivated: "deactivated",
        reactivated: "reactivated",
      } as Record<string, string>,
      line: (when: Text, actor: string, what: string, action: string): Mrkdwn => md`*${what}* ${action} by ${mention(actor)} · ${when}`,
      change: (field: string, before: Text, after: Text): Mrkdwn => md`• ${field}: ${before} → ${after}`,
      moreChanges: (n: number) => `• …and ${n} more`,
      fieldLabels: {
        name: "Name",
        domains: "Email domains",
        rank: "Rank",
        businessId: "Business ID",
        phone: "Phone",
        fax: "Fax",
        address: "Address",
        city: "City",
        state: "State",
        zip: "ZIP",
        country: "Country",
        notes: "Notes",
        language: "Language of emails",
        ticketsOnlyFromPrimary: "Tickets only from primary contact",
        sla: "SLA",
        alertProfile: "Alert profile",
        primaryContact: "Primary contact",
        archivedAt: "Archived",
        firstName: "First name",
        lastName: "Last name",
        email: "Email",
        mobile: "Mobile",
        jobTitle: "Job title",
        department: "Department",
        type: "Type",
        quantity: "Quantity",
        rateCents: "Rate",
        hourlyRateCents: "Hourly rate",
        overageRateCents: "Overage rate",
        amountCents: "Amount",
        hoursCentis: "Hours",
        estimatedHoursCentis: "Estimated hours",
        rollOver: "Roll-over",
        billingPeriod: "Billing period",
        deviceCategory: "Device category",
        gbCategory: "Backup category",
        startDate: "Start date",
        endDate: "End date",
        active: "Active",
        isDefault: "Default",
        taxable: "Taxable",
      } as Record<string, string>,
    },
    forms: {
      save: "Save",
      editTitle: "Edit customer",
      addContactTitle: "Add contact",
      editContactTitle: "Edit contact",
      addContractTitle: "Add contract",
      editContractTitle: "Edit contract",
      slaTitle: "SLA & alert profile",
      securityTitle: "Security",
      ofCustomer: (name: string) => `Customer: *${name}*`,
      primaryByPermissions: "To make this person the primary contact, use Permissions… in their ⋯ menu.",
      securityLabel: "Tickets only from primary contact",
      securityCheckbox: "Only the primary contact's email opens new tickets",
      securityHint:
        "Applies to tickets created from email only; tickets opened in Slack are not affected. The primary contact sees all of this customer's tickets.",
      securityPrimary: (name: string | undefined) => (name ? `Primary contact: *${name}*` : "Primary contact: *none yet*"),
      permissionsTitle: "Contact permissions",
      permissionsOf: (name: string, email: string, customer: string) => `*${name}* · ${email}\nContact of *${customer}*`,
      isPrimary: ":star: This person is the customer's *primary contact*.",
      notPrimary: (current: string | undefined) =>
        current ? `Not the primary contact. The primary contact now is *${current}*.` : "Not the primary contact. This customer has no primary contact yet.",
      setPrimary: "Set as primary contact",
      primaryHelp:
        "The primary contact sees all of the customer's tickets. When the customer's “Tickets only from primary contact” is on, only their email opens new tickets (tickets opened in Slack are not affected). A customer has exactly one primary contact.",
      removeTitle: "Remove contact",
      removeSubmit: "Remove",
      removeText: (name: string, email: string, customer: string) =>
        `Remove *${name}* (${email}) from *${customer}*? This deletes the contact; the change history keeps their details.`,
      removePrimaryWarning: ":warning: This is the customer's primary contact. After removing them the customer has no primary contact until you choose one.",
      notSavedTitle: "Not saved",
    },
    notice: {
      nothingChanged: "Nothing changed.",
      customerSaved: (name: string, fields: number) => `:white_check_mark: Saved ${countOf(fields, "change", "changes")} to *${name}*.`,
      contactAdded: (name: string, customer: string) => `:white_check_mark: Added *${name}* to *${customer}*.`,
      contactAddedPrimary: (name: string, customer: string) => `:white_check_mark: Added *${name}* to *${customer}* as the primary contact.`,
      contactSaved: (name: string) => `:white_check_mark: Saved *${name}*.`,
      contactRemoved: (name: string, customer: string) => `:white_check_mark: Removed *${name}* from *${customer}*.`,
      alreadyPrimary: (name: string) => `*${name}* is already the primary contact.`,
      primarySet: (name: string, customer: string, previous: string | undefined) =>
        `:white_check_mark: *${name}* is now the primary contact of *${customer}*${previous ? ` (instead of ${previous})` : ""}.`,
      securityOn: (name: string) => `:white_check_mark: *${name}*: tickets from email now only from the primary contact.`,
      securityOff: (name: string) => `:white_check_mark: *${name}*: tickets from email from any of its contacts again.`,
      slaSaved: (name: string, sla: string, profile: string) => `:white_check_mark: *${name}* now has SLA *${sla}* and alert profile *${profile}*.`,
      contractAdded: (name: string, customer: string) => `:white_check_mark: Added contract *${name}* to *${customer}*.`,
      contractSaved: (name: string) => `:white_check_mark: Saved contract *${name}*.`,
      contractDeactivated: (name: string) => `:white_check_mark: Contract *${name}* is inactive: kept, but not billed.`,
      contractReactivated: (name: string) => `:white_check_mark: Contract *${name}* is active again.`,
      contractDefault: (name: string) => `:white_check_mark: *${name}* is now the default contract.`,
      alreadyDefault: (name: string) => `*${name}* is already the default contract.`,
      inactiveNotDefault: (name: string) => `*${name}* is inactive; reactivate it before making it the default.`,
      archived: (name: string) => `:white_check_mark: *${name}* is archived.`,
      alreadyArchived: (name: string) => `*${name}* was already archived.`,
      restored: (name: string) => `:white_check_mark: *${name}* is restored and back in lists.`,
      notArchived: (name: string) => `*${name}* is not archived.`,
    },
    errors: {
      customerGone: "That customer no longer exists.",
      contactGone: "That contact was removed in the meantime. Nothing was changed.",
      contractGone: "That contract no longer exists. Nothing was changed.",
      archived: (name: string) => `*${name}* is archived, so it cannot be changed. An admin can restore it from its card first.`,
      domainTakenMeanwhile: "One of these domains was just given to another customer. Check the domains and save again.",
      emailTaken: (email: string, customer: string) => `${email} is already a contact${customer ? ` of ${customer}` : ""}. Edit that contact instead.`,
      needsPrimary: "Choose a primary contact first (Contacts tab › a contact's ⋯ menu › Permissions…): with this on and no primary contact, no email would open a ticket.",
      contractTypeNeeded: "Choose a contract type.",
      inactiveDefault: "An inactive contract cannot be the default. Tick Active, or untick Default.",
      stale: "This message is out of date. Run the command again.",
    },
  },
  // -- SLA and alert profile administration, and App Home texts --
  slaAdmin: {
    help: [
      "*`/sla` can do this:*",
      "• `/sla list` — every SLA: targets, business hours and the customers that use it",
      "• `/sla new` — create an SLA (admins)",
      "• `/sla edit <name>` — change an SLA's name, targets or business hours (admins)",
      "• `/sla profiles` — alert threshold profiles: when monitoring alerts are raised and how severe they are",
      "• `/sla profiles new` · `/sla profiles edit <name>` — create or change an alert profile (admins)",
      "• `/sla summary [today|week|month]` — how the SLAs are holding, per customer: open, at risk, breached, compliance and median times, the change against the period before, and charts of the last 12 periods (admins and managers)",
      "• `/sla trend <customer>` — one customer's last 12 weeks: response and resolution on time and breaches, with a chart (admins and managers)",
      "• `/sla help` — this list",
      "Admins also find *SLAs* and *Alert profiles* buttons on the app's Home tab. The lists have buttons to edit, make default and delete.",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `I don't know \`/sla ${sub}\`.`,
    can: {
      create: "create SLAs",
      edit: "change SLAs",
      makeDefault: "choose the default SLA",
      delete: "delete SLAs",
      createProfile: "create alert threshold profiles",
      editProfile: "change alert threshold profiles",
      makeDefaultProfile: "choose the default alert threshold profile",
      deleteProfile: "delete alert threshold profiles",
    },
    whichSla: "Which SLA? Type `/sla edit <name>`, for example `/sla edit Standard`. `/sla list` shows every SLA.",
    notFound: (name: string, known: string[]) => `There is no SLA named "${name}". The SLAs are: ${known.join(", ") || "none"}.`,
    gone: "That SLA was deleted meanwhile. Nothing was saved.",
    listHeader: "SLAs",
    listIntro: "Targets are first response / resolution, in business time of each SLA's calendar (1d = 8 business hours).",
    defaultTag: "default for new customers",
    targets: (parts: string[]) => `Targets: ${parts.join(" · ")}`,
    target: (priority: string, response: string, resolution: string) => `${priority} ${response} / ${resolution}`,
    hours: (timeZone: string, days: string) => `Business hours (${timeZone}): ${days}`,
    noHours: "none",
    usedBy: (count: number, names: string[]) =>
      `Used by ${countOf(count, "customer", "customers")}: ${names.join(", ")}${count > names.length ? ` and ${(count - names.length).toLocaleString("en-US")} more` : ""}`,
    unused: "Not used by any customer.",
    more: (n: number) => `…and ${n} more. Type \`/sla edit <name>\` to open one.`,
    editButton: "Edit",
    makeDefaultButton: "Make default",
    deleteButton: "Delete",
    newButton: "New SLA",
    profilesButton: "Alert profiles",
    confirmDeleteTitle: "Delete this SLA?",
    confirmDelete: (name: string, count: number, fallback: string) =>
      count > 0 ? `${name} will be deleted. Its ${countOf(count, "customer moves", "customers move")} to the default SLA, ${fallback}.` : `${name} will be deleted. No customer uses it.`,
    confirmYes: "Delete",
    confirmNo: "Keep it",
    created: (name: string) => `:white_check_mark: SLA *${name}* created.`,
    saved: (name: string) => `:white_check_mark: SLA *${name}* saved.`,
    madeDefault: (name: string) => `:white_check_mark: *${name}* is now the default SLA for new customers.`,
    deleted: (name: string, moved: number, fallback: string) =>
      `:wastebasket: SLA *${name}* deleted.${moved > 0 ? ` Its ${countOf(moved, "customer now uses", "customers now use")} *${fallback}*.` : ""}`,
    defaultNotDeletable: (name: string, customers: number) =>
      customers > 0
        ? `:no_entry: *${name}* is the default SLA and ${countOf(customers, "customer uses", "customers use")} it, so it cannot be deleted. Make another SLA the default first; deleting ${name} then moves its customers to the new default.`
        : `:no_entry: *${name}* is the default SLA for new customers, so it cannot be deleted. Make another SLA the default first.`,
    listModalTitle: "SLAs",
    form: {
      newTitle: "New SLA",
      editTitle: "Edit SLA",
      submit: "Save SLA",
      editing: (name: string, customers: number) =>
        customers > 0 ? `Editing *${name}*, used by ${countOf(customers, "customer", "customers")}. Changes apply to all of them.` : `Editing *${name}*.`,
      hoursHeading: "*Business hours*, in the time zone above: one range per weekday, such as 09:00-17:00. Leave a day empty when you are closed.",
      hoursHint: "HH:MM-HH:MM on a 24-hour clock. Empty = closed.",
      hoursPlaceholder: "09:00-17:00",
    },
    validation: {
      hours: "Enter the hours as HH:MM-HH:MM, such as 09:00-17:00, or leave the day empty (closed).",
      noHours: "Give at least one weekday working hours.",
    },
    profiles: {
      listHeader: "Alert threshold profiles",
      listIntro: "When monitoring raises an alert for a customer's devices, and how severe it is. New customers get the default profile.",
      metrics: {
        cpu_percent: "CPU usage",
        memory_percent: "Memory usage",
        disk_free_percent: "Free disk space",
        agent_offline_minutes: "Agent offline",
      } as Record<string, string>,
      units: { cpu_percent: "%", memory_percent: "%", disk_free_percent: "%", agent_offline_minutes: " min" } as Record<string, string>,
      severities: { information: "Information", warning: "Warning", critical: "Critical" } as Record<string, string>,
      thresholdLine: (metric: string, parts: string[]) => `${metric}: ${parts.join(" · ")}`,
      threshold: (severity: string, comparison: string, value: string) => `${severity} ${comparison} ${value}`,
      noThresholds: "No thresholds: this profile raises no alerts.",
      more: (n: number) => `…and ${n} more. Type \`/sla profiles edit <name>\` to open one.`,
      whichProfile: "Which profile? Type `/sla profiles edit <name>`, for example `/sla profiles edit Standard`. `/sla profiles` lists them.",
      notFound: (name: string, known: string[]) => `There is no alert profile named "${name}". The profiles are: ${known.join(", ") || "none"}.`,
      gone: "That alert profile was deleted meanwhile. Nothing was saved.",
      newButton: "New profile",
      slasButton: "SLAs",
      confirmDeleteTitle: "Delete this profile?",
      confirmDelete: (name: string, count: number, fallback: string) =>
        count > 0
          ? `${name} will be deleted. Its ${countOf(count, "customer moves", "customers move")} to the default profile, ${fallback}.`
          : `${name} will be deleted. No customer uses it.`,
      created: (name: string) => `:white_check_mark: Alert profile *${name}* created.`,
      saved: (name: string) => `:white_check_mark: Alert profile *${name}* saved.`,
      madeDefault: (name: string) => `:white_check_mark: *${name}* is now the default alert profile for new customers.`,
      deleted: (name: string, moved: number, fallback: string) =>
        `:wastebasket: Alert profile *${name}* deleted.${moved > 0 ? ` Its ${countOf(moved, "customer now uses", "customers now use")} *${fallback}*.` : ""}`,
      defaultNotDeletable: (name: string, customers: number) =>
        customers > 0
          ? `:no_entry: *${name}* is the default alert profile and ${countOf(customers, "customer uses", "customers use")} it, so it cannot be deleted. Make another profile the default first (Make default); deleting ${name} then moves its customers to the new default.`
          : `:no_entry: *${name}* is the default alert profile for new customers, so it cannot be deleted. Make another profile the default first.`,
      nameTaken: (name: string) => `An alert profile named "${name}" already exists.`,
      listModalTitle: "Alert profiles",
      form: {
        newTitle: "New alert profile",
        editTitle: "Edit alert profile",
        submit: "Save profile",
        name: { label: "Profile name", hint: `Required and unique. ${hintMax(LIMITS.name)}` },
        editing: (name: string, customers: number) =>
          customers > 0 ? `Editing *${name}*, used by ${countOf(customers, "customer", "customers")}. Changes apply to all of them.` : `Editing *${name}*.`,
        intro: "One value per severity; leave a severity empty for no alert at that level. A more severe level needs a worse value.",
        metricHeading: (metric: string, rule: string) => `*${metric}* — ${rule}`,
        rule: {
          cpu_percent: "alert when usage is at or above the value (percent, 0–100)",
          memory_percent: "alert when usage is at or above the value (percent, 0–100)",
          disk_free_percent: "alert when free space is at or below the value (percent, 0–100)",
          agent_offline_minutes: "alert when the agent has been offline this many minutes",
        } as Record<string, string>,
        fieldLabel: (metric: string, severity: string) => `${metric} — ${severity}`,
      },
      validation: {
        range: (min: number, max: number) => `Enter a whole number from ${min.toLocaleString("en-US")} to ${max.toLocaleString("en-US")}.`,
        mustBeHigher: (other: string, value: number) => `Must be higher than ${other} (${value}): a more severe alert needs a worse value.`,
        mustBeLower: (other: string, value: number) => `Must be lower than ${other} (${value}): a more severe alert needs a worse value.`,
      },
    },
  },
  /** App Home's Find a customer modal. */
  find: {
    title: "Find a customer",
    close: "Close",
    placeholder: "Type a name, email, phone…",
    intro: "Type any part of a name, an email domain, a business ID or phone number, or a contact's name or email, then choose the customer.",
    showCard: (name: string) => `\`/customer show ${name}\` opens its card in a conversation, where admins change it.`,
    gone: "That customer no longer exists. Choose another one.",
  },
  /** Why a customer matched a search, when it was not its name (src/domain/search.ts MatchReason). */
  search: {
    reason: {
      domain: (domain: string) => `domain: ${domain}`,
      business_id: (value: string) => `business ID: ${value}`,
      phone: (value: string) => `phone: ${value}`,
      fax: (value: string) => `fax: ${value}`,
      contact: {
        name: (name: string) => `contact: ${name}`,
        email: (name: string, email: string) => `contact: ${name} <${email}>`,
        phone: (name: string, phone: string) => `contact: ${name}, phone ${phone}`,
        mobile: (name: string, mobile: string) => `contact: ${name}, mobile ${mobile}`,
      },
    },
  },
  home: {
    header: "Customer Book",
    adminIntro: "Your customer book at a glance. Only admins see these counts and buttons.",
    tickets: (open: number, pending: number, unassigned: number) =>
      `*Tickets:* *${open.toLocaleString("en-US")}* open · ${pending.toLocaleString("en-US")} pending` +
      (unassigned > 0 ? ` · :warning: ${unassigned.toLocaleString("en-US")} without a customer (\`/ticket list triage\`)` : "") +
      " — `/ticket list`, `/sla summary`",
    counts: (customers: number, contacts: number, archived: number) =>
      `*${n(customers)}* ${C.plural(customers, { one: "customer", other: "customers" })} · *${n(contacts)}* ${C.plural(contacts, { one: "contact", other: "contacts" })}${archived > 0 ? ` · ${archived.toLocaleString("en-US")} archived` : ""}`,
    contracts: (parts: string[]) => (parts.length ? `*Contracts by type:* ${parts.join(" · ")}` : "*Contracts by type:* none yet"),
    contractPart: (label: string, n: number) => `${label} *${n.toLocaleString("en-US")}*`,
    buttons: { newCustomer: "New customer", import: "Import", templates: "Download templates", slas: "SLAs", alertProfiles: "Alert profiles", findCustomer: "Find a customer" },
    recentHeader: "Recently created or changed",
    recentLine: (name: string, created: boolean, when: string) => `• *${name}* — ${created ? "created" : "changed"} ${when}`,
    recentEmpty: "No customers yet. Press *New customer*, or *Import* to load a CSV file.",
    customersHeader: "Customers",
    readOnly: "Read-only: look customers up here. To change something, ask a Customer Book admin.",
    search: {
      label: "Search customers",
      hint: "Type any part of a name, an email domain, a business ID or phone number, or a contact's name or email, and press Enter. Empty shows every customer.",
      placeholder: "acme",
    },
    range: (from: number, to: number, total: number, query: string, more = false) =>
      query
        ? `Customers matching “${query}”, best matches first: ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}${more ? "+ (type more to narrow it down)" : ""}`
        : `Customers ${from.toLocaleString("en-US")}–${to.toLocaleString("en-US")} of ${total.toLocaleString("en-US")}`,
    none: (query: string) => (query ? `No customer matches “${query}”.` : "No customers yet."),
    customerLine: (name: string, domains: string[]) => `*${name}*${domains.length ? `  ·  ${domains.join(", ")}` : ""}`,
    previous: "◀ Previous",
    next: "Next ▶",
    justNow: "just now",
    minutesAgo: (n: number) => `${n} min ago`,
    hoursAgo: (n: number) => `${n} h ago`,
    onDate: (date: string) => `on ${date}`,
    refusedTitle: "Admins only",
  },
  // -- tickets: ticket messages, /ticket, the new-ticket modal --
  /** what the customer reads in the app's emails, in the customer's language */
  customerEmail: autoText,
  tickets: {
    priority: (p: TicketPriority) => TICKET_PRIORITY[p],
    status: (s: TicketStatus) => TICKET_STATUS[s],
    source: (s: TicketSource) => TICKET_SOURCE[s],
    timerState: (s: TimerState) => TICKET_STATE[s],
    /** "due Tue 14:00 · :large_green_circle: on track — 2h 10m left" */
    timer: (label: string, v: { state: TimerState; dueAt: Date; minutesLeft: number }, stoppedAt: Date | null): Mrkdwn => {
      const left = v.minutesLeft >= 0 ? `${formatMinutes(v.minutesLeft)} left` : `overdue by ${formatMinutes(v.minutesLeft)}`;
      const margin =
        v.state === "met" ? `${formatMinutes(v.minutesLeft)} to spare` : v.state === "missed" ? `late by ${formatMinutes(v.minutesLeft)}` : left;
      const when = stoppedAt ? md`done ${slackDate(stoppedAt)} (due ${slackDate(v.dueAt)})` : md`due ${slackDate(v.dueAt)}`;
      return md`*${label}:* ${when} · ${TICKET_STATE[v.state]} — ${margin}`;
    },
    /** outbound email as the team sees it in Slack (src/i18n/email-out.ts): the reply modal, Send to customer, thread notes */
    emailOut: outText,
    /** the notes in a ticket's thread when an email reply arrives (the tickets channel: DEFAULT_LOCALE) */
    emailNotes: {
      replyNote: emailText.ticket.replyNote,
      reopenedNote: emailText.ticket.reopenedNote,
      resumedNote: emailText.ticket.resumedNote,
      unverifiedNote: emailText.ticket.unverifiedNote,
      trustDetail: emailText.ticket.trustDetail,
    },
    paused: "_Clocks paused while pending._",
    labels: {
      customer: "Customer",
      contact: "Contact",
      priority: "Priority",
      status: "Status",
      source: "Source",
      opened: "Opened",
      response: "First response",
      resolution: "Resolution",
      sla: "SLA",
    },
    unassigned: ":warning: Unassigned — choose the customer",
    noContact: "—",
    requester: (name: string | null, email: string): Mrkdwn => (name ? md`${name} ${mailto(email)}` : mailto(email)),
    openedBy: (userId: string): Mrkdwn => mention(userId),
    title: (number: number, subject: string) => `#${number} ${subject}`,
    /** the notification text (shown in notifications and where blocks cannot be) */
    fallback: (number: number, subject: string, status: TicketStatus) => `Ticket #${number}: ${subject} (${TICKET_STATUS[status]})`,
    descriptionCut: (shown: number, total: number) => `_… description cut: ${shown.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} characters shown._`,
    noDescription: "_No description._",
    buttons: {
      respond: "Respond",
      pending: "Pending",
      resume: "Resume",
      resolve: "Resolve",
      reopen: "Reopen",
      close: "Close",
      priorityPlaceholder: "Set priority",
      customerPlaceholder: "Choose the customer",
    },
    notes: {
      responded: (userId: string): Mrkdwn => md`:speech_balloon: First response recorded by ${mention(userId)}.`,
      pending: (userId: string): Mrkdwn => md`:double_vertical_bar: ${mention(userId)} set the ticket to pending: the SLA clocks are paused.`,
      resumed: (userId: string): Mrkdwn => md`:arrow_forward: ${mention(userId)} resumed the ticket: the SLA clocks run again.`,
      resolved: (userId: string): Mrkdwn => md`:white_check_mark: Resolved by ${mention(userId)}.`,
      reopened: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Reopened by ${mention(userId)}.`,
      closed: (userId: string): Mrkdwn => md`:lock: Closed by ${mention(userId)}.`,
      priority: (userId: string, from: TicketPriority, to: TicketPriority): Mrkdwn =>
        md`:arrows_counterclockwise: ${mention(userId)} changed the priority from ${TICKET_PRIORITY[from]} to ${TICKET_PRIORITY[to]}; the due times were recomputed.`,
      customer: (userId: string, name: string): Mrkdwn => md`:office: ${mention(userId)} assigned the ticket to *${name}*; the due times follow its SLA now.`,
      reopenedByContact: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Reopened: ${mention(userId)}, a contact of the customer, replied.`,
      resumedByContact: (userId: string): Mrkdwn => md`:arrow_forward: Resumed: ${mention(userId)}, a contact of the customer, replied.`,
    },
    stale: {
      already: (number: number, status: TicketStatus) => `Ticket #${number} is already ${TICKET_STATUS[status].toLowerCase()}; nothing changed. The ticket is shown as it is now.`,
      alreadyResponded: (number: number) => `Ticket #${number} already has its first response; nothing changed.`,
      respondByEmail: (number: number) =>
        `Ticket #${number} came by email: its first response is the first reply that reaches the customer, so Respond does not record one. Answer with *Reply to customer*; the SLA clock stops when the mail server accepts it.`,
      alreadyPriority: (number: number, p: TicketPriority) => `Ticket #${number} is already ${TICKET_PRIORITY[p]} priority; nothing changed.`,
      notAllowed: (number: number, status: TicketStatus) =>
        `That does not apply to ticket #${number} while it is ${TICKET_STATUS[status].toLowerCase()}; nothing changed. The ticket is shown as it is now, with the actions it allows.`,
      notFound: "This ticket no longer exists.",
      customerGone: "That customer no longer exists or is archived. Choose another one.",
      sameCustomer: (number: number, name: string) => `Ticket #${number} is already assigned to ${name}; nothing changed.`,
    },
    help: [
      "*`/ticket` can do this:*",
      "• `/ticket new` — open a ticket: customer, contact, subject, description and priority",
      "• `/ticket list [customer] [status]` — tickets, newest first; status is open, pending, resolved, closed or all (default: open and pending); customer is a name or its start, or `triage` for tickets without a customer",
      "• `/ticket show <number>` — a ticket's facts, SLA timers and recent history, with the same buttons as its message in the tickets channel",
      "• `/ticket refused` — emails that opened no ticket, and why (admins)",
      "• `/ticket help` — this list",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `I don't know \`/ticket ${sub}\`.`,
    form: {
      title: "New ticket",
      submit: "Open ticket",
      cancel: "Cancel",
      customer: "Customer",
      customerHint: "Type any part of the name, a domain, a business ID or phone number, or a contact's name or email. Leave it empty if you don't know yet: the ticket then waits in triage.",
      customerPlaceholder: "Search customers",
      contact: "Contact",
      contactHint: "Choose the customer first, then type to pick one of its contacts.",
      contactPlaceholder: "Search the customer's contacts",
      subject: "Subject",
      description: "Description",
      priority: "Priority",
      errors: {
        subjectRequired: "Write a subject: one line saying what is wrong, like \"Printer on floor 2 is offline\".",
        subjectTooLong: (max: number) => `The subject is too long: keep it to ${max} characters and put details in the description.`,
        descriptionTooLong: (max: number) => `The description is too long: at most ${max.toLocaleString("en-US")} characters.`,
        priority: "Choose a priority: low, medium, high or critical.",
        customerGone: "That customer no longer exists. Choose another one.",
        customerArchived: (name: string) => `${name} is archived. Choose an active customer, or ask an admin to restore it.`,
        contactWithoutCustomer: "Choose the customer first: the contact must be one of its contacts.",
        contactNotOfCustomer: (name: string) => `That contact is not one of ${name}'s contacts. Choose again after choosing the customer.`,
      },
    },
    opened: (number: number, subject: string, url: string | undefined): Mrkdwn =>
      md`:ticket: Ticket *#${number}* is open: ${subject}${url ? md` — ${link(url, "see it in the tickets channel")}` : ""}.`,
    openedNoChannel: "The tickets channel is not set (TICKETS_CHANNEL_ID), so it was not posted anywhere; `/ticket show` finds it.",
    list: {
      heading: (what: string, total: number) => `*Tickets — ${what}* (${total.toLocaleString("en-US")})`,
      what: (statuses: string, customer: string | undefined) => (customer ? `${statuses}, ${customer}` : statuses),
      statuses: (s: readonly TicketStatus[] | "all") => (s === "all" ? "all statuses" : s.map((x) => TICKET_STATUS[x].toLowerCase()).join(" and ")),
      triage: "in triage (no customer)",
      none: "No tickets match. Try another status, like `/ticket list all`.",
      row: (number: number, subject: string, who: string, priority: TicketPriority, status: TicketStatus, extra: string) =>
        `*#${number}* ${subject}\n${who} · ${TICKET_PRIORITY[priority]} · ${TICKET_STATUS[status]}${extra}`,
      page: (from: number, to: number, total: number) => `Showing ${from}–${to} of ${total.toLocaleString("en-US")}.`,
      prev: "◀ Previous",
      next: "Next ▶",
      show: "*View* or `/ticket show <number>` shows one, with its buttons.",
      view: "View",
      badStatus: (word: string) => `"${word}" is not a status. Use open, pending, resolved, closed or all.`,
      twoStatuses: "Give one status at most: open, pending, resolved, closed or all.",
      expired: "This list is out of date. Run `/ticket list` again.",
    },
    customerQuery: {
      none: (query: string, suggestions: string[]) =>
        `No customer matches "${query}".${suggestions.length ? ` Did you mean ${suggestions.map((s) => `*${s}*`).join(", ")}?` : " `/customer list` shows them all."}`,
      many: (query: string, names: string[], total: number) =>
        `"${query}" matches ${total.toLocaleString("en-US")} customers: ${names.map((n) => `*${n}*`).join(", ")}${total > names.length ? ", …" : ""}. Type more of the name.`,
    },
    show: {
      usage: "`/ticket show` needs a ticket number, like `/ticket show 42`.",
      notFound: (number: number, last: number) =>
        last === 0
          ? `There is no ticket #${number}: no tickets have been opened yet. \`/ticket new\` opens one.`
          : `There is no ticket #${number}. Ticket numbers go up to #${last}; \`/ticket list\` shows the open ones.`,
      history: "*Recent history*",
      noHistory: "_Nothing yet._",
      link: (url: string): Mrkdwn => link(url, "Open the ticket's message in the tickets channel"),
      notPosted: "_Not posted in a tickets channel._",
      event: (kind: string, who: Text, body: string | null): Mrkdwn => {
        const parsed = parseChange(body);
        switch (kind) {
          case "opened":
            return md`opened by ${who}`;
          case "responded":
            return md`first response by ${who}`;
          case "status":
            return parsed ? md`${TICKET_STATUS[parsed.to as TicketStatus]?.toLowerCase() ?? parsed.to} (was ${parsed.from ?? "—"}) by ${who}` : md`status changed by ${who}`;
          case "priority":
            return parsed ? md`priority ${parsed.from ?? "—"} → ${parsed.to} by ${who}` : md`priority changed by ${who}`;
          case "customer":
            return parsed ? md`customer ${parsed.from ?? "none"} → *${parsed.to}* by ${who}` : md`customer changed by ${who}`;
          case "comment":
            return md`${who}: ${clipText(body ?? "", 300)}`;
          case "emailed":
            return outText.event(who, body);
          default:
            return md`${kind} by ${who}`;
        }
      },
      someone: "someone",
      /** on a card, why the click changed nothing (the card shows the ticket as it is now) */
      notice: (text: Text): Mrkdwn => md`:information_source: ${text}`,
    },
    refused: {
      onlyAdmins:
        "Only Customer Book admins can see refused emails. Admins are the workspace's admins and owners, plus the people listed in SLACK_ADMIN_USER_IDS.",
      none: "No email has been refused recently: every email from a known sender opened a ticket or was added to one.",
      heading: (n: number) => `*Emails that opened no ticket* (latest ${n})`,
      row: (when: Text, from: Text, subject: string, customer: string | null, reason: string): Mrkdwn =>
        md`${when} · ${from}${customer ? ` · ${customer}` : ""}\n*${subject || "(no subject)"}*\n_${reason}_`,
      /** why an email opened no ticket (a stored code, src/domain/stored-outcomes.ts) */
      reason: (o: EmailRefusal): string => {
        const r = emailText.refusal;
        switch (o.code) {
          case "primary_only":
            return r.primaryOnly(o.customer, o.primary, o.sender);
          case "automatic":
            return r.automatic(o.sign);
          case "unverified":
            return r.unverified(o.customer, o.sender, o.why ? emailText.trust.detail(o.why) : o.verdicts);
          case "no_email_tickets":
            return r.noEmailTickets(o.contact, o.customer);
        }
      },
      sender: (email: string, name: string | null): Mrkdwn => (!email ? md`_unknown sender_` : name ? md`${name} ${mailto(email)}` : mailto(email)),
    },
  },
  // -- the SLA summary (/sla summary and the scheduled message) --
  slaSummary: {
    /** a duration in business time: "4h 30m", "2d" */
    duration: (minutes: number) => formatDuration(minutes, "d"),
    /** a moment in the summary's time zone: "Mon 30 Nov 13:00" (luxon, in this language) */
    when: (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale(LANGUAGE_TAG.en).toFormat("ccc d LLL HH:mm"),
    periodName: { today: "today", week: "last 7 days", month: "last 30 days" } satisfies Record<SummaryPeriod, string>,
    header: (period: string) => `SLA summary — ${period}`,
    range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
    /** `change`: "" or " ▲ 4" (see `change`), after the figure it is about */
    totals: (open: number, atRisk: number, breached: number, openChange = "") =>
      `*Open* ${n(open)}${openChange}   ·   *At risk* ${n(atRisk)}   ·   *Breached* ${n(breached)}`,
    breachesInPeriod: (breaches: number, change: string) => `*Breaches in this period* ${n(breaches)}${change} (SLA deadlines missed)`,
    compliance: (label: "Response" | "Resolution", percent: string, inTime: number, total: number, median: string, percentChange = "", medianChange = "") =>
      total === 0
        ? `*${label}* — nothing in this period`
        : `*${label}* ${percent} on time (${n(inTime)} of ${n(total)})${percentChange} · median ${median}${medianChange}`,
    /** A change against the previous period, after its figure: " ▲ 4 pts", " ▼ 12m", " ±0". */
    change: { up: (by: string) => ` ▲ ${by}`, down: (by: string) => ` ▼ ${by}`, same: (zero: string) => ` ±${zero}` },
    points: (p: number) => countOf(p, "pt", "pts"),
    count: (x: number) => n(x),
    comparedWith: (from: string, to: string) => `▲ ▼ against the previous period of the same length, ${from} – ${to}.`,
    nothingToCompare: "No earlier period to compare with yet: the first ticket came in after it.",
    customersTitle: "*Customers, most trouble first*",
    noCustomers: "No open tickets, and no ticket was answered or resolved in this period.",
    unassigned: "Unassigned (triage)",
    customerLine: (name: string, f: { open: number; atRisk: number; breached: number }, response: string, resolution: string) =>
      `*${name}* — ${n(f.open)} open · ${n(f.atRisk)} at risk · ${n(f.breached)} breached · response ${response} · resolution ${resolution}`,
    /** "66% (2/3), median 30m" or "—" */
    clockFigures: (percent: string, inTime: number, total: number, median: string) => (total === 0 ? "—" : `${percent} (${n(inTime)}/${n(total)}), median ${median}`),
    moreCustomers: (k: number) => `…and ${n(k)} more ${C.plural(k, { one: "customer", other: "customers" })}`,
    breachedTitle: "*Breached now, longest first*",
    noBreaches: "Nothing is breached right now.",
    breachedLine: (ticket: Text, customer: string, clock: "response" | "resolution", since: string, paused: boolean): Mrkdwn =>
      md`• ${ticket} · ${customer} · ${clock} overdue since ${since}${paused ? " (pending)" : ""}`,
    missedTitle: "*Missed in this period, latest first*",
    noMisses: "No ticket missed its target in this period.",
    missedLine: (ticket: Text, customer: string, clock: "response" | "resolution", late: string): Mrkdwn =>
      md`• ${ticket} · ${customer} · ${clock === "response" ? "first response" : "resolved"} ${late} after the target (business time)`,
    ticketLabel: (number: number, subject: string) => `#${number} ${subject}`,
    fallback: (period: string, open: number, atRisk: number, breached: number, response: string, resolution: string) =>
      `SLA summary, ${period}: ${n(open)} open, ${n(atRisk)} at risk, ${n(breached)} breached. Response on time ${response}, resolution on time ${resolution}.`,
    none: "—",
    // /sla summary
    usage: "Usage: `/sla summary [today|week|month]` (default `week`). *today* is since midnight, *week* the last 7 days, *month* the last 30 days.",
    unknownPeriod: (given: string) => `\`${given}\` is not a period I know.`,
    onlyManagers: "SLA summaries are for managers: Customer Book admins and the people in `SLA_MANAGER_USER_IDS`. Ask an admin if you need them.",
    failed: "I couldn't put the SLA summary together. Please try again in a minute; if it keeps failing, tell an admin.",
  },
  // -- the SLA trend: charts' titles, axes, legend and alt text, and /sla trend --
  trend: {
    duration: (minutes: number) => formatDuration(minutes, "d"),
    /** The trend chart */
    trendTitle: (period: SummaryPeriod, count: number, customer?: string) =>
      customer === undefined ? `SLA trend — ${lastPeriods(period, count)}` : `SLA trend — ${customer}, ${lastPeriods(period, count)}`,
    range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
    xAxis: { today: "Day", week: "Week ending", month: "30 days ending" } satisfies Record<SummaryPeriod, string>,
    onTimeAxis: "On time (%)",
    breachesAxis: "Breaches (deadlines missed)",
    series: { response: "Response on time", resolution: "Resolution on time", breaches: "Breaches" },
    /** The breaches chart */
    breachersTitle: (periodName: string) => `Most SLA breaches — ${periodName}`,
    breachersAxis: "Deadlines missed",
    clock: { response: "Response", resolution: "Resolution" },
    unassigned: "Unassigned (triage)",
    /** Alt text, for screen readers and Slack clients that show no images (Slack keeps 1,000 characters). */
    none: "none",
    list: (items: readonly string[]) => items.join(", "),
    percent: (p: string) => `${p}%`,
    trendAlt: (o: { title: string; range: string; period: SummaryPeriod; response: string; resolution: string; breaches: string }) =>
      `${o.title}, ${o.range}, ${o.period === "today" ? "day by day" : "period by period"} from the oldest. ` +
      `Response on time: ${o.response}. Resolution on time: ${o.resolution}. Breaches (SLA deadlines missed): ${o.breaches}.`,
    breacherAlt: (name: string, total: string, response: string, resolution: string) => `${name} ${total} (${response} response, ${resolution} resolution)`,
    breachersAlt: (title: string, rows: readonly string[], more: number) =>
      `${title}: ${rows.join("; ")}${more > 0 ? `; and ${more} more` : ""}.`,
    /** files.uploadV2 */
    fileTitle: { trend: "SLA trend", breaches: "Most SLA breaches" },
    fileName: (what: "trend" | "breaches", period: SummaryPeriod, date: string) => `sla-${what}-${period}-${date}.png`,
    uploadComment: (periodName: string) => `Charts for the SLA summary — ${periodName}`,
    /** Instead of a chart */
    noTickets: "No trend chart yet: there are no tickets. It starts once tickets come in.",
    shortHistory: (period: SummaryPeriod, first: string) =>
      `No trend chart yet: it needs two ${period === "today" ? "days" : period === "week" ? "weeks" : "periods of 30 days"} of tickets, and the first came in on ${first}.`,
    noBreaches: "No SLA deadline was missed in this period.",
    chartsInDm: "The charts are in your direct messages with Customer Book.",
    chartsNotDrawn: "I couldn't draw the charts this time; the figures are complete. If it keeps happening, tell an admin.",
    chartsFailed: "I couldn't send you the charts. The figures above are complete; try again in a minute, and if it keeps failing tell an admin.",
    /** /sla trend <customer> */
    trendUsage: "Usage: `/sla trend <customer>` — one customer's last 12 weeks: response and resolution on time, and breaches.",
    customerHeader: (name: string) => `SLA trend — ${name}`,
    customerRange: (from: string, to: string, timeZone: string) => `Last 12 weeks: ${from} – ${to} (${timeZone})`,
    weekLine: (end: string, response: string, resolution: string, breaches: string, opened: string, openAtEnd: string) =>
      `*${end}* — response ${response} · resolution ${resolution} · ${breaches} breaches · ${opened} opened · ${openAtEnd} open at the end`,
    weeksTitle: "*Week by week, newest first* (on time: in time of those answered or resolved)",
    customerNoTickets: (name: string) => `*${name}* has no tickets yet, so there is no trend to show.`,
    customerShortHistory: (name: string, first: string) =>
      `*${name}*'s first ticket came in on ${first}: the trend needs two weeks of tickets. \`/sla summary week\` shows this week.`,
    fallback: (name: string) => `SLA trend for ${name}, last 12 weeks`,
  },
  // -- what the person who acted reads when it did not work --
  failures: {
    /** the title of the small window that says it, where a modal or App Home is the place */
    title: "That did not work",
    unexpected: (ref: string) =>
      `Sorry, that did not work: something went wrong on our side, and it was logged (ref \`${ref}\`). Please try again; if it keeps failing, give that ref to your Customer Book admin.`,
    /** each known failure (src/domain/failures.ts) in words */
    text: (f: Failure): string => {
      switch (f.code) {
        case "not_admin":
          return en.admin.onlyAdmins(en.manage.can[f.action]);
        case "customer_not_found":
          return en.manage.errors.customerGone;
        case "contact_not_found":
          return en.manage.errors.contactGone;
        case "contract_not_found":
          return en.manage.errors.contractGone;
        case "archived":
          return en.manage.errors.archived(f.customerName);
        case "database_busy":
          return "The customer book is busy with another change right now. Nothing was changed: please try again in a moment.";
        case "database_read_only":
          return "The customer book cannot save anything right now: its database is read-only. Nothing was changed; tell your Customer Book admin.";
        case "database_full":
          return "The customer book cannot save anything right now: the server's disk is full. Nothing was changed; tell your Customer Book admin.";
        case "slack_unreachable":
          return "Slack did not answer the app just now. Please try again in a moment.";
        case "slack_rate_limited":
          return "Slack asked the app to slow down. Please try again in a minute.";
        case "slack_not_in_channel":
          return "I am not a member of that channel. Invite me there (`/invite @customerbook`) and try again.";
        case "slack_channel_not_found":
          return "That channel no longer exists, or I cannot see it.";
        case "slack_trigger_expired":
          return "That took too long for Slack: a window can only open right after a click. Please click again.";
        case "slack_access_revoked":
          return "Customer Book's access to Slack was revoked (the app was removed from the workspace). Ask your Slack admin to install it again.";
      }
    },
  },
  /** the customer portal's pages and its notes in Slack (src/i18n/portal.ts) */
  portal: portalText,
} as const;

/** The English catalog is the shape every catalog has (src/i18n/catalog.ts widens it to `Catalog`). */
export type EnglishCatalog = typeof en;
