/**
 * Loose JSON types for what apps send to Slack. Everything arriving over HTTP is untrusted,
 * so the fake narrows with these guards instead of casting.
 */
export type Json = string | number | boolean | null | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json | undefined;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function str(obj: JsonObject | undefined, key: string): string | undefined {
  const value = obj?.[key];
  return typeof value === "string" ? value : undefined;
}

export function num(obj: JsonObject | undefined, key: string): number | undefined {
  const value = obj?.[key];
  return typeof value === "number" ? value : undefined;
}

export function obj(value: JsonObject | undefined, key: string): JsonObject | undefined {
  const inner = value?.[key];
  return isObject(inner) ? inner : undefined;
}

/** The objects of an array field; a missing or non-array field gives []. */
export function objects(value: JsonObject | undefined, key: string): JsonObject[] {
  const inner = value?.[key];
  return Array.isArray(inner) ? inner.filter(isObject) : [];
}

/** A deep copy, so callers can never mutate the fake's stored state through a returned object. */
export function clone<T extends Json | JsonObject>(value: T): T {
  return structuredClone(value);
}

/** Web API form fields that carry JSON (the WebClient JSON-encodes any non-scalar argument). */
export const JSON_ARGUMENTS = new Set(["blocks", "view", "attachments", "files", "metadata", "user_auth_blocks"]);
