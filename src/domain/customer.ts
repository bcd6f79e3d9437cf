import type { ContractTerms, ContractType } from "./contract-types.js";

export type CustomerInput = {
  name: string;
  rank?: string;
  domains: string[];
  businessId?: string;
  phone?: string;
  fax?: string;
  address?: string;
  city?: string;
  country?: string;
  state?: string;
  zip?: string;
  notes?: string;
  /** of the customer's emails: "en" or "it"; absent: DEFAULT_LOCALE */
  language?: string;
};

export type ContractInput = {
  name: string;
  type: ContractType;
  terms: ContractTerms;
  startDate?: Date;
  endDate?: Date;
  active: boolean;
  isDefault: boolean;
  taxable: boolean;
  notes?: string;
};

export type ContactInput = {
  firstName: string;
  lastName: string;
  email: string;
  phone?: string;
  mobile?: string;
  jobTitle?: string;
  department?: string;
  primary: boolean;
};
