/** Contacts of a customer. Works on the Prisma client or on an open transaction. */
import type { DbClient } from "./change-log.js";
import { contactSelect, type ContactRecord } from "./customer-admin.js";

export type ContactData = {
  firstName: string;
  lastName: string;
  email: string;
  emailKey: string;
  phone: string | null;
  mobile: string | null;
  jobTitle: string | null;
  department: string | null;
};

export type ContactWithCustomer = ContactRecord & {
  customer: { id: string; name: string; archivedAt: Date | null; primaryContactId: string | null; ticketsOnlyFromPrimary: boolean };
};

export class ContactRepository {
  constructor(private readonly db: DbClient) {}

  find(id: string): Promise<ContactWithCustomer | null> {
    return this.db.contact.findUnique({
      where: { id },
      select: { ...contactSelect, customer: { select: { id: true, name: true, archivedAt: true, primaryContactId: true, ticketsOnlyFromPrimary: true } } },
    });
  }

  /** One page of the customer's contacts, by last name then first name. */
  async page(customerId: string, o: { limit: number; offset: number }): Promise<{ items: ContactRecord[]; total: number }> {
    const [items, total] = await Promise.all([
      this.db.contact.findMany({
        where: { customerId },
        select: contactSelect,
        orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
        skip: o.offset,
        take: o.limit,
      }),
      this.db.contact.count({ where: { customerId } }),
    ]);
    return { items, total };
  }

  /** Another contact of this customer with the same email (Contact(customerId, emailKey) is unique). */
  async emailTaken(customerId: string, emailKey: string, exceptId?: string): Promise<boolean> {
    const found = await this.db.contact.findUnique({ where: { customerId_emailKey: { customerId, emailKey } }, select: { id: true } });
    return Boolean(found && found.id !== exceptId);
  }

  async create(customerId: string, data: ContactData, createdBy: string): Promise<ContactRecord> {
    return this.db.contact.create({ data: { customerId, ...data, createdBy }, select: contactSelect });
  }

  /**
   * A new email ends the contact's portal sessions and unused sign-in links, in the same
   * transaction: whoever held the old address must not stay signed in as the contact.
   * (Removing the contact ends them by the foreign keys' cascade.)
   */
  async update(id: string, data: ContactData): Promise<ContactRecord> {
    const before = await this.db.contact.findUnique({ where: { id }, select: { emailKey: true } });
    const updated = await this.db.contact.update({ where: { id }, data, select: contactSelect });
    if (before && before.emailKey !== data.emailKey) {
      await this.db.portalSession.deleteMany({ where: { contactId: id } });
      await this.db.portalSignIn.deleteMany({ where: { contactId: id } });
    }
    return updated;
  }

  async delete(id: string): Promise<void> {
    await this.db.contact.delete({ where: { id }, select: { id: true } });
  }

  /** Current names of these contacts, for labels in the history. */
  async names(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.contact.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true } });
    return new Map(rows.map((r) => [r.id, `${r.firstName} ${r.lastName}`]));
  }
}
