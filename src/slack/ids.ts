/** Slack ids shared by view builders, handlers and tests. Field ids live in services/onboarding/fields.ts. */
export const CallbackId = {
  customerWizard: "customer_wizard",
  wizardNewSla: "customer_wizard_new_sla",
  notice: "notice",
  slaEditor: "sla_editor",
  slaList: "sla_list",
  alertProfileEditor: "alert_profile_editor",
  alertProfileList: "alert_profile_list",
  home: "home",
  // customer management modals (private_metadata: manageMetadata)
  customerEdit: "customer_edit",
  contactForm: "customer_contact_form",
  contactRemove: "customer_contact_remove",
  contactPermissions: "customer_contact_permissions",
  contractForm: "customer_contract_form",
  customerSla: "customer_sla",
  customerSecurity: "customer_security",
  /** /ticket new (private_metadata: newTicketMetadata) */
  ticketNew: "ticket_new",
  /** App Home's Find a customer: a picker and the chosen customer's overview */
  customerFind: "customer_find",
  /** the Reply to customer modal (private_metadata: replyMetadata in listeners/email-replies.ts) */
  ticketEmailReply: "ticket_email_reply",
  /** the Send to customer message shortcut (manifest.yml), and its confirmation modal */
  ticketEmailSend: "ticket_email_send",
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
  // SLA and alert profile lists (ephemeral messages and modals); the button's value is the id
  slaNew: "sla_new",
  slaEdit: "sla_edit",
  slaMakeDefault: "sla_make_default",
  slaDelete: "sla_delete",
  slaShowProfiles: "sla_show_profiles",
  alertProfileNew: "alert_profile_new",
  alertProfileEdit: "alert_profile_edit",
  alertProfileMakeDefault: "alert_profile_make_default",
  alertProfileDelete: "alert_profile_delete",
  alertProfileShowSlas: "alert_profile_show_slas",
  // App Home
  homeNewCustomer: "home_new_customer",
  homeImport: "home_import",
  homeTemplates: "home_templates",
  homeSlas: "home_slas",
  homeAlertProfiles: "home_alert_profiles",
  homeSearch: "home_search",
  homePage: "home_page",
  homeFindCustomer: "home_find_customer",
  /** the Find a customer modal's picker (an external_select: options from the customer search) */
  customerFindPick: "customer_find_pick",
  // customer list, cards and their menus (values: see slack/listeners/customer-manage.ts)
  customerListPrev: "customer_list_prev",
  customerListNext: "customer_list_next",
  customerListMenu: "customer_list_menu",
  customerPick: "customer_pick",
  /** one per tab in the same block: prefix + tab */
  customerTabPrefix: "customer_tab_",
  customerPagePrev: "customer_page_prev",
  customerPageNext: "customer_page_next",
  customerEdit: "customer_edit",
  customerAddContact: "customer_add_contact",
  customerAddContract: "customer_add_contract",
  customerSla: "customer_sla",
  customerSecurity: "customer_security",
  customerArchive: "customer_archive",
  customerRestore: "customer_restore",
  contactMenu: "customer_contact_menu",
  contractMenu: "customer_contract_menu",
  contactSetPrimary: "customer_contact_set_primary",
  /** the contract type select of the Add/Edit contract modal (the wizard's is contract_type) */
  manageContractType: "customer_contract_type",
  // ticket messages and cards: each button's value is the ticket id; the priority select's option
  // values are "<ticket id>:<priority>"; the triage customer picker sits in a block whose id ends with the ticket id
  ticketRespond: "ticket_respond",
  ticketPending: "ticket_pending",
  ticketResume: "ticket_resume",
  ticketResolve: "ticket_resolve",
  ticketReopen: "ticket_reopen",
  ticketClose: "ticket_close",
  ticketPriority: "ticket_priority",
  ticketCustomer: "ticket_customer",
  /** /ticket list pager: the value is the list's state (see slack/listeners/tickets.ts) */
  ticketListPrev: "ticket_list_prev",
  ticketListNext: "ticket_list_next",
  /** a /ticket list row's View button: the value is the ticket id; it opens the ticket's card */
  ticketListView: "ticket_list_view",
  /** Reply to customer on a ticket's message and card: the value is the ticket id */
  ticketEmailReply: "ticket_email_reply",
  /** the reply modal's fields (block_id = action_id) */
  replyBody: "reply_body",
  replyCc: "reply_cc",
  replyThen: "reply_then",
  // /ticket new's field ids (block_id = action_id) live in services/tickets/forms.ts (TicketField)
} as const;

export const BlockId = {
  wizardNav: "wizard_nav",
  wizardNotice: "wizard_notice",
  wizardStep: "wizard_step",
  /** one SLA's or profile's buttons: prefix + id */
  slaItemPrefix: "sla_",
  alertProfileItemPrefix: "alert_profile_",
  listFooter: "list_footer",
  listNotice: "list_notice",
  homeButtons: "home_buttons",
  homeSearch: "home_search",
  homePager: "home_pager",
  homeFind: "home_find",
  customerFindPick: "customer_find_pick",
  customerListNav: "customer_list_nav",
  customerTabs: "customer_tabs",
  customerManage: "customer_manage",
  customerPager: "customer_pager",
  customerNotice: "customer_notice",
  /** one row of a list or card: prefix + the customer's, contact's or contract's id */
  customerRowPrefix: "cust_",
  contactRowPrefix: "contact_",
  contractRowPrefix: "contract_",
  pickRowPrefix: "pick_",
  permissionsActions: "permissions_actions",
  /** a ticket message's or card's buttons and its triage picker: prefix + the ticket's id */
  ticketActionsPrefix: "ticket_actions_",
  ticketTriagePrefix: "ticket_triage_",
  ticketListNav: "ticket_list_nav",
  /** one /ticket list row: prefix + the ticket's id */
  ticketListRowPrefix: "ticket_row_",
} as const;
