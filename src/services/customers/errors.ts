/** Known reasons a management action is refused; the Slack layer turns each into a clear message. */
export const MANAGE_ACTIONS = ["edit_customer", "change_contacts", "change_contracts", "change_sla", "change_security", "archive"] as const;
export type ManageAction = (typeof MANAGE_ACTIONS)[number];

export type ManageErrorReason =
  | { code: "not_admin"; action: ManageAction }
  | { code: "customer_not_found" }
  | { code: "contact_not_found" }
  | { code: "contract_not_found" }
  | { code: "archived"; customerName: string };

export class ManageError extends Error {
  override readonly name = "ManageError";
  constructor(readonly reason: ManageErrorReason) {
    super(`Management action refused: ${reason.code}`);
  }
}
