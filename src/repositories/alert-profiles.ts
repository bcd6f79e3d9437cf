import type { Db } from "../db/client.js";

export type AlertProfileOption = { id: string; name: string; isDefault: boolean };

export class AlertProfileRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<AlertProfileOption[]> {
    return this.db.alertThresholdProfile.findMany({
      select: { id: true, name: true, isDefault: true },
      orderBy: [{ isDefault: "desc" }, { name: "asc" }],
    });
  }

  async defaultId(): Promise<string | undefined> {
    return (await this.db.alertThresholdProfile.findFirst({ where: { isDefault: true }, select: { id: true } }))?.id;
  }
}
