/**
 * Reads a view's state.values into raw values keyed by block id, whatever the element type.
 * One reader for every modal, so services get plain data and never see Slack's shapes.
 */
import type { RawValue, RawValues } from "../services/onboarding/draft.js";

type StateValue = {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[] | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
};

export type ViewState = { values: Record<string, Record<string, StateValue>> };

function readOne(v: StateValue): RawValue {
  if ("selected_options" in v) return (v.selected_options ?? []).map((o) => o.value ?? "");
  if ("selected_option" in v) return v.selected_option?.value ?? null;
  if ("selected_date" in v) return v.selected_date ?? null;
  if ("selected_time" in v) return v.selected_time ?? null;
  if ("selected_user" in v) return v.selected_user ?? null;
  if ("selected_conversation" in v) return v.selected_conversation ?? null;
  if ("selected_channel" in v) return v.selected_channel ?? null;
  return v.value ?? null;
}

export function readValues(state: ViewState | undefined): RawValues {
  const out: RawValues = {};
  for (const [blockId, byAction] of Object.entries(state?.values ?? {})) {
    const first = Object.values(byAction)[0];
    if (first) out[blockId] = readOne(first);
  }
  return out;
}
