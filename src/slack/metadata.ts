/** private_metadata shapes, one per view, parsed with zod at the boundary. */
import { z } from "zod";
import { SLACK_LIMITS } from "./views/kit.js";

export const wizardMetadata = z.object({ d: z.string().min(1), s: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) });
export type WizardMetadata = z.infer<typeof wizardMetadata>;

export const newSlaMetadata = z.object({ d: z.string().min(1), parent: z.string().min(1) });
export type NewSlaMetadata = z.infer<typeof newSlaMetadata>;

export function encodeMetadata(value: object): string {
  const text = JSON.stringify(value);
  if (text.length > SLACK_LIMITS.privateMetadata) throw new Error(`private_metadata of ${text.length} characters exceeds Slack's limit`);
  return text;
}

export function decodeMetadata<T>(schema: z.ZodType<T>, raw: string | undefined): T | undefined {
  if (!raw) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The SLA and alert profile editors: the record being edited (none when creating), and where the
 * editor was opened from, to refresh that place after saving: a list modal underneath ("v", its
 * view id), a list message ("m", its response_url: the list is replaced) or a command ("c", its
 * response_url: a confirmation is posted).
 */
export const editorMetadata = z.object({
  id: z.string().min(1).optional(),
  k: z.enum(["v", "m", "c"]),
  v: z.string().min(1).optional(),
  r: z.url().optional(),
});
export type EditorMetadata = z.infer<typeof editorMetadata>;

/** The App Home view: the search shown and the first customer of the page. */
export const homeMetadata = z.object({ q: z.string().max(200), o: z.number().int().min(0) });
export type HomeMetadata = z.infer<typeof homeMetadata>;
