/**
 * Rows every install needs from the first start: a default SLA and a default alert threshold
 * profile, so the wizard's SLA step always has a choice. Safe to run on every start and from
 * two processes at once (the unique name key makes the second insert a no-op).
 */
import type { Db } from "./client.js";
import { defaultSla } from "../domain/sla.js";
import { defaultAlertProfile } from "../domain/alert-profile.js";
import { slaCreateData } from "../repositories/slas.js";
import { nameKey } from "../domain/text.js";
import { isUniqueViolation } from "./errors.js";

export async function ensureDefaults(db: Db, timeZone: string): Promise<void> {
  if ((await db.sla.count({ where: { isDefault: true } })) === 0) {
    await ignoreDuplicate(db.sla.create({ data: slaCreateData(defaultSla(timeZone), true) }));
  }
  if ((await db.alertThresholdProfile.count({ where: { isDefault: true } })) === 0) {
    const profile = defaultAlertProfile();
    await ignoreDuplicate(
      db.alertThresholdProfile.create({
        data: { name: profile.name, nameKey: nameKey(profile.name), isDefault: true, thresholds: { create: profile.thresholds } },
      }),
    );
  }
}

async function ignoreDuplicate(p: Promise<unknown>): Promise<void> {
  try {
    await p;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}
