/**
 * International domains in their one stored form (Unicode, see domain/domains.ts) in rows written
 * before that form existed: until then only ASCII domains were accepted, so a domain typed as
 * "xn--bcher-kva.de" was stored like that and would not match mail from "bücher.de". Rewrites such
 * customer domains and contact addresses (the address's domain, and its key) on start. Safe to run
 * on every start: it finds nothing once done. A row whose new form is taken already (the same
 * domain stored both ways for two customers) is left as it is and counted, for the log.
 */
import type { Db } from "./client.js";
import { normaliseDomain } from "../domain/domains.js";
import { canonicalEmail } from "../domain/email.js";
import { emailKey } from "../domain/text.js";
import { isUniqueViolation } from "./errors.js";

export type IdnRewrite = { domains: number; contacts: number; conflicts: string[] };

export async function canonicaliseStoredDomains(db: Db): Promise<IdnRewrite> {
  const out: IdnRewrite = { domains: 0, contacts: 0, conflicts: [] };
  const domains = await db.customerDomain.findMany({
    where: { OR: [{ domain: { startsWith: "xn--" } }, { domain: { contains: ".xn--" } }] },
    select: { id: true, domain: true },
  });
  for (const d of domains) {
    const domain = normaliseDomain(d.domain);
    if (domain === d.domain) continue;
    try {
      await db.customerDomain.update({ where: { id: d.id }, data: { domain } });
      out.domains++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      out.conflicts.push(d.domain);
    }
  }
  const contacts = await db.contact.findMany({
    where: { OR: [{ emailKey: { contains: "@xn--" } }, { emailKey: { contains: ".xn--" } }] },
    select: { id: true, email: true, emailKey: true },
  });
  for (const c of contacts) {
    const key = emailKey(c.email);
    if (key === c.emailKey) continue;
    try {
      await db.contact.update({ where: { id: c.id }, data: { email: canonicalEmail(c.email), emailKey: key } });
      out.contacts++;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      out.conflicts.push(c.email);
    }
  }
  return out;
}
