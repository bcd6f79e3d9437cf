/** Import jobs: the record of every import, through Prisma. */
import type { Db } from "../db/client.js";
import type { ImportJob, Prisma } from "../generated/prisma/client.js";
import { isUniqueViolation } from "../db/errors.js";

export type { ImportJob };

export const JobStatus = {
  checking: "checking",
  refused: "refused",
  previewFailed: "preview_failed",
  awaiting: "awaiting_confirmation",
  /** the preview was not imported within its validity (see ImportService, PREVIEW_VALID_HOURS) */
  expired: "expired",
  cancelled: "cancelled",
  running: "running",
  completed: "completed",
  failed: "failed",
} as const;

export class ImportJobRepository {
  constructor(private readonly db: Db) {}

  /** Records an upload once per Slack file id; `isNew` is false for a retried event. */
  async register(input: {
    fileId: string;
    fileName: string;
    uploadedBy: string;
    channelId: string;
    threadTs: string;
    owner?: string;
    heartbeatAt?: Date;
  }): Promise<{ job: ImportJob; isNew: boolean }> {
    try {
      const job = await this.db.importJob.create({ data: { ...input, status: JobStatus.checking } });
      return { job, isNew: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      return { job: await this.db.importJob.findUniqueOrThrow({ where: { fileId: input.fileId } }), isNew: false };
    }
  }

  get(id: string): Promise<ImportJob | null> {
    return this.db.importJob.findUnique({ where: { id } });
  }

  update(id: string, data: Partial<Omit<ImportJob, "id" | "fileId">>): Promise<ImportJob> {
    return this.db.importJob.update({ where: { id }, data });
  }

  /** Moves a job from one of `from` to `to` atomically (and only if `also` holds); false if another request got there first. */
  async transition(id: string, from: string[], to: string, data: Partial<ImportJob> = {}, also: Prisma.ImportJobWhereInput = {}): Promise<boolean> {
    const { count } = await this.db.importJob.updateMany({ where: { ...also, id, status: { in: from } }, data: { ...data, status: to } });
    return count === 1;
  }

  /** Jobs waiting for Import whose preview is no longer valid at `now`. */
  expiredPreviews(now: Date): Promise<ImportJob[]> {
    return this.db.importJob.findMany({ where: { status: JobStatus.awaiting, previewExpiresAt: { lte: now } } });
  }

  recent(limit: number): Promise<ImportJob[]> {
    return this.db.importJob.findMany({ orderBy: { createdAt: "desc" }, take: limit });
  }

  withStatus(statuses: string[]): Promise<ImportJob[]> {
    return this.db.importJob.findMany({ where: { status: { in: statuses } } });
  }

  /**
   * The owner's heartbeat: true while the job is still `statuses` and this owner's; false once
   * another instance recovered it (the owner must then stop).
   */
  async beat(id: string, owner: string, statuses: string[], at: Date): Promise<boolean> {
    const { count } = await this.db.importJob.updateMany({ where: { id, owner, status: { in: statuses } }, data: { heartbeatAt: at } });
    return count === 1;
  }

  /** Jobs in `statuses` whose owner has not beaten since `before` (or never did: written by a version without heartbeats). */
  stale(statuses: string[], before: Date): Promise<ImportJob[]> {
    return this.db.importJob.findMany({ where: { status: { in: statuses }, OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: before } }] } });
  }
}
