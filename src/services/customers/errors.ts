/** Known reasons a management action is refused: coded failures (src/domain/failures.ts) the catalog words. */
import { KnownFailure, type Failure } from "../../domain/failures.js";

export { MANAGE_ACTIONS, type ManageAction } from "../../domain/failures.js";

export type ManageErrorReason = Extract<Failure, { code: "not_admin" | "customer_not_found" | "contact_not_found" | "contract_not_found" | "archived" }>;

export class ManageError extends KnownFailure {
  override readonly name = "ManageError";
  constructor(readonly reason: ManageErrorReason) {
    super(reason);
  }
}
