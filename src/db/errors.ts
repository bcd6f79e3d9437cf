import { Prisma } from "../generated/prisma/client.js";

/** A unique constraint failed (Prisma P2002). `field` narrows it to a constraint naming that column. */
export function isUniqueViolation(e: unknown, field?: string): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== "P2002") return false;
  if (!field) return true;
  const target = (e.meta as { target?: unknown; driverAdapterError?: unknown } | undefined)?.target;
  const text = JSON.stringify(target ?? e.meta ?? "") + e.message;
  return text.includes(field);
}
