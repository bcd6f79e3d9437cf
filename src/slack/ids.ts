/** Slack ids shared by view builders, handlers and tests. Field ids live in services/onboarding/fields.ts. */
export const CallbackId = {
  customerWizard: "customer_wizard",
  wizardNewSla: "customer_wizard_new_sla",
  notice: "notice",
} as const;

export const ActionId = {
  wizardBack: "wizard_back",
  wizardToggle: "wizard_toggle",
  wizardSkipContract: "wizard_skip_contract",
  wizardNewSla: "wizard_new_sla",
  contractType: "contract_type",
  importConfirm: "import_confirm",
  importCancel: "import_cancel",
  importTemplatePrefix: "import_template_",
} as const;

export const BlockId = {
  wizardNav: "wizard_nav",
  wizardNotice: "wizard_notice",
  wizardStep: "wizard_step",
} as const;
