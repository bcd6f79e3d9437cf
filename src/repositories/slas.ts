import type { Db } from "../db/client.js";
import { nameKey } from "../domain/text.js";
import type { SlaInput } from "../domain/sla.js";

export type SlaOption = { id: string; name: string; isDefault: boolean };

export class SlaRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<SlaOption[]> {
    return this.db.sla.findMany({ select: { id: true, name: true, isDefault: true }, orderBy: [{ isDefault: "desc" }, { name: "asc" }] });
  }

  findById(id: string) {
    return this.db.sla.findUnique({ where: { id }, include: { businessHours: { orderBy: { weekday: "asc" } } } });
  }

  async nameExists(name: string): Promise<boolean> {
    return (await this.db.sla.count({ where: { nameKey: nameKey(name) } })) > 0;
  }

  async defaultId(): Promise<string | undefined> {
    return (await this.db.sla.findFirst({ where: { isDefault: true }, select: { id: true } }))?.id;
  }
}

/** The Prisma data to create an SLA from a validated input (used inside transactions too). */
export function slaCreateData(input: SlaInput, isDefault = false) {
  return {
    name: input.name,
    nameKey: nameKey(input.name),
    isDefault,
    responseLowMinutes: input.responseMinutes.low,
    responseMediumMinutes: input.responseMinutes.medium,
    responseHighMinutes: input.responseMinutes.high,
    responseCriticalMinutes: input.responseMinutes.critical,
    resolutionLowMinutes: input.resolutionMinutes.low,
    resolutionMediumMinutes: input.resolutionMinutes.medium,
    resolutionHighMinutes: input.resolutionMinutes.high,
    resolutionCriticalMinutes: input.resolutionMinutes.critical,
    timeZone: input.timeZone,
    businessHours: {
      create: input.workingHours.map((h) => ({ weekday: h.weekday, startMinute: h.startMinute, endMinute: h.endMinute })),
    },
  };
}
