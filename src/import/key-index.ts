/**
 * A string-to-integer map for the per-file state of an import (the first row of each customer or
 * contact key, the row that claimed each domain, the primary contact per customer), kept compact
 * so that a file of a million rows does not hold a million JS strings and Map entries.
 *
 * Keys are stored once as UTF-8 bytes in one growing buffer, with an open-addressing table of
 * typed arrays over them: about 24 bytes per key plus the key's own bytes, outside the JS heap,
 * against roughly 80-100 bytes per entry (string, Map slot, growth slack) in a Map<string, number>.
 * Lookups compare the stored bytes, so the answers are exact, not probabilistic.
 *
 * An entry may carry a short text payload (the email of a primary contact), stored in the same
 * buffer after the key.
 */
const EMPTY = 0;

export class KeyIndex {
  private table: Int32Array; // slot -> entry index + 1, 0 when empty
  private mask: number;
  private hashes: Int32Array;
  private starts: Int32Array; // where the entry's key bytes start in `bytes`
  private keyLengths: Int32Array;
  /** Allocated at the first payload: most indexes never carry one. */
  private payloadStarts?: Int32Array;
  private payloadLengths?: Int32Array; // -1: no payload
  private values: Int32Array;
  private bytes: Buffer;
  private used = 0;
  private scratch = Buffer.allocUnsafe(1024);
  size = 0;

  constructor(initialCapacity = 1024) {
    let slots = 16;
    while (slots < initialCapacity * 2) slots *= 2;
    this.table = new Int32Array(slots);
    this.mask = slots - 1;
    const entries = slots / 2;
    this.hashes = new Int32Array(entries);
    this.starts = new Int32Array(entries);
    this.keyLengths = new Int32Array(entries);
    this.values = new Int32Array(entries);
    this.bytes = Buffer.allocUnsafe(entries * 16);
  }

  /** The value stored for `key`, or undefined. */
  get(key: string): number | undefined {
    const entry = this.find(key, hashOf(key));
    return entry < 0 ? undefined : this.values[entry];
  }

  has(key: string): boolean {
    return this.find(key, hashOf(key)) >= 0;
  }

  /** The payload stored with `key` by `set`, or undefined (no key, or no payload). */
  payload(key: string): string | undefined {
    const entry = this.find(key, hashOf(key));
    if (entry < 0 || !this.payloadStarts || !this.payloadLengths) return undefined;
    const length = this.payloadLengths[entry] as number;
    if (length <= 0) return length === 0 ? "" : undefined;
    const start = this.payloadStarts[entry] as number;
    return this.bytes.toString("utf8", start, start + length);
  }

  /** Stores `value` (and `payload`) for `key`, replacing what was there. */
  set(key: string, value: number, payload?: string): void {
    const hash = hashOf(key);
    let entry = this.find(key, hash);
    if (entry < 0) entry = this.insert(key, hash);
    this.values[entry] = value;
    if (payload === undefined) {
      if (this.payloadLengths) this.payloadLengths[entry] = -1;
      return;
    }
    if (!this.payloadStarts || !this.payloadLengths) {
      this.payloadStarts = new Int32Array(this.hashes.length);
      this.payloadLengths = new Int32Array(this.hashes.length).fill(-1);
    }
    this.reserve(payload.length * 3);
    this.payloadStarts[entry] = this.used;
    const written = this.bytes.write(payload, this.used, "utf8");
    this.payloadLengths[entry] = written;
    this.used += written;
  }

  /** The value already stored for `key`; or, when there is none, stores `value` and returns undefined. */
  putIfAbsent(key: string, value: number): number | undefined {
    const hash = hashOf(key);
    const entry = this.find(key, hash);
    if (entry >= 0) return this.values[entry];
    const added = this.insert(key, hash);
    this.values[added] = value;
    if (this.payloadLengths) this.payloadLengths[added] = -1;
    return undefined;
  }

  clear(): void {
    this.table.fill(EMPTY);
    this.size = 0;
    this.used = 0;
  }

  /** The entry index of `key`, or -1. */
  private find(key: string, hash: number): number {
    const length = key.length;
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const stored = this.table[slot] as number;
      if (stored === EMPTY) return -1;
      const entry = stored - 1;
      if (this.hashes[entry] === hash && this.sameKey(entry, key, length)) return entry;
    }
  }

  /** Whether entry's stored bytes are `key`: compared in JS while the key is ASCII, else as UTF-8. */
  private sameKey(entry: number, key: string, length: number): boolean {
    const start = this.starts[entry] as number;
    const stored = this.keyLengths[entry] as number;
    const bytes = this.bytes;
    for (let i = 0; i < length; i++) {
      const c = key.charCodeAt(i);
      if (c >= 0x80) {
        if (key.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(key.length * 3);
        const n = this.scratch.write(key, 0, "utf8");
        return n === stored && this.scratch.compare(bytes, start, start + n, 0, n) === 0;
      }
      if (i >= stored || bytes[start + i] !== c) return false;
    }
    return length === stored;
  }

  /** Adds `key` (not present) and returns its entry index. */
  private insert(key: string, hash: number): number {
    if ((this.size + 1) * 2 > this.table.length) this.grow();
    const entry = this.size++;
    if (entry >= this.hashes.length) this.growEntries();
    this.reserve(key.length * 3);
    const n = this.bytes.write(key, this.used, "utf8");
    this.hashes[entry] = hash;
    this.starts[entry] = this.used;
    this.keyLengths[entry] = n;
    this.used += n;
    this.place(entry, hash);
    return entry;
  }

  private place(entry: number, hash: number): void {
    let slot = hash & this.mask;
    while (this.table[slot] !== EMPTY) slot = (slot + 1) & this.mask;
    this.table[slot] = entry + 1;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const bigger = Buffer.allocUnsafe(capacity);
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }

  private grow(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.mask = this.table.length - 1;
    for (let entry = 0; entry < this.size; entry++) this.place(entry, this.hashes[entry] as number);
  }

  private growEntries(): void {
    const more = (a: Int32Array) => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.hashes = more(this.hashes);
    this.starts = more(this.starts);
    this.keyLengths = more(this.keyLengths);
    this.values = more(this.values);
    if (this.payloadStarts && this.payloadLengths) {
      this.payloadStarts = more(this.payloadStarts);
      const lengths = new Int32Array(this.payloadLengths.length * 2).fill(-1);
      lengths.set(this.payloadLengths);
      this.payloadLengths = lengths;
    }
  }
}

/** FNV-1a over UTF-16 code units, with a final mix so that the low bits (the slot) spread well. */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h | 0;
}
