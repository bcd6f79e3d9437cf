/** Length limits of stored text, stated in field hints and enforced by validation and import. */
export const LIMITS = {
  name: 120,
  shortText: 120,
  phone: 40,
  zip: 20,
  address: 250,
  notes: 2000,
  domains: 20,
  email: 254,
} as const;
