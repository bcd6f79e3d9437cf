import { randomBytes, randomInt } from "node:crypto";
import { clone, isObject, type JsonObject } from "./json.js";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const SHORT_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function pick(alphabet: string, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** A Slack-looking id: one letter for the kind (V view, F file, D DM, Ev event, ...) then 10 characters. */
export function slackId(prefix: string): string {
  return prefix + pick(ID_ALPHABET, 10);
}

/** Slack's view hash looks like `1569362015.55b5e41b`. */
export function viewHash(nowMs: number): string {
  return `${Math.floor(nowMs / 1000)}.${randomBytes(4).toString("hex")}`;
}

/** Trigger ids look like `12345.98765.abcd2358fdea`. */
export function triggerId(): string {
  return `${randomInt(1e9, 1e10)}.${randomInt(1e9, 1e10)}.${randomBytes(16).toString("hex")}`;
}

/** Slack generates short random ids (`"hB2i"`) for blocks and elements that were sent without one. */
function shortId(): string {
  return pick(SHORT_ALPHABET, 4);
}

/**
 * Like Slack, give every block a `block_id` and every interactive element an `action_id` when the app
 * left them out. The generated ids change on every update, which is why Slack cannot keep what a person
 * typed into an input that has no explicit ids (see keepTypedValues in view-state.ts).
 */
export function withGeneratedIds(blocks: readonly JsonObject[]): JsonObject[] {
  return blocks.map((original) => {
    const block = clone(original);
    if (block.block_id === undefined) block.block_id = shortId();
    const elements: unknown[] = [];
    if (block.type === "input") elements.push(block.element);
    if (block.type === "section") elements.push(block.accessory);
    if (block.type === "actions" && Array.isArray(block.elements)) elements.push(...block.elements);
    for (const element of elements) {
      if (isObject(element) && element.type !== "image" && element.action_id === undefined) {
        element.action_id = shortId();
      }
    }
    return block;
  });
}

/**
 * Message timestamps: `seconds.micro`, strictly increasing even when many messages land in one
 * millisecond, so `ts` can be used as an id exactly like in Slack.
 */
export class TsSource {
  private last = 0;

  next(nowMs: number): string {
    const micros = Math.max(nowMs * 1000, this.last + 1);
    this.last = micros;
    const seconds = Math.floor(micros / 1e6);
    return `${seconds}.${String(micros % 1e6).padStart(6, "0")}`;
  }
}

/** The fake's clock: real time by default, or an injected one, plus a test-controlled offset. */
export class FakeClock {
  private offsetMs = 0;

  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    return this.source() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
