import { Prisma } from "../generated/prisma/client.js";

/** A unique constraint failed (Prisma P2002). `field` narrows it to a constraint naming that column. */
export function isUniqueViolation(e: unknown, field?: string): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return false;
  if (!field) return true;
  const target = (e.meta as { target?: unknown; driverAdapterError?: unknown } | undefined)?.target;
  const text = JSON.stringify(target ?? e.meta ?? "") + e.message;
  return text.includes(field);
}

/** An update or delete found no row matching its where (Prisma P2025): a conditional update that did not apply. */
export function isRecordNotFound(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2025";
}
