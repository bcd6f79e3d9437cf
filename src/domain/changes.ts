/**
 * What a change log entry holds: for each changed field, its value before and after, as JSON
 * (ChangeLog.changes). Pure helpers to build that from two snapshots of a record.
 */
export type ChangeValue = string | number | boolean | null | string[];
export type FieldChange = { before: ChangeValue; after: ChangeValue };
export type Changes = Record<string, FieldChange>;
export type Snapshot = Record<string, ChangeValue>;

export const ENTITY_TYPES = ["customer", "contact", "contract", "sla", "alert_profile"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const CHANGE_ACTIONS = [
  "created",
  "updated",
  "deleted",
  "archived",
  "restored",
  "primary_set",
  "deactivated",
  "reactivated",
  // SLAs and alert profiles: the one used for new customers changed
  "default_set",
  "default_unset",
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

/** A value as it goes into a snapshot: dates as YYYY-MM-DD (contract dates) or full ISO, undefined as null. */
export function toChangeValue(value: unknown): ChangeValue {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}

export function snapshot<K extends string>(record: Partial<Record<K, unknown>>, keys: readonly K[]): Snapshot {
  const out: Snapshot = {};
  for (const k of keys) out[k] = toChangeValue(record[k]);
  return out;
}

function same(a: ChangeValue, b: ChangeValue): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return a === b;
}

/** The fields whose value differs between two snapshots (keys of either). */
export function diff(before: Snapshot, after: Snapshot): Changes {
  const out: Changes = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    if (!same(b, a)) out[k] = { before: b, after: a };
  }
  return out;
}

/** Every field of a record that appears (created) or disappears (deleted). */
export function appeared(after: Snapshot): Changes {
  return Object.fromEntries(Object.entries(after).filter(([, v]) => v !== null).map(([k, v]) => [k, { before: null, after: v }]));
}
export function disappeared(before: Snapshot): Changes {
  return Object.fromEntries(Object.entries(before).filter(([, v]) => v !== null).map(([k, v]) => [k, { before: v, after: null }]));
}

export const hasChanges = (c: Changes) => Object.keys(c).length > 0;
