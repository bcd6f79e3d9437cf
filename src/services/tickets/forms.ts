/**
 * The new-ticket form: raw values keyed by field id (the modal's input block ids) parsed with zod,
 * then checked against the book (the customer exists and is active, the contact is one of its
 * contacts). Errors are keyed by field id, which is what `response_action: "errors"` needs.
 * Knows nothing of Slack.
 */
import { z } from "zod";
import { MAX_DESCRIPTION_LENGTH, MAX_SUBJECT_LENGTH, TICKET_PRIORITIES, type TicketPriority } from "../../domain/ticket.js";
import type { Catalog } from "../../i18n/catalog.js";
import type { RawValues } from "../onboarding/draft.js";
import type { TicketService } from "./service.js";

/** The form's field ids (block_id = action_id in the modal). */
export const TicketField = {
  customer: "ticket_form_customer",
  contact: "ticket_form_contact",
  subject: "ticket_form_subject",
  description: "ticket_form_description",
  priority: "ticket_form_priority",
} as const;

export type NewTicketForm = {
  customerId: string | null;
  contactId: string | null;
  subject: string;
  description: string;
  priority: TicketPriority;
};

export type FormErrors = Partial<Record<(typeof TicketField)[keyof typeof TicketField], string>>;

const optionalId = z
  .string()
  .nullish()
  .transform((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null));
const text = z.string().nullish().transform((v) => (typeof v === "string" ? v.trim() : ""));

/** The form's schema, worded in one catalog (built once per catalog). */
const schemas = new WeakMap<Catalog, ReturnType<typeof makeSchema>>();
function makeSchema(t: Catalog) {
  const tt = t.tickets;
  return z.object({
  [TicketField.customer]: optionalId,
  [TicketField.contact]: optionalId,
  [TicketField.subject]: text.pipe(
    z.string().min(1, tt.form.errors.subjectRequired).max(MAX_SUBJECT_LENGTH, tt.form.errors.subjectTooLong(MAX_SUBJECT_LENGTH)),
  ),
  [TicketField.description]: text.pipe(z.string().max(MAX_DESCRIPTION_LENGTH, tt.form.errors.descriptionTooLong(MAX_DESCRIPTION_LENGTH))),
  [TicketField.priority]: z
    .string()
    .nullish()
    .transform((v) => v ?? "medium")
    .pipe(z.enum(TICKET_PRIORITIES, { error: tt.form.errors.priority })),
  });
}
function schemaFor(t: Catalog): ReturnType<typeof makeSchema> {
  let s = schemas.get(t);
  if (!s) schemas.set(t, (s = makeSchema(t)));
  return s;
}

/** The shape checks only (pure). */
export function parseNewTicket(t: Catalog, values: RawValues): { ok: true; form: NewTicketForm } | { ok: false; errors: FormErrors } {
  const result = schemaFor(t).safeParse(values);
  if (!result.success) {
    const errors: FormErrors = {};
    for (const issue of result.error.issues) {
      const field = issue.path[0];
      if (typeof field === "string" && !(field in errors)) errors[field as keyof FormErrors] = issue.message;
    }
    return { ok: false, errors };
  }
  const v = result.data;
  return {
    ok: true,
    form: {
      customerId: v[TicketField.customer],
      contactId: v[TicketField.contact],
      subject: v[TicketField.subject],
      description: v[TicketField.description],
      priority: v[TicketField.priority],
    },
  };
}

/** Shape checks, then the customer and contact against the book. */
export async function validateNewTicket(
  t: Catalog,
  values: RawValues,
  tickets: Pick<TicketService, "customerRef" | "contactBelongsTo">,
): Promise<{ ok: true; form: NewTicketForm } | { ok: false; errors: FormErrors }> {
  const parsed = parseNewTicket(t, values);
  const tt = t.tickets;
  if (!parsed.ok) return parsed;
  const { form } = parsed;
  const errors: FormErrors = {};
  if (form.customerId) {
    const customer = await tickets.customerRef(form.customerId);
    if (!customer) errors[TicketField.customer] = tt.form.errors.customerGone;
    else if (customer.archived) errors[TicketField.customer] = tt.form.errors.customerArchived(customer.name);
    else if (form.contactId && !(await tickets.contactBelongsTo(form.contactId, customer.id))) {
      errors[TicketField.contact] = tt.form.errors.contactNotOfCustomer(customer.name);
    }
  } else if (form.contactId) {
    errors[TicketField.contact] = tt.form.errors.contactWithoutCustomer;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, form };
}
