import { z } from "zod";

/** A raw input value as Slack gives it: text, one option, several options, a date, or nothing. */
export const rawValueSchema = z.union([z.string(), z.array(z.string()), z.null()]);
export type RawValue = z.infer<typeof rawValueSchema>;
export type RawValues = Record<string, RawValue>;

const slaInputSchema = z.object({
  name: z.string(),
  responseMinutes: z.object({ low: z.number(), medium: z.number(), high: z.number(), critical: z.number() }),
  resolutionMinutes: z.object({ low: z.number(), medium: z.number(), high: z.number(), critical: z.number() }),
  timeZone: z.string(),
  workingHours: z.array(z.object({ weekday: z.number(), startMinute: z.number(), endMinute: z.number() })),
});

/** What the wizard remembers between steps (kept server-side, see WizardDraft in the schema). */
export const wizardDraftSchema = z.object({
  v: z.literal(1),
  values: z.record(z.string(), rawValueSchema),
  expanded: z.object({ customer: z.boolean(), contract: z.boolean(), contact: z.boolean() }),
  contractSkipped: z.boolean(),
  newSla: slaInputSchema.optional(),
  channelId: z.string().optional(),
});
export type WizardDraft = z.infer<typeof wizardDraftSchema>;

export type WizardStep = 1 | 2 | 3 | 4;
export type ExpandableSection = keyof WizardDraft["expanded"];

export function emptyDraft(presetName: string | undefined, channelId: string | undefined): WizardDraft {
  return {
    v: 1,
    values: presetName ? { customer_name: presetName } : {},
    expanded: { customer: false, contract: false, contact: false },
    contractSkipped: false,
    ...(channelId ? { channelId } : {}),
  };
}
