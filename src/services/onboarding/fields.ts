/**
 * Field ids of the onboarding wizard. Each is both the input's block_id and its action_id,
 * the step name followed by the field name in snake_case. Integrations and tests rely on them.
 */
import { CONTRACT_TYPE_FIELDS, type ContractFieldKey, type ContractType } from "../../domain/contract-types.js";

export const CUSTOMER_FIELDS = [
  "customer_name",
  "customer_domains",
  "customer_rank",
  "customer_business_id",
  "customer_phone",
  "customer_fax",
  "customer_address",
  "customer_city",
  "customer_state",
  "customer_zip",
  "customer_country",
  "customer_notes",
  "customer_language",
] as const;
export type CustomerFieldId = (typeof CUSTOMER_FIELDS)[number];
/** Shown before "Show more". */
export const CUSTOMER_BASIC_FIELDS: readonly CustomerFieldId[] = ["customer_name", "customer_domains"];

export const CONTRACT_COMMON_IDS = [
  "contract_start_date",
  "contract_end_date",
  "contract_active",
  "contract_default",
  "contract_taxable",
  "contract_notes",
] as const;

export const contractFieldId = (key: ContractFieldKey) => `contract_${key}` as const;
export type ContractFieldId = ReturnType<typeof contractFieldId>;

export function contractTypeFieldIds(type: ContractType): ContractFieldId[] {
  return CONTRACT_TYPE_FIELDS[type].map((f) => contractFieldId(f.key));
}

export const SLA_STEP_FIELDS = ["sla_id", "alert_profile_id"] as const;

export const CONTACT_FIELDS = [
  "contact_first_name",
  "contact_last_name",
  "contact_email",
  "contact_primary",
  "contact_phone",
  "contact_mobile",
  "contact_job_title",
  "contact_department",
] as const;
export type ContactFieldId = (typeof CONTACT_FIELDS)[number];
export const CONTACT_BASIC_FIELDS: readonly ContactFieldId[] = ["contact_first_name", "contact_last_name", "contact_email", "contact_primary"];

/** The languages a customer's emails may be written in (customer_language's options; none chosen: DEFAULT_LOCALE). */
export const CUSTOMER_LANGUAGES = ["en", "it"] as const;

/** The value "new" in the sla_id select means the SLA created from step 3, saved with the customer. */
export const NEW_SLA_OPTION = "new";

/** The one checkbox option value used by single-checkbox inputs. */
export const CHECKED = "yes";
