import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";

const TTL_MS = 24 * 60 * 60 * 1000;

/** Wizard drafts: scratch state of a wizard in progress, never read by anything but the wizard. */
export class DraftRepository {
  constructor(private readonly db: Db) {}

  async create(userId: string, data: unknown, now: Date): Promise<string> {
    const id = randomUUID();
    await this.db.wizardDraft.create({
      data: { id, userId, data: JSON.stringify(data), expiresAt: new Date(now.getTime() + TTL_MS) },
    });
    return id;
  }

  async get(id: string, userId: string, now: Date): Promise<unknown | undefined> {
    const row = await this.db.wizardDraft.findUnique({ where: { id } });
    if (!row || row.userId !== userId || row.expiresAt <= now) return undefined;
    return JSON.parse(row.data) as unknown;
  }

  async save(id: string, userId: string, data: unknown, now: Date): Promise<boolean> {
    const { count } = await this.db.wizardDraft.updateMany({
      where: { id, userId },
      data: { data: JSON.stringify(data), expiresAt: new Date(now.getTime() + TTL_MS) },
    });
    return count === 1;
  }

  async delete(id: string): Promise<void> {
    await this.db.wizardDraft.deleteMany({ where: { id } });
  }

  async purgeExpired(now: Date): Promise<number> {
    const { count } = await this.db.wizardDraft.deleteMany({ where: { expiresAt: { lte: now } } });
    return count;
  }
}
