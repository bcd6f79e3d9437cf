import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";

const TTL_MS = 24 * 60 * 60 * 1000;

/** What a draft id is to the person who names it: their live draft, someone else's, or gone (expired, ended). */
export type DraftLookup = { kind: "found"; data: unknown } | { kind: "not_owner" } | { kind: "gone" };

/**
 * Wizard drafts: scratch state of a wizard in progress, never read by anything but the wizard. A
 * draft belongs to the person who opened the wizard: every read, write and delete names that
 * person, and a draft id sent by anyone else (it travels in the modal's private_metadata, which a
 * forged request can carry) finds nothing and changes nothing.
 */
export class DraftRepository {
  constructor(private readonly db: Db) {}

  async create(userId: string, data: unknown, now: Date): Promise<string> {
    const id = randomUUID();
    await this.db.wizardDraft.create({
      data: { id, userId, data: JSON.stringify(data), expiresAt: new Date(now.getTime() + TTL_MS) },
    });
    return id;
  }

  async find(id: string, userId: string, now: Date): Promise<DraftLookup> {
    const row = await this.db.wizardDraft.findUnique({ where: { id } });
    if (!row || row.expiresAt <= now) return { kind: "gone" };
    if (row.userId !== userId) return { kind: "not_owner" };
    return { kind: "found", data: JSON.parse(row.data) as unknown };
  }

  async save(id: string, userId: string, data: unknown, now: Date): Promise<boolean> {
    const { count } = await this.db.wizardDraft.updateMany({
      where: { id, userId },
      data: { data: JSON.stringify(data), expiresAt: new Date(now.getTime() + TTL_MS) },
    });
    return count === 1;
  }

  /** Deletes the draft if it is this person's; false when there was none of theirs. */
  async delete(id: string, userId: string): Promise<boolean> {
    const { count } = await this.db.wizardDraft.deleteMany({ where: { id, userId } });
    return count === 1;
  }

  async purgeExpired(now: Date): Promise<number> {
    const { count } = await this.db.wizardDraft.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
