/**
 * The eight contract types of PSA tools such as Atera, and the fields each one has.
 * One table drives the wizard's fields, validation, storage and the summary text.
 */

export const CONTRACT_TYPES = [
  "retainer",
  "hourly",
  "block_hours",
  "block_money",
  "remote_monitoring",
  "online_backup",
  "project_one_time",
  "project_hourly",
] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

export const BILLING_PERIODS = ["monthly", "quarterly", "semi_annually", "yearly"] as const;
export type BillingPeriod = (typeof BILLING_PERIODS)[number] | "on_demand";

export const DEVICE_CATEGORIES = ["servers", "workstations", "network_devices", "all_devices"] as const;
export const GB_CATEGORIES = ["server_backup", "workstation_backup", "cloud_apps_backup"] as const;

/** Type-specific fields. The key is the snake_case suffix of the wizard's block id (contract_<key>). */
export type ContractFieldKey =
  | "quantity"
  | "rate"
  | "hourly_rate"
  | "overage_rate"
  | "amount"
  | "hours"
  | "estimated_hours"
  | "roll_over"
  | "billing_period"
  | "device_category"
  | "gb_category";

export type FieldKind = "money" | "hours" | "integer" | "boolean" | "select";

export type ContractFieldSpec = {
  key: ContractFieldKey;
  kind: FieldKind;
  required: boolean;
  /** for selects */
  options?: readonly string[];
  /** a default shown pre-filled */
  initial?: string;
  /** label key in the message catalog, when the type names the field its own way */
  labelKey?: string;
};

const billing = (options: readonly string[] = BILLING_PERIODS): ContractFieldSpec => ({
  key: "billing_period",
  kind: "select",
  required: true,
  options,
  initial: options[0],
});

export const CONTRACT_TYPE_FIELDS: Record<ContractType, readonly ContractFieldSpec[]> = {
  retainer: [
    { key: "quantity", kind: "integer", required: true, initial: "1" },
    { key: "rate", kind: "money", required: true },
    billing(),
  ],
  hourly: [{ key: "hourly_rate", kind: "money", required: true }, billing(["on_demand"])],
  block_hours: [
    { key: "hours", kind: "hours", required: true },
    { key: "hourly_rate", kind: "money", required: true },
    { key: "overage_rate", kind: "money", required: false },
    { key: "roll_over", kind: "boolean", required: false },
    billing(),
  ],
  block_money: [
    { key: "amount", kind: "money", required: true },
    { key: "hourly_rate", kind: "money", required: true },
    { key: "overage_rate", kind: "money", required: false },
    { key: "roll_over", kind: "boolean", required: false },
    billing(),
  ],
  remote_monitoring: [
    { key: "device_category", kind: "select", required: true, options: DEVICE_CATEGORIES, initial: "all_devices" },
    { key: "rate", kind: "money", required: true, labelKey: "rate_per_device" },
    billing(),
  ],
  online_backup: [
    { key: "gb_category", kind: "select", required: true, options: GB_CATEGORIES, initial: "server_backup" },
    { key: "rate", kind: "money", required: true, labelKey: "rate_per_gb" },
    billing(),
  ],
  project_one_time: [{ key: "amount", kind: "money", required: true, labelKey: "project_total" }],
  project_hourly: [
    { key: "hourly_rate", kind: "money", required: true },
    { key: "estimated_hours", kind: "hours", required: false },
  ],
};

/** Common optional fields of every contract, revealed by "Show more". */
export const CONTRACT_COMMON_FIELDS = ["start_date", "end_date", "active", "default", "taxable", "notes"] as const;
export type ContractCommonField = (typeof CONTRACT_COMMON_FIELDS)[number];

export function isContractType(value: string): value is ContractType {
  return (CONTRACT_TYPES as readonly string[]).includes(value);
}

/** The stored shape of a contract's terms (money in cents, hours in hundredths). */
export type ContractTerms = {
  quantity?: number;
  rateCents?: number;
  hourlyRateCents?: number;
  overageRateCents?: number;
  amountCents?: number;
  hoursCentis?: number;
  estimatedHoursCentis?: number;
  rollOver?: boolean;
  billingPeriod?: string;
  deviceCategory?: string;
  gbCategory?: string;
};

/** Which stored column each field key fills. */
export const FIELD_COLUMN: Record<ContractFieldKey, keyof ContractTerms> = {
  quantity: "quantity",
  rate: "rateCents",
  hourly_rate: "hourlyRateCents",
  overage_rate: "overageRateCents",
  amount: "amountCents",
  hours: "hoursCentis",
  estimated_hours: "estimatedHoursCentis",
  roll_over: "rollOver",
  billing_period: "billingPeriod",
  device_category: "deviceCategory",
  gb_category: "gbCategory",
};
