/**
 * Every text a person reads in Slack, in Italian: the same catalog type as en.ts (`Catalog`), so
 * the compiler refuses a missing key or a placeholder of another type. Natural, professional
 * Italian as an Italian technician expects it from a good PSA tool, with the words of
 * src/i18n/GLOSSARY.md ("ticket", "Monte ore", "contatto principale", "profilo soglie di avviso").
 * Numbers are written the Italian way (1.204; plural.ts, Intl), plurals by Intl.PluralRules.
 */
import { portalTextIt } from "./portal.js";
import type { Catalog } from "./catalog.js";
import type { ContractType } from "../domain/contract-types.js";
import { LIMITS } from "../domain/limits.js";
import type { ManageAction } from "../services/customers/errors.js";
import type { TimerState } from "../domain/business-clock.js";
import type { Failure } from "../domain/failures.js";
import type { TicketPriority, TicketSource, TicketStatus } from "../domain/ticket.js";
import type { SummaryPeriod } from "../services/summary/period.js";
import { link, mailto, md, mention, slackDate, type Mrkdwn, type Text } from "./mrkdwn.js";
import { clipText, formatMinutes, parseChange } from "./helpers.js";
import { DateTime } from "luxon";
import { LANGUAGE_TAG } from "./locale.js";
import type { EmailRefusal, FileProblem, ImportOutcome, TrustDetail } from "../domain/stored-outcomes.js";
import { megabytes, shown } from "../import/messages.js";
import { CONTACT_LABELS, CONTACT_LABELS_IT, CUSTOMER_LABELS, CUSTOMER_LABELS_IT } from "../import/headers.js";
import { formatDuration } from "../domain/sla.js";
import { DEFAULT_CURRENCY, formatHours, formatMoney } from "../domain/money.js";
import { counting } from "./plural.js";
import { dueText } from "./email-out.js";

const C = counting(LANGUAGE_TAG.it);
/** 1.204 */
const n = C.n;
/** "1 cliente", "3 clienti" */
const countOf = (x: number, one: string, other: string) => C.count(x, { one, other });
const hintMax = (max: number) => `Al massimo ${n(max)} caratteri.`;

/** ultimi 12 giorni / ultime 12 settimane / ultimi 12 periodi di 30 giorni */
const lastPeriods = (period: SummaryPeriod, count: number) =>
  period === "today" ? `ultimi ${count} giorni` : period === "week" ? `ultime ${count} settimane` : `ultimi ${count} periodi di 30 giorni`;

const TICKET_STATE: Record<TimerState, string> = {
  on_track: ":large_green_circle: nei tempi",
  at_risk: ":large_orange_circle: a rischio",
  breached: ":red_circle: violato",
  met: ":white_check_mark: rispettato",
  missed: ":x: mancato",
};
const TICKET_PRIORITY: Record<TicketPriority, string> = { low: "Bassa", medium: "Media", high: "Alta", critical: "Critica" };
const TICKET_STATUS: Record<TicketStatus, string> = { open: "Aperto", pending: "In attesa", resolved: "Risolto", closed: "Chiuso" };
const TICKET_SOURCE: Record<TicketSource, string> = { email: "Email", slack: "Slack", portal: "Portale" };
const TICKET_STATUS_PLURAL: Record<TicketStatus, string> = { open: "Aperti", pending: "In attesa", resolved: "Risolti", closed: "Chiusi" };

const SAVE_AS_CSV = 'In Excel usa File > Salva con nome > "CSV UTF-8 (delimitato da virgole)" e carica quel file.';
const SAVE_AS_UTF8 = 'in Excel File > Salva con nome > "CSV UTF-8 (delimitato da virgole)"; in un editor di testo, salvalo con la codifica UTF-8.';

/** A file problem in words, in Italian. */
function fileProblemText(p: FileProblem): string {
  switch (p.kind) {
    case "empty":
      return "Il file è vuoto. Scarica il modello, compila una riga per ogni cliente o contatto sotto la riga delle intestazioni e caricalo di nuovo.";
    case "no_rows":
      return "Il file ha la riga delle intestazioni ma nessuna riga di dati. Aggiungi una riga per ogni cliente o contatto sotto le intestazioni.";
    case "binary":
      return `Questo non è un file di testo CSV (sembra una cartella di lavoro, un PDF o un altro file binario). ${SAVE_AS_CSV}`;
    case "too_large":
      return `Il file supera ${megabytes(p.maxBytes).replace(".", ",")}. Dividilo in file più piccoli e importali uno dopo l'altro.`;
    case "utf32":
      return `Il file è salvato come testo UTF-32, che non è supportato. ${SAVE_AS_CSV}`;
    case "mixed_encoding":
      return `Il file mescola due codifiche di testo (alcuni caratteri sono UTF-8, altri no), quindi le lettere accentate risulterebbero sbagliate. ${SAVE_AS_CSV}`;
    case "utf8_after_1252":
      return `La riga ${p.row} del file (byte ${n(p.byte)}) è salvata in UTF-8, ma le righe precedenti in Windows-1252 ("ANSI"), quindi le sue lettere accentate risulterebbero sbagliate (ad esempio "CittÃ " per "Città"). Salva tutto il file in una sola codifica e caricalo di nuovo: ${SAVE_AS_UTF8}`;
    case "not_utf8_after_utf8":
      return `La riga ${p.row} del file (byte ${n(p.byte)}) non è in UTF-8, mentre le righe precedenti sì, quindi le sue lettere accentate risulterebbero sbagliate. Salva tutto il file in una sola codifica e caricalo di nuovo: ${SAVE_AS_UTF8}`;
    case "nul_at":
      return `La riga ${p.row} del file (byte ${n(p.byte)}) contiene un carattere NUL, che un file di testo non ha mai: il file è danneggiato, oppure un programma vi ha scritto dati binari. Aprilo in un foglio di calcolo, controlla quella riga e salvalo di nuovo: ${SAVE_AS_UTF8}`;
    case "malformed": {
      const why = {
        quote_not_closed: 'un doppio apice (") apre un valore che non viene mai chiuso.',
        invalid_closing_quote: "un valore tra doppi apici è seguito da altro testo prima del separatore successivo.",
        record_too_long: 'una riga è troppo lunga, di solito perché un doppio apice (") non è chiuso.',
        other: "il testo non è un CSV valido.",
      }[p.csv];
      return `${p.row === null ? "Il file" : `La riga ${p.row} del file`} non può essere letta come CSV: ${why} Controlla quella riga, oppure apri il file in un foglio di calcolo e salvalo di nuovo come CSV.`;
    }
    case "no_header":
      return "La prima riga non ha nomi di colonna. Metti i nomi delle colonne (ad esempio Nome cliente) nella riga 1.";
    case "unrecognised":
      return "Nessuna colonna è stata riconosciuta. Un file di clienti richiede una colonna Nome cliente; un file di contatti richiede Nome cliente, Nome, Cognome ed Email.";
    case "missing_required": {
      const columns = p.columns.map(italianHeader);
      return `Nel file ${columns.length > 1 ? "mancano le colonne" : "manca la colonna"} ${columns.join(", ")}. ${p.columns.length > 1 ? "Aggiungile" : "Aggiungila"} alla riga 1 (vedi il modello) e carica di nuovo il file.`;
    }
  }
}

/** A template header named in English (the file problem stores the template's label) as the Italian template names it. */
function italianHeader(label: string): string {
  for (const [labels, italian] of [[CUSTOMER_LABELS, CUSTOMER_LABELS_IT], [CONTACT_LABELS, CONTACT_LABELS_IT]] as const) {
    const field = (Object.keys(labels) as (keyof typeof labels)[]).find((k) => labels[k] === label);
    if (field) return (italian as Record<string, string>)[field] ?? label;
  }
  return label;
}

export const it: Catalog = {
  /** how this language writes and reads numbers and durations (Intl tag; decimal comma in input; business-day unit) */
  format: {
    tag: LANGUAGE_TAG.it,
    decimalComma: true,
    duration: (minutes: number) => formatDuration(minutes, "g"),
    /** "€95.50" · "95,50 €": the app's currency (CURRENCY) is bound by catalogFor (src/i18n/catalog.ts); EUR here */
    money: (cents: number) => formatMoney(cents, LANGUAGE_TAG.it, DEFAULT_CURRENCY),
    hours: (centis: number) => formatHours(centis, LANGUAGE_TAG.it),
    number: (x: number) => n(x),
    /** a calendar day, in UTC: "30 Nov 2026" · "30 nov 2026" */
    day: (d: Date) => new Intl.DateTimeFormat(LANGUAGE_TAG.it, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" }).format(d),
  },
  common: {
    next: "Avanti",
    back: "◀ Indietro",
    cancel: "Annulla",
    close: "Chiudi",
    done: "Fatto",
    showMore: "Mostra altri campi",
    showLess: "Mostra meno campi",
    yes: "Sì",
    no: "No",
    none: "—",
    commandTooLong: (command: string, length: number, max: number) =>
      `Testo troppo lungo per \`${command}\`: ${n(length)} caratteri, mentre ne accetta al massimo ${n(max)}. Scrivi un nome o le sue prime lettere; \`${command} help\` mostra cosa può fare.`,
    queryTooLong: (max: number) => `Nome o ricerca troppo lunghi: usa al massimo ${n(max)} caratteri (la lunghezza massima di un nome).`,
  },
  help: {
    customer: [
      "*Con `/customer` puoi:*",
      "• `/customer new [nome]` — registrare un nuovo cliente: dati, contratto, SLA e primo contatto (amministratori)",
      "• `/customer import` — scaricare i modelli CSV; poi carica un file .csv per importare clienti o contatti (amministratori)",
      "• `/customer imports` — vedere le importazioni recenti e il loro esito",
      "• `/customer list [ricerca]` — trovare i clienti da qualsiasi parte del nome, un dominio email, una partita IVA o un numero di telefono, oppure nome, email o telefono di un contatto; prima i risultati migliori (`--archived` include gli archiviati)",
      "• `/customer show <nome>` — aprire la scheda di un cliente: dati, contratti, SLA, sicurezza, contatti e cronologia",
      "• `/customer edit <nome>` — modificare i dati di un cliente (amministratori; contatti, contratti, SLA, sicurezza e archiviazione sono nella sua scheda)",
      "• `/customer history <nome>` — vedere le modifiche recenti a un cliente: chi ha cambiato cosa, e quando",
      "• `/customer help` — questo elenco",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `Non conosco \`/customer ${sub}\`.`,
  },
  admin: {
    onlyAdmins: (action: string) =>
      `Solo gli amministratori di Customer Book possono ${action}. Sono amministratori gli amministratori e i proprietari del workspace, più le persone indicate in SLACK_ADMIN_USER_IDS. Chiedi a uno di loro se serve.`,
    createCustomers: "creare clienti",
  },
  wizard: {
    title: (step: number) => `Nuovo cliente · ${step} di 4`,
    stepHeading: {
      1: "Passo 1 di 4 — Cliente",
      2: "Passo 2 di 4 — Contratto (facoltativo)",
      3: "Passo 3 di 4 — SLA e soglie di avviso",
      4: "Passo 4 di 4 — Primo contatto",
    } as Record<1 | 2 | 3 | 4, string>,
    submit: { 1: "Avanti", 2: "Avanti", 3: "Avanti", 4: "Crea cliente" } as Record<1 | 2 | 3 | 4, string>,
    skipContract: "Salta — nessun contratto",
    contractSkipped: "Non verrà creato nessun contratto. Se invece ne vuoi uno, scegli un tipo qui sotto.",
    contractIntro: "Consigliato: il contratto stabilisce come fatturi questo cliente. Puoi saltarlo e aggiungerlo in seguito.",
    newSlaButton: "Crea un nuovo SLA",
    newSlaPending: (name: string) => `${name} (nuovo — creato con il cliente)`,
    expired: "Questa procedura è scaduta o è già stata completata. Non è stato salvato altro. Ricomincia con `/customer new`.",
    notYours: "Questa procedura è stata avviata da un'altra persona e non può essere usata dal tuo account. Non è stato salvato nulla. Avviane una tua con `/customer new`.",
    nameTakenMeanwhile: (name: string) =>
      `:warning: Mentre compilavi questa procedura qualcun altro ha creato un cliente di nome *${name}*. Scegli un altro nome e ripercorri i passi; tutto ciò che hai scritto è conservato.`,
    createdTitle: "Cliente creato",
    expiredTitle: "Procedura chiusa",
    createdBody: (name: string) => `*${name}* è ora nell'anagrafica clienti. Ti invio il riepilogo in un messaggio diretto.`,
  },
  customerFields: {
    customer_name: { label: "Nome cliente", hint: `Obbligatorio e univoco. ${hintMax(LIMITS.name)}`, placeholder: "Studio Dentistico Rossi Srl" },
    customer_rank: { label: "Rango", hint: `Ad esempio Gold, A o 1. ${hintMax(LIMITS.shortText)}` },
    customer_domains: {
      label: "Domini email",
      hint: `Le email di assistenza da questi domini vengono associate a questo cliente. Separali con virgole, senza '@' (rossi.it, rossi.com). Al massimo ${LIMITS.domains} domini.`,
      placeholder: "rossi.it, rossi.com",
    },
    customer_business_id: { label: "Partita IVA / Codice fiscale", hint: hintMax(LIMITS.shortText) },
    customer_phone: { label: "Telefono", hint: hintMax(LIMITS.phone) },
    customer_fax: { label: "Fax", hint: hintMax(LIMITS.phone) },
    customer_address: { label: "Indirizzo", hint: hintMax(LIMITS.address) },
    customer_city: { label: "Città", hint: hintMax(LIMITS.shortText) },
    customer_country: { label: "Paese", hint: hintMax(LIMITS.shortText) },
    customer_state: { label: "Provincia", hint: hintMax(LIMITS.shortText) },
    customer_zip: { label: "CAP", hint: hintMax(LIMITS.zip) },
    customer_notes: { label: "Note", hint: hintMax(LIMITS.notes) },
    customer_language: { label: "Lingua delle email", hint: "La lingua delle email che il cliente riceve dall'app (conferme di ricezione, avvisi di risoluzione). Se non è impostata: la lingua predefinita dell'app." },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  languageNames: { en: "English", it: "Italiano" } as Record<string, string>,
  contractFields: {
    contract_name: { label: "Nome contratto", hint: `Obbligatorio se aggiungi un contratto. ${hintMax(LIMITS.name)}`, placeholder: "Servizi gestiti 2027" },
    contract_type: { label: "Tipo di contratto", hint: "Il tipo determina quali campi di fatturazione seguono." },
    contract_quantity: { label: "Quantità", hint: "Numero intero, 0 o più." },
    contract_rate: { label: "Canone", hint: "Importo per periodo di fatturazione, ad es. 1500 o 1.500,00. Non negativo." },
    contract_hourly_rate: { label: "Tariffa oraria", hint: "Importo all'ora, ad es. 95 o 95,50. Non negativo." },
    contract_overage_rate: { label: "Tariffa oltre il monte", hint: "Importo all'ora oltre il monte ore. Non negativo." },
    contract_amount: { label: "Importo del monte", hint: "Importo del monte a valore, ad es. 5000. Non negativo." },
    contract_hours: { label: "Ore del monte", hint: "Ore, al massimo 2 decimali, ad es. 20 o 7,5. Non negativo." },
    contract_estimated_hours: { label: "Ore stimate", hint: "Ore, al massimo 2 decimali. Non negativo." },
    contract_roll_over: { label: "Riporto", hint: "Le ore o l'importo non usati passano al periodo successivo." },
    contract_billing_period: { label: "Periodicità di fatturazione", hint: "Ogni quanto viene fatturato questo contratto." },
    contract_device_category: { label: "Categoria dispositivi", hint: "A quali dispositivi si applica la tariffa per dispositivo." },
    contract_gb_category: { label: "Categoria backup", hint: "A quale tipo di backup si applica la tariffa per GB." },
    contract_start_date: { label: "Data di inizio", hint: "Facoltativa." },
    contract_end_date: { label: "Data di fine", hint: "Facoltativa; deve essere successiva alla data di inizio." },
    contract_active: { label: "Attivo", hint: "I contratti non attivi restano registrati ma non vengono fatturati." },
    contract_default: { label: "Contratto predefinito", hint: "Usato per i ticket di questo cliente, salvo sceglierne un altro." },
    contract_taxable: { label: "Soggetto a IVA", hint: "L'IVA viene aggiunta in fattura." },
    contract_notes: { label: "Note sul contratto", hint: hintMax(LIMITS.notes) },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  contractLabelOverrides: {
    rate_per_device: "Tariffa per dispositivo",
    rate_per_gb: "Tariffa per GB",
    project_total: "Totale progetto",
  } as Record<string, string>,
  contractTypes: {
    retainer: "Canone fisso",
    hourly: "A ore",
    block_hours: "Monte ore",
    block_money: "Monte a valore",
    remote_monitoring: "Monitoraggio remoto",
    online_backup: "Backup online",
    project_one_time: "Progetto — prezzo fisso",
    project_hourly: "Progetto — a ore",
  } satisfies Record<ContractType, string>,
  options: {
    monthly: "Mensile",
    quarterly: "Trimestrale",
    semi_annually: "Semestrale",
    yearly: "Annuale",
    on_demand: "Su richiesta",
    servers: "Server",
    workstations: "Postazioni di lavoro",
    network_devices: "Dispositivi di rete",
    all_devices: "Tutti i dispositivi",
    server_backup: "Backup dei server",
    workstation_backup: "Backup delle postazioni",
    cloud_apps_backup: "App cloud (Microsoft 365, Google Workspace)",
  } as Record<string, string>,
  checkboxText: {
    contract_roll_over: "Il saldo non usato viene riportato",
    contract_active: "Il contratto è attivo",
    contract_default: "Contratto predefinito di questo cliente",
    contract_taxable: "Soggetto a IVA",
    contact_primary: "Contatto principale di questo cliente",
  } as Record<string, string>,
  slaStep: {
    sla_id: { label: "SLA", hint: "Obiettivi di risposta e risoluzione per i ticket di questo cliente." },
    alert_profile_id: { label: "Profilo soglie di avviso", hint: "Quando vengono generati gli avvisi di monitoraggio per i dispositivi di questo cliente." },
    defaultSuffix: " (predefinito)",
    newSlaHint: "Servono obiettivi diversi? Crea un nuovo SLA: viene salvato insieme al cliente.",
  },
  contactFields: {
    contact_first_name: { label: "Nome", hint: `Obbligatorio. ${hintMax(LIMITS.shortText)}` },
    contact_last_name: { label: "Cognome", hint: `Obbligatorio. ${hintMax(LIMITS.shortText)}` },
    contact_email: { label: "Email", hint: "Obbligatoria. I suoi ticket via email vengono associati a questo cliente.", placeholder: "mario.rossi@rossi.it" },
    contact_phone: { label: "Telefono", hint: hintMax(LIMITS.phone) },
    contact_mobile: { label: "Cellulare", hint: hintMax(LIMITS.phone) },
    contact_job_title: { label: "Ruolo", hint: hintMax(LIMITS.shortText) },
    contact_department: { label: "Reparto", hint: hintMax(LIMITS.shortText) },
    contact_primary: { label: "Contatto principale", hint: "Il contatto principale vede tutti i ticket del cliente." },
  } as Record<string, { label: string; hint: string; placeholder?: string }>,
  slaForm: {
    title: "Nuovo SLA",
    submit: "Salva SLA",
    sla_name: { label: "Nome SLA", hint: `Obbligatorio e univoco. ${hintMax(LIMITS.name)}` },
    targetsHeading: "Obiettivi, in orario lavorativo (ad esempio 30m, 4h, 2g = 2 giorni lavorativi da 8 ore… oppure solo minuti)",
    response: (priority: string) => `Prima risposta — ${priority}`,
    resolution: (priority: string) => `Risoluzione — ${priority}`,
    sla_time_zone: { label: "Fuso orario", hint: "Nome IANA, ad es. Europe/Rome, America/New_York o UTC." },
    sla_days: { label: "Giorni lavorativi" },
    sla_start_time: { label: "Inizio orario lavorativo" },
    sla_end_time: { label: "Fine orario lavorativo" },
    priorities: { low: "Bassa", medium: "Media", high: "Alta", critical: "Critica" } as Record<string, string>,
    weekdays: { 1: "Lunedì", 2: "Martedì", 3: "Mercoledì", 4: "Giovedì", 5: "Venerdì", 6: "Sabato", 7: "Domenica" } as Record<number, string>,
    weekdaysShort: { 1: "lun", 2: "mar", 3: "mer", 4: "gio", 5: "ven", 6: "sab", 7: "dom" } as Record<number, string>,
    pendingSummary: (name: string, targets: string, days: string, hours: string, timeZone: string) =>
      `*${name}* — risposta / risoluzione: ${targets}. ${days} ${hours} (${timeZone})`,
  },
  validation: {
    required: "Campo obbligatorio.",
    tooLong: (max: number) => `Troppo lungo: al massimo ${n(max)} caratteri.`,
    notANumber: "Inserisci un numero, ad esempio 120 o 95,50.",
    negative: "Non può essere negativo.",
    tooPrecise: "Usa al massimo 2 decimali.",
    tooLarge: "Numero troppo grande.",
    notWhole: "Inserisci un numero intero, ad esempio 3.",
    email: (value: string) => `"${value}" non è un indirizzo email valido. Usa la forma nome@esempio.it.`,
    domainHasAt: (value: string) => `Scrivi il dominio senza '@': "${value.replace(/^.*@/, "")}" invece di "${value}".`,
    domainInvalid: (value: string) => `"${value}" non è un dominio valido. Usa un nome host come rossi.it.`,
    domainTaken: (domain: string, customer: string) => `${domain} appartiene già al cliente ${customer}. Un dominio può appartenere a un solo cliente.`,
    tooManyDomains: (max: number) => `Al massimo ${max} domini.`,
    nameTaken: (name: string) => `Esiste già un cliente di nome "${name}". Scegli un altro nome, oppure modifica quel cliente.`,
    slaNameTaken: (name: string) => `Esiste già uno SLA di nome "${name}".`,
    endBeforeStart: "La data di fine deve essere successiva alla data di inizio.",
    contractNameNeeded: "Dai un nome al contratto, oppure premi “Salta — nessun contratto”.",
    contractTypeNeeded: "Scegli un tipo di contratto, oppure premi “Salta — nessun contratto”.",
    unknownOption: "Scegli una delle opzioni.",
    timeZone: "Fuso orario sconosciuto. Usa un nome IANA come Europe/Rome o UTC.",
    duration: "Inserisci una durata come 30m, 4h o 2g (giorni lavorativi da 8 ore), oppure i minuti.",
    durationZero: "Deve essere maggiore di zero.",
    resolutionBeforeResponse: "L'obiettivo di risoluzione non può essere più breve di quello di prima risposta.",
    endTimeBeforeStart: "L'orario lavorativo deve finire dopo l'inizio.",
    noWorkingDays: "Scegli almeno un giorno lavorativo.",
  },
  summary: {
    header: (name: string) => `Nuovo cliente: ${name}`,
    createdBy: (userId: string): Mrkdwn => md`Creato da ${mention(userId)}`,
    fields: {
      rank: "Rango",
      domains: "Domini",
      businessId: "P. IVA / C.F.",
      phone: "Telefono",
      fax: "Fax",
      address: "Indirizzo",
      city: "Città",
      state: "Provincia",
      zip: "CAP",
      country: "Paese",
      notes: "Note",
      contract: "Contratto",
      sla: "SLA",
      alertProfile: "Profilo avvisi",
      contact: "Contatto principale",
      contactNotPrimary: "Contatto",
    },
    noContract: "Ancora nessun contratto",
    flags: { inactive: "non attivo", default: "predefinito", taxable: "soggetto a IVA" },
  },
  health: { ok: "ok", unavailable: "database non disponibile" },
  imports: {
    errorColumn: "Errore",
    checking: (file: string) => `:hourglass_flowing_sand: Controllo *${file}*…`,
    refused: (user: string): Mrkdwn =>
      md`Grazie ${mention(user)}! Solo gli amministratori di Customer Book possono importare file, quindi questo non l'ho toccato. Un amministratore può caricarlo qui al posto tuo.`,
    tooLarge: (file: string, max: string) => `*${file}* supera ${max}. Dividilo in file più piccoli e caricali uno dopo l'altro. Non è stato importato nulla.`,
    notDownloadable:
      "Non sono riuscito a scaricare il file: Slack ha risposto con una pagina web invece del file. Verifica che l'app abbia l'autorizzazione files:read e sia membro di questo canale, poi carica di nuovo il file. Non è stato importato nulla.",
    downloadFailed: (status: number) => `Non sono riuscito a scaricare il file (Slack ha risposto HTTP ${status}). Caricalo di nuovo tra poco. Non è stato importato nulla.`,
    cannotRead: (file: string) => `:x: Non posso importare *${file}*.`,
    nothingWritten: "Non è stato importato nulla.",
    previewHeader: (file: string) => `Anteprima importazione: ${file}`,
    kindLabel: { customers: "Clienti", contacts: "Contatti" } as Record<string, string>,
    previewCounts: (kind: string, rows: number, create: number, update: number, unchanged: number, errors: number) =>
      `File *${kind}* · *${countOf(rows, "riga trovata", "righe trovate")}*\n• ${n(create)} da creare\n• ${n(update)} da aggiornare\n• ${n(unchanged)} invariate\n• ${n(errors)} con errori (saltate)`,
    problemsHeading: (shown: number, total: number) => (shown < total ? `*Prime ${shown} di ${n(total)} righe con errori:*` : `*Righe con errori:*`),
    problemLine: (row: number, column: string, reason: string) => `• Riga ${row}, ${column}: ${reason}`,
    unknownColumns: (columns: string[]) => `Colonne ignorate (non riconosciute): ${columns.join(", ")}`,
    duplicateColumns: (columns: string[]) => `Colonne ignorate (lo stesso campo arriva da una colonna precedente): ${columns.join(", ")}`,
    primaryChange: (row: number, email: string, customer: string, replaced?: string) =>
      `Riga ${row}: ${email} diventa il contatto principale di ${customer}${replaced ? `, al posto di ${replaced}` : ""}.`,
    previewFooter: "Non è ancora stato scritto nulla. Importa applica le righe qui sopra; le righe con errori vengono saltate ed elencate poi in un file.",
    previewValidUntil: (hours: number, unixSeconds: number, fallback: string): Mrkdwn =>
      md`Questa anteprima è valida per ${hours} ore, fino a <!date^${unixSeconds}^{date_short_pretty} alle {time}|${fallback}>; dopo, carica di nuovo il file per un'anteprima nuova.`,
    previewExpired: (hours: number) =>
      `Questa anteprima ha più di ${hours} ore, quindi non è stata importata: nel frattempo l'anagrafica potrebbe essere cambiata. Carica di nuovo il file per una nuova anteprima. Non è stato importato nulla.`,
    expiredNotice: (file: string, hours: number) => `*Anteprima scaduta: ${file}*\nNon è stata importata entro ${hours} ore. Carica di nuovo il file per una nuova anteprima. Non è stato importato nulla.`,
    stoppedCounts: (created: number, updated: number, unchanged: number, failed: number) =>
      `*${n(created)}* create · *${n(updated)}* aggiornate · *${n(unchanged)}* invariate · *${n(failed)}* non riuscite`,
    outcome: (o: ImportOutcome): string => {
      const i = it.imports;
      switch (o.code) {
        case "not_admin":
          return "Rifiutato: solo gli amministratori di Customer Book possono importare file.";
        case "upload_too_large":
          return i.tooLarge(o.file, megabytes(o.maxBytes).replace(".", ","));
        case "not_downloadable":
          return i.notDownloadable;
        case "download_failed":
          return i.downloadFailed(o.status);
        case "slack_unavailable_preview":
          return i.slackUnavailablePreview;
        case "slack_unavailable":
          return i.slackUnavailable;
        case "spool_damaged":
          return i.spoolDamaged;
        case "failed_unexpectedly":
          return i.failedUnexpectedly;
        case "interrupted":
          return i.interrupted;
        case "interrupted_preview":
          return i.interruptedPreview;
        case "failure":
          return it.failures.text(o.failure);
        case "unexpected":
          return it.failures.unexpected(o.ref);
        case "file":
          return fileProblemText(o.problem);
      }
    },
    fullNameSplit:
      'I nomi della colonna del nome vengono divisi al primo spazio in nome e cognome ("Rossi, Anna" si legge come cognome, nome). Controlla nell\'anteprima nomi come "Maria Luisa Bianchi".',
    importButton: "Importa",
    cancelButton: "Annulla",
    importAgainButton: "Importa di nuovo",
    confirmTitle: "Importare questo file?",
    confirmText: (rows: number) => `${countOf(rows, "riga verrà scritta", "righe verranno scritte")} nell'anagrafica clienti.`,
    confirmYes: "Importa",
    confirmNo: "Non ancora",
    cancelled: (user: string): Mrkdwn => md`Importazione annullata da ${mention(user)}. Non è stato importato nulla.`,
    running: (user: string): Mrkdwn => md`:arrows_counterclockwise: Importazione in corso, avviata da ${mention(user)}…`,
    progress: (done: number, total: number, created: number, updated: number, unchanged: number, failed: number) =>
      `${n(done)} di ${n(total)} righe · ${n(created)} create · ${n(updated)} aggiornate · ${n(unchanged)} invariate · ${n(failed)} non riuscite`,
    doneHeader: (file: string) => `Importazione completata: ${file}`,
    doneCounts: (created: number, updated: number, unchanged: number, failed: number, seconds: string) =>
      `*${n(created)}* create · *${n(updated)}* aggiornate · *${n(unchanged)}* invariate · *${n(failed)}* non riuscite · durata ${seconds}`,
    doneBy: (user: string): Mrkdwn => md`Importato da ${mention(user)}`,
    errorFileFailed: (failed: number) =>
      `L'importazione è terminata, ma non sono riuscito a caricare l'elenco delle ${n(failed)} righe non riuscite. Carica di nuovo lo stesso file: l'anteprima le elenca, e le righe già importate risultano invariate.`,
    errorFileComment: (failed: number) =>
      `${countOf(failed, "riga non è stata importata", "righe non sono state importate")}. Questo file le elenca con una colonna Errore: correggile e caricalo di nuovo (la colonna Errore viene ignorata).`,
    failedHeader: (file: string) => `Importazione interrotta: ${file}`,
    alreadyRunning: "Questa importazione è già in corso o terminata; non c'è altro da fare.",
    restarting: "L'app si sta riavviando e ora non accetta nuove importazioni. Premi di nuovo Importa tra un minuto.",
    slackUnavailable:
      "L'importazione si è interrotta: Slack non ha risposto quando gli ho chiesto il file. Le righe conteggiate qui sono state salvate, le altre no. Premi Importa di nuovo tra qualche minuto per completarla: le righe già salvate risultano invariate.",
    slackUnavailablePreview: "Slack non ha risposto mentre leggevo il file, quindi non ho potuto controllarlo. Non è stato importato nulla. Carica di nuovo il file tra qualche minuto.",
    onlyAdminsImport: "importare file",
    templateIntro:
      "*Importa clienti o contatti da un file CSV*\n1. Scarica un modello qui sotto (oppure esporta un CSV dal tuo vecchio PSA o CRM: i nomi delle colonne vengono riconosciuti).\n2. Compila una riga per ogni cliente o contatto.\n3. Carica il file .csv in un canale di cui faccio parte, oppure in un messaggio diretto con me. Rispondo con un'anteprima; non viene scritto nulla finché non premi Importa.",
    templateButtons: { customers: "Modello clienti", contacts: "Modello contatti" } as Record<string, string>,
    templateFileName: (kind: "customers" | "contacts") => (kind === "customers" ? "modello-clienti.csv" : "modello-contatti.csv"),
    templateTitle: (kind: "customers" | "contacts") => (kind === "customers" ? "Modello clienti" : "Modello contatti"),
    templateSent: (kind: string) => `Ti ho inviato il modello ${kind.toLowerCase()} in un messaggio diretto.`,
    templateComment: (kind: string, columns: string) =>
      `*Modello ${kind.toLowerCase()}.* Colonne obbligatorie: ${columns}. Separatore punto e virgola (;) e decimali con la virgola, come li salva Excel in italiano. Una cella vuota lascia invariato il valore registrato. Trovi la guida alle colonne nel README.`,
    listHeader: "Importazioni recenti",
    listCounts: (created: number, updated: number, unchanged: number, failed: number) =>
      `${n(created)} create, ${n(updated)} aggiornate, ${n(unchanged)} invariate, ${n(failed)} non riuscite`,
    when: { justNow: "poco fa", minutesAgo: (x: number) => `${x} min fa`, hoursAgo: (x: number) => `${x} h fa` },
    listEmpty: "Nessuna importazione finora. Scrivi `/customer import` per ottenere un modello.",
    listLine: (when: string, file: string, kind: string, status: string, who: string, counts: string): Mrkdwn =>
      md`• ${when} · *${file}* (${kind}) · ${status} · ${mention(who)}${counts ? ` · ${counts}` : ""}`,
    status: {
      checking: "in controllo",
      refused: "rifiutata (non amministratore)",
      preview_failed: "illeggibile",
      awaiting_confirmation: "in attesa di Importa",
      expired: "scaduta (non importata)",
      cancelled: "annullata",
      running: "in corso",
      completed: "completata",
      failed: "interrotta",
    } as Record<string, string>,
    interrupted:
      "L'app si è fermata durante questa importazione. Le righe conteggiate qui sono state salvate, le altre no. Premi Importa di nuovo (o carica di nuovo lo stesso file) per completarla: le righe già salvate risultano invariate.",
    interruptedPreview: "L'app si è riavviata mentre controllava questo file. Non è stato importato nulla. Carica di nuovo il file per ottenere l'anteprima.",
    failedUnexpectedly: "L'importazione si è interrotta per un errore imprevisto. Le righe conteggiate qui sono state salvate, le altre no.",
    spoolDamaged:
      "L'importazione si è interrotta: la copia di lavoro di questo file si è danneggiata dopo l'anteprima. Le righe conteggiate qui sono state salvate, le altre no. Premi Importa di nuovo per rileggere il file da Slack e completarla: le righe già salvate risultano invariate.",
    rowFailure: {
      unknownSla: (name: string) => `Non esiste uno SLA di nome "${name}". Usa il nome di uno SLA esistente (vedi /sla list), oppure lascia la cella vuota per quello predefinito.`,
      unknownAlertProfile: (name: string) => `Non esiste un profilo avvisi di nome "${name}". Usa il nome di un profilo esistente, oppure lascia la cella vuota per quello predefinito.`,
      domainTaken: (domain: string, owner: string) => `${domain} appartiene già al cliente ${owner}. Un dominio può appartenere a un solo cliente.`,
      domainInFile: (domain: string, row: number) => `${domain} è assegnato anche a un altro cliente alla riga ${row}. Un dominio può appartenere a un solo cliente.`,
      unknownCustomer: (name: string) => `Non esiste un cliente di nome "${name}". Importa prima i clienti, oppure correggi il nome.`,
    },
  },
  importRow: {
    required: (column: string) => `${column} è vuoto. Compilalo, oppure elimina la riga.`,
    controlCharacter: (column: string, character: string, position: number) =>
      `${column} contiene un carattere di controllo invisibile (${character}) in posizione ${position}, che non può essere salvato. Riscrivi la cella nel foglio di calcolo (o elimina quel carattere) e importa di nuovo la riga.`,
    tooLong: (column: string, length: number, max: number) => `${column} è lungo ${length} caratteri; ne sono ammessi al massimo ${max}. Accorcialo.`,
    invalidEmail: (value: string) => `L'email "${shown(value)}" non è un indirizzo valido. Scrivila come nome@esempio.it.`,
    invalidDomain: (value: string) => `"${shown(value)}" non è un dominio valido. Scrivilo come esempio.it.`,
    domainIsEmail: (value: string) => `"${shown(value)}" è un indirizzo email, non un dominio. Tieni solo la parte dopo la @.`,
    tooManyDomains: (count: number, max: number) => `Sono indicati ${count} domini; ne sono ammessi al massimo ${max}. Togline qualcuno.`,
    yesNo: (column: string, value: string) => `${column} "${shown(value)}" non è sì o no. Scrivi sì o no, oppure lascia la cella vuota.`,
    oneWordName: (value: string) => `Il nome "${shown(value)}" non ha un cognome. Scrivi nome e cognome, oppure usa le colonne Nome e Cognome.`,
    duplicateCustomer: (name: string, firstRow: number) => `Il cliente "${shown(name)}" compare anche alla riga ${firstRow}. Tieni una sola delle due righe.`,
    duplicateContact: (email: string, customer: string, firstRow: number) =>
      `L'email "${shown(email)}" per il cliente "${shown(customer)}" compare anche alla riga ${firstRow}. Tieni una sola delle due righe.`,
  },
  manage: {
    can: {
      edit_customer: "modificare i clienti",
      change_contacts: "aggiungere, modificare o rimuovere contatti o scegliere il contatto principale",
      change_contracts: "aggiungere o modificare contratti",
      change_sla: "cambiare lo SLA o il profilo avvisi di un cliente",
      change_security: "cambiare le impostazioni di sicurezza di un cliente",
      archive: "archiviare o ripristinare clienti",
    } satisfies Record<ManageAction, string>,
    usage: {
      show: "Dimmi quale cliente: `/customer show Studio Rossi` (un nome, le sue prime lettere o un dominio email).",
      edit: "Dimmi quale cliente: `/customer edit Studio Rossi`.",
      history: "Dimmi quale cliente: `/customer history Studio Rossi`.",
    },
    list: {
      header: "Clienti",
      headerMatching: (q: string) => `Clienti che corrispondono a “${q}”`,
      range: (from: number, to: number, total: number, o: { archived: boolean; ranked: boolean; more: boolean }) =>
        `${n(from)}–${n(to)} di ${n(total)}${o.more ? "+" : ""} · ${o.ranked ? "prima i risultati migliori" : "per nome"}${o.archived ? " · inclusi i clienti archiviati" : ""} · usa il menu ⋯ di un cliente per aprirlo o modificarlo`,
      more: "Ci sono più clienti corrispondenti di quanti se ne possano ordinare: scrivi più lettere del nome, dell'email o del numero per restringere.",
      empty: (q: string) =>
        q
          ? `Nessun cliente corrisponde a “${q}”: né un nome, un dominio email, una partita IVA o un numero di telefono, né nome, email o telefono di un contatto. Controlla come è scritto, oppure \`/customer show ${q}\` per i nomi simili.`
          : "L'anagrafica clienti è vuota. Aggiungi un cliente con `/customer new`, oppure importa un file CSV con `/customer import`.",
      previous: "◀ Precedenti",
      next: "Successivi ▶",
      menu: { view: "Apri", edit: "Modifica dati", add_contact: "Aggiungi contatto", add_contract: "Aggiungi contratto" } as Record<string, string>,
      archivedBadge: "_archiviato_",
      noDomains: "nessun dominio email",
    },
    find: {
      several: (q: string) => `Più clienti corrispondono a “${q}”. Quale intendi?`,
      refine: (shown: number, total: number, q: string) =>
        `Ne mostro ${shown} di ${n(total)}. Scrivi più lettere del nome per restringere, oppure sfoglia con \`/customer list ${q}\`.`,
      none: (q: string) => `Nessun cliente corrisponde a “${q}”.`,
      didYouMean: "Intendevi uno di questi?",
      noSuggestions: "Nemmeno nulla di simile. Controlla come è scritto, oppure sfoglia con `/customer list`.",
      button: { show: "Apri", edit: "Modifica", history: "Cronologia" } as Record<string, string>,
    },
    card: {
      tabs: {
        overview: "Panoramica",
        contacts: (x: number) => `Contatti (${n(x)})`,
        contracts: (x: number) => `Contratti (${n(x)})`,
        history: "Cronologia",
      },
      archived: (when: Text): Mrkdwn =>
        md`:file_cabinet: *Archiviato* · ${when}. Non compare negli elenchi e nelle ricerche; contatti, contratti e cronologia sono conservati. Ripristinalo per poterlo modificare di nuovo.`,
      fields: {
        domains: "Domini email",
        rank: "Rango",
        businessId: "P. IVA / C.F.",
        phone: "Telefono",
        fax: "Fax",
        address: "Indirizzo",
        sla: "SLA",
        alertProfile: "Profilo avvisi",
      },
      noPrimary: "Ancora nessun contatto principale: sceglilo nella scheda Contatti (menu ⋯ di un contatto › Permessi…).",
      securityHeading: "Sicurezza",
      securityLine: (on: boolean) => `Ticket solo dal contatto principale: *${on ? "Sì" : "No"}*`,
      securityHelp:
        "Vale solo per i ticket creati da email: se è attivo, solo le email del contatto principale aprono nuovi ticket. I ticket aperti da Slack non sono interessati. Il contatto principale vede tutti i ticket di questo cliente.",
      securityNoPrimary: ":warning: Non c'è un contatto principale, quindi nessuna email apre ticket per questo cliente finché non ne viene scelto uno.",
      contractsHeading: "Contratti",
      noContracts: "Ancora nessun contratto.",
      moreContracts: (x: number) => `…e altri ${n(x)} nella scheda Contratti.`,
      contactsHeading: "Contatti",
      moreContacts: (x: number) => `…e altri ${n(x)} nella scheda Contatti.`,
      notesHeading: "Note",
      ticketsHeading: "Ticket",
      ticketsLine: (open: number, pending: number, name: string) =>
        open + pending === 0
          ? `Nessun ticket aperto. \`/ticket new\` ne apre uno.`
          : `${n(open)} ${C.plural(open, { one: "aperto", other: "aperti" })} · ${n(pending)} in attesa — \`/ticket list ${name}\` li elenca.`,
      created: (user: string, when: Text): Mrkdwn => md`Aggiunto da ${mention(user)} · ${when}`,
      buttons: {
        edit: "Modifica dati",
        addContact: "Aggiungi contatto",
        addContract: "Aggiungi contratto",
        sla: "SLA e avvisi",
        security: "Sicurezza",
        archive: "Archivia",
        restore: "Ripristina",
      },
      archiveConfirm: {
        title: "Archiviare questo cliente?",
        text: (name: string) =>
          `*${name}* non comparirà più negli elenchi e nelle ricerche. Contatti, contratti e cronologia sono conservati, e un amministratore può ripristinarlo in qualsiasi momento.`,
        confirm: "Archivia",
        deny: "Annulla",
      },
      range: (from: number, to: number, total: number) => `${n(from)}–${n(to)} di ${n(total)}`,
      previous: "◀ Precedenti",
      next: "Successivi ▶",
      contacts: {
        none: "Ancora nessun contatto.",
        primaryBadge: ":star: *Contatto principale*",
        menu: { edit: "Modifica", permissions: "Permessi…", remove: "Rimuovi" } as Record<string, string>,
      },
      contracts: {
        none: "Ancora nessun contratto.",
        menu: { edit: "Modifica", make_default: "Rendi predefinito", deactivate: "Disattiva", reactivate: "Riattiva" } as Record<string, string>,
      },
      historyNone: "Nessuna modifica registrata finora.",
    },
    history: {
      entity: {
        customer: "Cliente",
        contact: (name: string) => `Contatto ${name}`,
        contract: (name: string) => `Contratto ${name}`,
      },
      removedContact: "(rimosso)",
      action: {
        created: "aggiunto",
        updated: "modificato",
        deleted: "rimosso",
        archived: "archiviato",
        restored: "ripristinato",
        primary_set: "contatto principale cambiato",
        deactivated: "disattivato",
        reactivated: "riattivato",
      } as Record<string, string>,
      line: (when: Text, actor: string, what: string, action: string): Mrkdwn => md`*${what}* ${action} da ${mention(actor)} · ${when}`,
      change: (field: string, before: Text, after: Text): Mrkdwn => md`• ${field}: ${before} → ${after}`,
      moreChanges: (x: number) => `• …e altre ${n(x)}`,
      fieldLabels: {
        name: "Nome",
        domains: "Domini email",
        rank: "Rango",
        businessId: "P. IVA / C.F.",
        phone: "Telefono",
        fax: "Fax",
        address: "Indirizzo",
        city: "Città",
        state: "Provincia",
        zip: "CAP",
        country: "Paese",
        notes: "Note",
        language: "Lingua delle email",
        ticketsOnlyFromPrimary: "Ticket solo dal contatto principale",
        sla: "SLA",
        alertProfile: "Profilo avvisi",
        primaryContact: "Contatto principale",
        archivedAt: "Archiviato",
        firstName: "Nome",
        lastName: "Cognome",
        email: "Email",
        mobile: "Cellulare",
        jobTitle: "Ruolo",
        department: "Reparto",
        type: "Tipo",
        quantity: "Quantità",
        rateCents: "Canone",
        hourlyRateCents: "Tariffa oraria",
        overageRateCents: "Tariffa oltre il monte",
        amountCents: "Importo",
        hoursCentis: "Ore",
        estimatedHoursCentis: "Ore stimate",
        rollOver: "Riporto",
        billingPeriod: "Periodicità di fatturazione",
        deviceCategory: "Categoria dispositivi",
        gbCategory: "Categoria backup",
        startDate: "Data di inizio",
        endDate: "Data di fine",
        active: "Attivo",
        isDefault: "Predefinito",
        taxable: "Soggetto a IVA",
      } as Record<string, string>,
    },
    forms: {
      save: "Salva",
      editTitle: "Modifica cliente",
      addContactTitle: "Aggiungi contatto",
      editContactTitle: "Modifica contatto",
      addContractTitle: "Aggiungi contratto",
      editContractTitle: "Modifica contratto",
      slaTitle: "SLA e profilo avvisi",
      securityTitle: "Sicurezza",
      ofCustomer: (name: string) => `Cliente: *${name}*`,
      primaryByPermissions: "Per rendere questa persona il contatto principale, usa Permessi… nel suo menu ⋯.",
      securityLabel: "Ticket solo dal contatto principale",
      securityCheckbox: "Solo le email del contatto principale aprono nuovi ticket",
      securityHint:
        "Vale solo per i ticket creati da email; i ticket aperti da Slack non sono interessati. Il contatto principale vede tutti i ticket di questo cliente.",
      securityPrimary: (name: string | undefined) => (name ? `Contatto principale: *${name}*` : "Contatto principale: *non ancora scelto*"),
      permissionsTitle: "Permessi del contatto",
      permissionsOf: (name: string, email: string, customer: string) => `*${name}* · ${email}\nContatto di *${customer}*`,
      isPrimary: ":star: Questa persona è il *contatto principale* del cliente.",
      notPrimary: (current: string | undefined) =>
        current ? `Non è il contatto principale. Il contatto principale ora è *${current}*.` : "Non è il contatto principale. Questo cliente non ha ancora un contatto principale.",
      setPrimary: "Imposta come principale",
      primaryHelp:
        "Il contatto principale vede tutti i ticket del cliente. Quando per il cliente è attivo “Ticket solo dal contatto principale”, solo le sue email aprono nuovi ticket (i ticket aperti da Slack non sono interessati). Un cliente ha un solo contatto principale.",
      removeTitle: "Rimuovi contatto",
      removeSubmit: "Rimuovi",
      removeText: (name: string, email: string, customer: string) =>
        `Rimuovere *${name}* (${email}) da *${customer}*? Il contatto viene eliminato; la cronologia delle modifiche ne conserva i dati.`,
      removePrimaryWarning: ":warning: È il contatto principale del cliente. Dopo la rimozione il cliente resta senza contatto principale finché non ne scegli uno.",
      notSavedTitle: "Non salvato",
    },
    notice: {
      nothingChanged: "Nessuna modifica.",
      customerSaved: (name: string, fields: number) => `:white_check_mark: ${countOf(fields, "modifica salvata", "modifiche salvate")} su *${name}*.`,
      contactAdded: (name: string, customer: string) => `:white_check_mark: *${name}* aggiunto a *${customer}*.`,
      contactAddedPrimary: (name: string, customer: string) => `:white_check_mark: *${name}* aggiunto a *${customer}* come contatto principale.`,
      contactSaved: (name: string) => `:white_check_mark: *${name}* salvato.`,
      contactRemoved: (name: string, customer: string) => `:white_check_mark: *${name}* rimosso da *${customer}*.`,
      alreadyPrimary: (name: string) => `*${name}* è già il contatto principale.`,
      primarySet: (name: string, customer: string, previous: string | undefined) =>
        `:white_check_mark: *${name}* è ora il contatto principale di *${customer}*${previous ? ` (al posto di ${previous})` : ""}.`,
      securityOn: (name: string) => `:white_check_mark: *${name}*: i ticket via email ora arrivano solo dal contatto principale.`,
      securityOff: (name: string) => `:white_check_mark: *${name}*: i ticket via email arrivano di nuovo da tutti i suoi contatti.`,
      slaSaved: (name: string, sla: string, profile: string) => `:white_check_mark: *${name}* ha ora lo SLA *${sla}* e il profilo avvisi *${profile}*.`,
      contractAdded: (name: string, customer: string) => `:white_check_mark: Contratto *${name}* aggiunto a *${customer}*.`,
      contractSaved: (name: string) => `:white_check_mark: Contratto *${name}* salvato.`,
      contractDeactivated: (name: string) => `:white_check_mark: Il contratto *${name}* non è più attivo: resta registrato, ma non viene fatturato.`,
      contractReactivated: (name: string) => `:white_check_mark: Il contratto *${name}* è di nuovo attivo.`,
      contractDefault: (name: string) => `:white_check_mark: *${name}* è ora il contratto predefinito.`,
      alreadyDefault: (name: string) => `*${name}* è già il contratto predefinito.`,
      inactiveNotDefault: (name: string) => `*${name}* non è attivo; riattivalo prima di renderlo predefinito.`,
      archived: (name: string) => `:white_check_mark: *${name}* è archiviato.`,
      alreadyArchived: (name: string) => `*${name}* era già archiviato.`,
      restored: (name: string) => `:white_check_mark: *${name}* è ripristinato e torna negli elenchi.`,
      notArchived: (name: string) => `*${name}* non è archiviato.`,
    },
    errors: {
      customerGone: "Questo cliente non esiste più.",
      contactGone: "Nel frattempo questo contatto è stato rimosso. Non è stato cambiato nulla.",
      contractGone: "Questo contratto non esiste più. Non è stato cambiato nulla.",
      archived: (name: string) => `*${name}* è archiviato, quindi non può essere modificato. Un amministratore può prima ripristinarlo dalla sua scheda.`,
      domainTakenMeanwhile: "Uno di questi domini è appena stato assegnato a un altro cliente. Controlla i domini e salva di nuovo.",
      emailTaken: (email: string, customer: string) => `${email} è già un contatto${customer ? ` di ${customer}` : ""}. Modifica quel contatto.`,
      needsPrimary: "Scegli prima un contatto principale (scheda Contatti › menu ⋯ di un contatto › Permessi…): con questa opzione attiva e nessun contatto principale, nessuna email aprirebbe un ticket.",
      contractTypeNeeded: "Scegli un tipo di contratto.",
      inactiveDefault: "Un contratto non attivo non può essere predefinito. Spunta Attivo, oppure togli Predefinito.",
      stale: "Questo messaggio non è aggiornato. Esegui di nuovo il comando.",
    },
  },
  slaAdmin: {
    help: [
      "*Con `/sla` puoi:*",
      "• `/sla list` — vedere tutti gli SLA: obiettivi, orario lavorativo e clienti che li usano",
      "• `/sla new` — creare uno SLA (amministratori)",
      "• `/sla edit <nome>` — cambiare nome, obiettivi o orario lavorativo di uno SLA (amministratori)",
      "• `/sla profiles` — vedere i profili soglie di avviso: quando vengono generati gli avvisi di monitoraggio e con quale gravità",
      "• `/sla profiles new` · `/sla profiles edit <nome>` — creare o modificare un profilo avvisi (amministratori)",
      "• `/sla summary [today|week|month]` — vedere come stanno andando gli SLA, per cliente: aperti, a rischio, violati, rispetto degli obiettivi e tempi mediani, la variazione sul periodo precedente e i grafici degli ultimi 12 periodi (amministratori e responsabili)",
      "• `/sla trend <cliente>` — vedere le ultime 12 settimane di un cliente: risposte e risoluzioni nei tempi e violazioni, con un grafico (amministratori e responsabili)",
      "• `/sla help` — questo elenco",
      "Gli amministratori trovano anche i pulsanti *SLA* e *Profili avvisi* nella scheda Home dell'app. Gli elenchi hanno pulsanti per modificare, rendere predefinito ed eliminare.",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `Non conosco \`/sla ${sub}\`.`,
    can: {
      create: "creare SLA",
      edit: "modificare gli SLA",
      makeDefault: "scegliere lo SLA predefinito",
      delete: "eliminare SLA",
      createProfile: "creare profili soglie di avviso",
      editProfile: "modificare i profili soglie di avviso",
      makeDefaultProfile: "scegliere il profilo soglie di avviso predefinito",
      deleteProfile: "eliminare profili soglie di avviso",
    },
    whichSla: "Quale SLA? Scrivi `/sla edit <nome>`, ad esempio `/sla edit Standard`. `/sla list` mostra tutti gli SLA.",
    notFound: (name: string, known: string[]) => `Non esiste uno SLA di nome "${name}". Gli SLA sono: ${known.join(", ") || "nessuno"}.`,
    gone: "Nel frattempo questo SLA è stato eliminato. Non è stato salvato nulla.",
    listHeader: "SLA",
    listIntro: "Gli obiettivi sono prima risposta / risoluzione, in tempo lavorativo secondo il calendario di ciascuno SLA (1g = 8 ore lavorative).",
    defaultTag: "predefinito per i nuovi clienti",
    targets: (parts: string[]) => `Obiettivi: ${parts.join(" · ")}`,
    target: (priority: string, response: string, resolution: string) => `${priority} ${response} / ${resolution}`,
    hours: (timeZone: string, days: string) => `Orario lavorativo (${timeZone}): ${days}`,
    noHours: "nessuno",
    usedBy: (count: number, names: string[]) =>
      `Usato da ${countOf(count, "cliente", "clienti")}: ${names.join(", ")}${count > names.length ? ` e altri ${n(count - names.length)}` : ""}`,
    unused: "Non usato da nessun cliente.",
    more: (x: number) => `…e altri ${x}. Scrivi \`/sla edit <nome>\` per aprirne uno.`,
    editButton: "Modifica",
    makeDefaultButton: "Rendi predefinito",
    deleteButton: "Elimina",
    newButton: "Nuovo SLA",
    profilesButton: "Profili avvisi",
    confirmDeleteTitle: "Eliminare questo SLA?",
    confirmDelete: (name: string, count: number, fallback: string) =>
      count > 0
        ? `${name} verrà eliminato. ${C.plural(count, { one: "Il suo cliente passa", other: `I suoi ${n(count)} clienti passano` })} allo SLA predefinito, ${fallback}.`
        : `${name} verrà eliminato. Nessun cliente lo usa.`,
    confirmYes: "Elimina",
    confirmNo: "Tienilo",
    created: (name: string) => `:white_check_mark: SLA *${name}* creato.`,
    saved: (name: string) => `:white_check_mark: SLA *${name}* salvato.`,
    madeDefault: (name: string) => `:white_check_mark: *${name}* è ora lo SLA predefinito per i nuovi clienti.`,
    deleted: (name: string, moved: number, fallback: string) =>
      `:wastebasket: SLA *${name}* eliminato.${moved > 0 ? ` ${C.plural(moved, { one: "Il suo cliente usa", other: `I suoi ${n(moved)} clienti usano` })} ora *${fallback}*.` : ""}`,
    defaultNotDeletable: (name: string, customers: number) =>
      customers > 0
        ? `:no_entry: *${name}* è lo SLA predefinito e ${C.plural(customers, { one: "lo usa 1 cliente", other: `lo usano ${n(customers)} clienti` })}, quindi non può essere eliminato. Rendi prima predefinito un altro SLA; eliminando poi ${name}, i suoi clienti passano al nuovo predefinito.`
        : `:no_entry: *${name}* è lo SLA predefinito per i nuovi clienti, quindi non può essere eliminato. Rendi prima predefinito un altro SLA.`,
    listModalTitle: "SLA",
    form: {
      newTitle: "Nuovo SLA",
      editTitle: "Modifica SLA",
      submit: "Salva SLA",
      editing: (name: string, customers: number) =>
        customers > 0 ? `Stai modificando *${name}*, usato da ${countOf(customers, "cliente", "clienti")}. Le modifiche valgono per tutti.` : `Stai modificando *${name}*.`,
      hoursHeading: "*Orario lavorativo*, nel fuso orario indicato sopra: una fascia per giorno, ad esempio 09:00-17:00. Lascia vuoto un giorno di chiusura.",
      hoursHint: "HH:MM-HH:MM nel formato 24 ore. Vuoto = chiuso.",
      hoursPlaceholder: "09:00-17:00",
    },
    validation: {
      hours: "Inserisci l'orario come HH:MM-HH:MM, ad esempio 09:00-17:00, oppure lascia vuoto il giorno (chiuso).",
      noHours: "Indica l'orario lavorativo di almeno un giorno.",
    },
    profiles: {
      listHeader: "Profili soglie di avviso",
      listIntro: "Quando il monitoraggio genera un avviso per i dispositivi di un cliente, e con quale gravità. I nuovi clienti ricevono il profilo predefinito.",
      metrics: {
        cpu_percent: "Uso CPU",
        memory_percent: "Uso memoria",
        disk_free_percent: "Spazio libero su disco",
        agent_offline_minutes: "Agent offline",
      } as Record<string, string>,
      units: { cpu_percent: "%", memory_percent: "%", disk_free_percent: "%", agent_offline_minutes: " min" } as Record<string, string>,
      severities: { information: "Informazione", warning: "Avviso", critical: "Critico" } as Record<string, string>,
      thresholdLine: (metric: string, parts: string[]) => `${metric}: ${parts.join(" · ")}`,
      threshold: (severity: string, comparison: string, value: string) => `${severity} ${comparison} ${value}`,
      noThresholds: "Nessuna soglia: questo profilo non genera avvisi.",
      more: (x: number) => `…e altri ${x}. Scrivi \`/sla profiles edit <nome>\` per aprirne uno.`,
      whichProfile: "Quale profilo? Scrivi `/sla profiles edit <nome>`, ad esempio `/sla profiles edit Standard`. `/sla profiles` li elenca.",
      notFound: (name: string, known: string[]) => `Non esiste un profilo avvisi di nome "${name}". I profili sono: ${known.join(", ") || "nessuno"}.`,
      gone: "Nel frattempo questo profilo avvisi è stato eliminato. Non è stato salvato nulla.",
      newButton: "Nuovo profilo",
      slasButton: "SLA",
      confirmDeleteTitle: "Eliminare questo profilo?",
      confirmDelete: (name: string, count: number, fallback: string) =>
        count > 0
          ? `${name} verrà eliminato. ${C.plural(count, { one: "Il suo cliente passa", other: `I suoi ${n(count)} clienti passano` })} al profilo predefinito, ${fallback}.`
          : `${name} verrà eliminato. Nessun cliente lo usa.`,
      created: (name: string) => `:white_check_mark: Profilo avvisi *${name}* creato.`,
      saved: (name: string) => `:white_check_mark: Profilo avvisi *${name}* salvato.`,
      madeDefault: (name: string) => `:white_check_mark: *${name}* è ora il profilo avvisi predefinito per i nuovi clienti.`,
      deleted: (name: string, moved: number, fallback: string) =>
        `:wastebasket: Profilo avvisi *${name}* eliminato.${moved > 0 ? ` ${C.plural(moved, { one: "Il suo cliente usa", other: `I suoi ${n(moved)} clienti usano` })} ora *${fallback}*.` : ""}`,
      defaultNotDeletable: (name: string, customers: number) =>
        customers > 0
          ? `:no_entry: *${name}* è il profilo avvisi predefinito e ${C.plural(customers, { one: "lo usa 1 cliente", other: `lo usano ${n(customers)} clienti` })}, quindi non può essere eliminato. Rendi prima predefinito un altro profilo (Rendi predefinito); eliminando poi ${name}, i suoi clienti passano al nuovo predefinito.`
          : `:no_entry: *${name}* è il profilo avvisi predefinito per i nuovi clienti, quindi non può essere eliminato. Rendi prima predefinito un altro profilo.`,
      nameTaken: (name: string) => `Esiste già un profilo avvisi di nome "${name}".`,
      listModalTitle: "Profili avvisi",
      form: {
        newTitle: "Nuovo profilo avvisi",
        editTitle: "Modifica profilo avvisi",
        submit: "Salva profilo",
        name: { label: "Nome profilo", hint: `Obbligatorio e univoco. ${hintMax(LIMITS.name)}` },
        editing: (name: string, customers: number) =>
          customers > 0 ? `Stai modificando *${name}*, usato da ${countOf(customers, "cliente", "clienti")}. Le modifiche valgono per tutti.` : `Stai modificando *${name}*.`,
        intro: "Un valore per gravità; lascia vuota una gravità per non avere avvisi a quel livello. Un livello più grave richiede un valore peggiore.",
        metricHeading: (metric: string, rule: string) => `*${metric}* — ${rule}`,
        rule: {
          cpu_percent: "avviso quando l'uso raggiunge o supera il valore (percentuale, 0–100)",
          memory_percent: "avviso quando l'uso raggiunge o supera il valore (percentuale, 0–100)",
          disk_free_percent: "avviso quando lo spazio libero scende al valore o sotto (percentuale, 0–100)",
          agent_offline_minutes: "avviso quando l'agent è offline da almeno questi minuti",
        } as Record<string, string>,
        fieldLabel: (metric: string, severity: string) => `${metric} — ${severity}`,
      },
      validation: {
        range: (min: number, max: number) => `Inserisci un numero intero da ${n(min)} a ${n(max)}.`,
        mustBeHigher: (other: string, value: number) => `Deve essere maggiore di ${other} (${value}): un avviso più grave richiede un valore peggiore.`,
        mustBeLower: (other: string, value: number) => `Deve essere minore di ${other} (${value}): un avviso più grave richiede un valore peggiore.`,
      },
    },
  },
  find: {
    title: "Trova un cliente",
    close: "Chiudi",
    placeholder: "Scrivi nome, email, telefono…",
    intro: "Scrivi qualsiasi parte di un nome, un dominio email, una partita IVA o un numero di telefono, oppure nome o email di un contatto, poi scegli il cliente.",
    showCard: (name: string) => `\`/customer show ${name}\` apre la sua scheda in una conversazione, dove gli amministratori possono modificarla.`,
    gone: "Questo cliente non esiste più. Scegline un altro.",
  },
  search: {
    reason: {
      domain: (domain: string) => `dominio: ${domain}`,
      business_id: (value: string) => `P. IVA / C.F.: ${value}`,
      phone: (value: string) => `telefono: ${value}`,
      fax: (value: string) => `fax: ${value}`,
      contact: {
        name: (name: string) => `contatto: ${name}`,
        email: (name: string, email: string) => `contatto: ${name} <${email}>`,
        phone: (name: string, phone: string) => `contatto: ${name}, telefono ${phone}`,
        mobile: (name: string, mobile: string) => `contatto: ${name}, cellulare ${mobile}`,
      },
    },
  },
  home: {
    header: "Customer Book",
    adminIntro: "La tua anagrafica clienti a colpo d'occhio. Solo gli amministratori vedono questi conteggi e pulsanti.",
    tickets: (open: number, pending: number, unassigned: number) =>
      `*Ticket:* *${n(open)}* ${C.plural(open, { one: "aperto", other: "aperti" })} · ${n(pending)} in attesa` +
      (unassigned > 0 ? ` · :warning: ${n(unassigned)} senza cliente (\`/ticket list triage\`)` : "") +
      " — `/ticket list`, `/sla summary`",
    counts: (customers: number, contacts: number, archived: number) =>
      `*${n(customers)}* ${C.plural(customers, { one: "cliente", other: "clienti" })} · *${n(contacts)}* ${C.plural(contacts, { one: "contatto", other: "contatti" })}${archived > 0 ? ` · ${n(archived)} ${C.plural(archived, { one: "archiviato", other: "archiviati" })}` : ""}`,
    contracts: (parts: string[]) => (parts.length ? `*Contratti per tipo:* ${parts.join(" · ")}` : "*Contratti per tipo:* ancora nessuno"),
    contractPart: (label: string, x: number) => `${label} *${n(x)}*`,
    buttons: { newCustomer: "Nuovo cliente", import: "Importa", templates: "Scarica i modelli", slas: "SLA", alertProfiles: "Profili avvisi", findCustomer: "Trova un cliente" },
    recentHeader: "Creati o modificati di recente",
    recentLine: (name: string, created: boolean, when: string) => `• *${name}* — ${created ? "creato" : "modificato"} ${when}`,
    recentEmpty: "Ancora nessun cliente. Premi *Nuovo cliente*, oppure *Importa* per caricare un file CSV.",
    customersHeader: "Clienti",
    readOnly: "Sola lettura: qui puoi consultare i clienti. Per modificare qualcosa, chiedi a un amministratore di Customer Book.",
    search: {
      label: "Cerca clienti",
      hint: "Scrivi qualsiasi parte di un nome, un dominio email, una partita IVA o un numero di telefono, oppure nome o email di un contatto, e premi Invio. Vuoto mostra tutti i clienti.",
      placeholder: "rossi",
    },
    range: (from: number, to: number, total: number, query: string, more = false) =>
      query
        ? `Clienti che corrispondono a “${query}”, prima i migliori: ${n(from)}–${n(to)} di ${n(total)}${more ? "+ (scrivi di più per restringere)" : ""}`
        : `Clienti ${n(from)}–${n(to)} di ${n(total)}`,
    none: (query: string) => (query ? `Nessun cliente corrisponde a “${query}”.` : "Ancora nessun cliente."),
    customerLine: (name: string, domains: string[]) => `*${name}*${domains.length ? `  ·  ${domains.join(", ")}` : ""}`,
    previous: "◀ Precedenti",
    next: "Successivi ▶",
    justNow: "poco fa",
    minutesAgo: (x: number) => `${x} min fa`,
    hoursAgo: (x: number) => `${x} h fa`,
    onDate: (date: string) => `il ${date}`,
    refusedTitle: "Solo amministratori",
  },
  customerEmail: {
    subjectPrefix: "R:",
    greeting: (name: string | null) => (name ? `Gentile ${name},` : "Buongiorno,"),
    signature: (from: string | null) => (from ? `\n\n${from}` : ""),
    acknowledgement: (o: { name: string | null; number: number; subject: string; dueAt: Date; timeZone: string; from: string | null }) =>
      [
        o.name ? `Gentile ${o.name},` : "Buongiorno,",
        "",
        `abbiamo ricevuto la sua email e aperto il ticket #${o.number}: "${o.subject}".`,
        `Può attendersi una prima risposta entro ${dueText(o.dueAt, o.timeZone, LANGUAGE_TAG.it)}.`,
        "",
        `Per aggiungere informazioni al ticket risponda a questa email lasciando [#${o.number}] nell'oggetto.`,
        "Questo è un messaggio automatico.",
      ].join("\n") + (o.from ? `\n\n${o.from}` : ""),
    resolved: (o: { name: string | null; number: number; subject: string; from: string | null }) =>
      [
        o.name ? `Gentile ${o.name},` : "Buongiorno,",
        "",
        `il ticket #${o.number} "${o.subject}" è stato risolto.`,
        "Se il problema non è risolto, risponda a questa email: il ticket verrà riaperto.",
        "Questo è un messaggio automatico.",
      ].join("\n") + (o.from ? `\n\n${o.from}` : ""),
  },
  tickets: {
    priority: (p: TicketPriority) => TICKET_PRIORITY[p],
    status: (s: TicketStatus) => TICKET_STATUS[s],
    source: (s: TicketSource) => TICKET_SOURCE[s],
    timerState: (s: TimerState) => TICKET_STATE[s],
    timer: (label: string, v: { state: TimerState; dueAt: Date; minutesLeft: number }, stoppedAt: Date | null): Mrkdwn => {
      const left = v.minutesLeft >= 0 ? `mancano ${formatMinutes(v.minutesLeft)}` : `in ritardo di ${formatMinutes(v.minutesLeft)}`;
      const margin =
        v.state === "met" ? `con ${formatMinutes(v.minutesLeft)} di margine` : v.state === "missed" ? `in ritardo di ${formatMinutes(v.minutesLeft)}` : left;
      const when = stoppedAt ? md`fatto ${slackDate(stoppedAt)} (scadenza ${slackDate(v.dueAt)})` : md`scadenza ${slackDate(v.dueAt)}`;
      return md`*${label}:* ${when} · ${TICKET_STATE[v.state]} — ${margin}`;
    },
    emailOut: {
      someone: "qualcuno",
      replyPrefix: "R:",
      off: "L'invio di email ai clienti è disattivato, quindi da Slack non si può inviare nulla. Un amministratore imposta SMTP_URL ed EMAIL_FROM (README, Configuration) per attivarlo.",
      button: "Rispondi al cliente",
      modal: {
        title: "Rispondi al cliente",
        submit: "Invia email",
        close: "Annulla",
        to: (email: string, name: string | null): Mrkdwn => (name ? md`*A:* ${name} ${mailto(email)}` : md`*A:* ${mailto(email)}`),
        cc: "CC",
        ccHint: "Altri contatti del cliente che devono ricevere anche loro l'email.",
        lastEmail: (from: string, text: string): Text => md`*La sua ultima email* (${from}):\n>${clipText(text.trim(), 600).replace(/\n/g, "\n>")}`,
        noEmail: "_Il cliente non ha scritto via email su questo ticket: la risposta apre la conversazione._",
        body: "Risposta",
        bodyHint: "Inviata al cliente come email: *grassetto*, _corsivo_, elenchi e link funzionano. Le risposte nella discussione restano note interne.",
        then: "Poi",
        thenOptions: { keep: "Lascia il ticket com'è", pending: "Metti in attesa (aspetta il cliente)", resolved: "Risolvi il ticket" },
      },
      shortcut: {
        title: "Invia al cliente",
        submit: "Invia",
        close: "Annulla",
        confirm: (email: string): Mrkdwn => md`Inviare questo messaggio a ${mailto(email)} come risposta sul ticket?`,
        notInTicket: "Invia al cliente funziona sui messaggi della discussione di un ticket nel canale dei ticket. Apri la discussione del ticket e usalo su un messaggio lì.",
        empty: "Questo messaggio non ha testo da inviare.",
        cut: (kept: number, total: number) => `Vengono inviati solo i primi ${n(kept)} dei suoi ${n(total)} caratteri; per una risposta più lunga usa Rispondi al cliente.`,
        already: (email: string): Mrkdwn => md`Questo messaggio è già stato inviato a ${mailto(email)}; non viene inviato due volte.`,
      },
      refusals: {
        not_found: "Questo ticket non esiste più.",
        closed: (x: number) => `Il ticket #${x} è chiuso: riaprilo per scrivere al cliente.`,
        no_recipient: (x: number) => `Il ticket #${x} non ha un indirizzo del cliente: scegli prima il cliente e un contatto.`,
        empty: "Scrivi la risposta: l'email non può essere vuota.",
        bad_cc: (email: string) => `${email} non è un contatto di questo cliente: scegli gli indirizzi in CC dall'elenco.`,
        duplicate: "Questa risposta è già stata inviata; non viene inviata due volte.",
      },
      note: (to: string, cc: readonly string[], userId: string | null, snippet: string, state: Text): Mrkdwn =>
        md`:email: Email inviata a ${mailto(to)}${cc.length ? md` (CC ${cc.join(", ")})` : ""}${userId ? md` da ${mention(userId)}` : ""}: ${clipText(snippet.replace(/\s+/g, " ").trim(), 300)}\n${state}`,
      automaticNote: (kind: "acknowledgement" | "resolved", to: string, state: Text): Mrkdwn =>
        md`:email: ${kind === "acknowledgement" ? "Conferma di ricezione" : "Avviso di risoluzione"} inviata a ${mailto(to)}\n${state}`,
      state: {
        sending: "_:hourglass_flowing_sand: Invio in corso…_",
        retrying: (error: string) => `_:hourglass_flowing_sand: Il server di posta non l'ha ancora accettata (${clipText(error, 200)}); nuovo tentativo in corso._`,
        sent: "_:white_check_mark: Accettata dal server di posta._",
        partly: (refused: readonly { email: string; response: string }[]) =>
          `_:warning: Accettata per gli altri, rifiutata per ${refused.map((r) => `${r.email} (${clipText(r.response, 200)})`).join(", ")}._`,
        failed: (reason: string) => `:x: *Rifiutata dal server di posta:* ${clipText(reason, 400)}`,
      },
      ticketFailure: (to: string, reason: string): Mrkdwn => md`:x: *L'email a ${mailto(to)} è stata rifiutata:* ${clipText(reason, 300)}`,
      unverified:
        ":warning: *Mittente non verificato:* non è stato possibile verificare il mittente dell'email (DMARC non superato, oppure SPF e DKIM): l'indirizzo del mittente potrebbe essere falsificato. Verifica con il cliente prima di agire.",
      internalNotes:
        "Le risposte in questa discussione sono note interne: il cliente non le vede. Per rispondere al cliente usa *Rispondi al cliente* sul ticket, oppure *Invia al cliente* nel menu ⋯ di un messaggio.",
      event: (who: Text, body: string | null): Mrkdwn => {
        let to = "";
        try {
          const v = JSON.parse(body ?? "") as { to?: unknown };
          if (typeof v.to === "string") to = v.to;
        } catch {
          /* an old or odd record */
        }
        return to ? md`email inviata a ${to} da ${who}` : md`email inviata al cliente da ${who}`;
      },
    },
    emailNotes: {
      replyNote: (from: string) => `Risposta via email da ${from}.`,
      reopenedNote: (from: string) => `Riaperto da una risposta via email di ${from}.`,
      resumedNote: (from: string) => `Non più in attesa: ${from} ha risposto via email.`,
      unverifiedNote: (note: string, verdicts: string) => `${note} Mittente non verificato (${verdicts}): preso solo come commento, perché l'indirizzo del mittente potrebbe essere falsificato.`,
      trustDetail: (d: TrustDetail | string): string => {
        if (typeof d === "string") return d;
        switch (d.code) {
          case "verdicts":
            return `${d.parts.map((p) => (p.domain !== undefined ? `${p.method}=pass(${p.domain}, non ${p.fromDomain ?? "?"})` : `${p.method}=${p.result}`)).join(" ")} (${d.by})`;
          case "no_verdict":
            return `nessun esito da ${d.server}`;
          case "unreadable":
            return `Authentication-Results di ${d.server} illeggibile`;
          case "several_postmark":
            return "più intestazioni Received-SPF o X-Spam-Tests (quelle di Postmark non si distinguono da quelle del mittente)";
        }
      },
    },
    paused: "_Tempi SLA sospesi mentre il ticket è in attesa._",
    labels: {
      customer: "Cliente",
      contact: "Contatto",
      priority: "Priorità",
      status: "Stato",
      source: "Origine",
      opened: "Aperto",
      response: "Prima risposta",
      resolution: "Risoluzione",
      sla: "SLA",
    },
    unassigned: ":warning: Senza cliente — scegli il cliente",
    noContact: "—",
    requester: (name: string | null, email: string): Mrkdwn => (name ? md`${name} ${mailto(email)}` : mailto(email)),
    openedBy: (userId: string): Mrkdwn => mention(userId),
    title: (number: number, subject: string) => `#${number} ${subject}`,
    fallback: (number: number, subject: string, status: TicketStatus) => `Ticket #${number}: ${subject} (${TICKET_STATUS[status]})`,
    descriptionCut: (shown: number, total: number) => `_… descrizione tagliata: mostrati ${n(shown)} di ${n(total)} caratteri._`,
    noDescription: "_Nessuna descrizione._",
    buttons: {
      respond: "Rispondi",
      pending: "In attesa",
      resume: "Riprendi",
      resolve: "Risolvi",
      reopen: "Riapri",
      close: "Chiudi",
      priorityPlaceholder: "Imposta la priorità",
      customerPlaceholder: "Scegli il cliente",
    },
    notes: {
      responded: (userId: string): Mrkdwn => md`:speech_balloon: Prima risposta registrata da ${mention(userId)}.`,
      pending: (userId: string): Mrkdwn => md`:double_vertical_bar: ${mention(userId)} ha messo il ticket in attesa: i tempi SLA sono sospesi.`,
      resumed: (userId: string): Mrkdwn => md`:arrow_forward: ${mention(userId)} ha ripreso il ticket: i tempi SLA ripartono.`,
      resolved: (userId: string): Mrkdwn => md`:white_check_mark: Risolto da ${mention(userId)}.`,
      reopened: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Riaperto da ${mention(userId)}.`,
      closed: (userId: string): Mrkdwn => md`:lock: Chiuso da ${mention(userId)}.`,
      priority: (userId: string, from: TicketPriority, to: TicketPriority): Mrkdwn =>
        md`:arrows_counterclockwise: ${mention(userId)} ha cambiato la priorità da ${TICKET_PRIORITY[from]} a ${TICKET_PRIORITY[to]}; le scadenze sono state ricalcolate.`,
      customer: (userId: string, name: string): Mrkdwn => md`:office: ${mention(userId)} ha assegnato il ticket a *${name}*; ora le scadenze seguono il suo SLA.`,
      reopenedByContact: (userId: string): Mrkdwn => md`:leftwards_arrow_with_hook: Riaperto: ha risposto ${mention(userId)}, un contatto del cliente.`,
      resumedByContact: (userId: string): Mrkdwn => md`:arrow_forward: Ripreso: ha risposto ${mention(userId)}, un contatto del cliente.`,
    },
    stale: {
      already: (number: number, status: TicketStatus) => `Il ticket #${number} è già ${TICKET_STATUS[status].toLowerCase()}; nessuna modifica. Il ticket è mostrato com'è ora.`,
      alreadyResponded: (number: number) => `Il ticket #${number} ha già la prima risposta; nessuna modifica.`,
      respondByEmail: (number: number) =>
        `Il ticket #${number} è arrivato via email: la prima risposta è la prima che raggiunge il cliente, quindi Rispondi non la registra. Rispondi con *Rispondi al cliente*: il tempo SLA si ferma quando il server di posta la accetta.`,
      alreadyPriority: (number: number, p: TicketPriority) => `Il ticket #${number} ha già priorità ${TICKET_PRIORITY[p]}; nessuna modifica.`,
      notAllowed: (number: number, status: TicketStatus) =>
        `Non si applica al ticket #${number} mentre è ${TICKET_STATUS[status].toLowerCase()}; nessuna modifica. Il ticket è mostrato com'è ora, con le azioni che consente.`,
      notFound: "Questo ticket non esiste più.",
      customerGone: "Questo cliente non esiste più o è archiviato. Scegline un altro.",
      sameCustomer: (number: number, name: string) => `Il ticket #${number} è già assegnato a ${name}; nessuna modifica.`,
    },
    help: [
      "*Con `/ticket` puoi:*",
      "• `/ticket new` — aprire un ticket: cliente, contatto, oggetto, descrizione e priorità",
      "• `/ticket list [cliente] [stato]` — elencare i ticket, dal più recente; lo stato è `open`, `pending`, `resolved`, `closed` o `all` (predefinito: aperti e in attesa); il cliente è un nome o il suo inizio, oppure `triage` per i ticket senza cliente",
      "• `/ticket show <numero>` — vedere dati, tempi SLA e cronologia recente di un ticket, con gli stessi pulsanti del suo messaggio nel canale dei ticket",
      "• `/ticket refused` — vedere le email che non hanno aperto un ticket, e perché (amministratori)",
      "• `/ticket help` — questo elenco",
    ].join("\n"),
    unknownSubcommand: (sub: string) => `Non conosco \`/ticket ${sub}\`.`,
    form: {
      title: "Nuovo ticket",
      submit: "Apri ticket",
      cancel: "Annulla",
      customer: "Cliente",
      customerHint: "Scrivi qualsiasi parte del nome, un dominio, una partita IVA o un numero di telefono, oppure nome o email di un contatto. Lascialo vuoto se non lo sai ancora: il ticket resta in smistamento (triage).",
      customerPlaceholder: "Cerca clienti",
      contact: "Contatto",
      contactHint: "Scegli prima il cliente, poi scrivi per selezionare uno dei suoi contatti.",
      contactPlaceholder: "Cerca tra i contatti del cliente",
      subject: "Oggetto",
      description: "Descrizione",
      priority: "Priorità",
      errors: {
        subjectRequired: "Scrivi un oggetto: una riga che dica cosa non va, ad esempio \"Stampante del 2° piano offline\".",
        subjectTooLong: (max: number) => `L'oggetto è troppo lungo: tienilo entro ${max} caratteri e metti i dettagli nella descrizione.`,
        descriptionTooLong: (max: number) => `La descrizione è troppo lunga: al massimo ${n(max)} caratteri.`,
        priority: "Scegli una priorità: bassa, media, alta o critica.",
        customerGone: "Questo cliente non esiste più. Scegline un altro.",
        customerArchived: (name: string) => `${name} è archiviato. Scegli un cliente attivo, oppure chiedi a un amministratore di ripristinarlo.`,
        contactWithoutCustomer: "Scegli prima il cliente: il contatto deve essere uno dei suoi.",
        contactNotOfCustomer: (name: string) => `Questo contatto non è tra i contatti di ${name}. Sceglilo di nuovo dopo aver scelto il cliente.`,
      },
    },
    opened: (number: number, subject: string, url: string | undefined): Mrkdwn =>
      md`:ticket: Il ticket *#${number}* è aperto: ${subject}${url ? md` — ${link(url, "aprilo nel canale dei ticket")}` : ""}.`,
    openedNoChannel: "Il canale dei ticket non è impostato (TICKETS_CHANNEL_ID), quindi non è stato pubblicato da nessuna parte; `/ticket show` lo trova.",
    list: {
      heading: (what: string, total: number) => `*Ticket — ${what}* (${n(total)})`,
      what: (statuses: string, customer: string | undefined) => (customer ? `${statuses}, ${customer}` : statuses),
      statuses: (s: readonly TicketStatus[] | "all") =>
        s === "all" ? "tutti gli stati" : s.map((x) => TICKET_STATUS_PLURAL[x].toLowerCase()).join(" e "),
      triage: "in smistamento (senza cliente)",
      none: "Nessun ticket corrisponde. Prova con un altro stato, ad esempio `/ticket list all`.",
      row: (number: number, subject: string, who: string, priority: TicketPriority, status: TicketStatus, extra: string) =>
        `*#${number}* ${subject}\n${who} · ${TICKET_PRIORITY[priority]} · ${TICKET_STATUS[status]}${extra}`,
      page: (from: number, to: number, total: number) => `Dal ${from} al ${to} di ${n(total)}.`,
      prev: "◀ Precedenti",
      next: "Successivi ▶",
      show: "*Apri* o `/ticket show <numero>` ne mostra uno, con i suoi pulsanti.",
      view: "Apri",
      badStatus: (word: string) => `"${word}" non è uno stato. Usa \`open\`, \`pending\`, \`resolved\`, \`closed\` o \`all\`.`,
      twoStatuses: "Indica al massimo uno stato: `open`, `pending`, `resolved`, `closed` o `all`.",
      expired: "Questo elenco non è aggiornato. Esegui di nuovo `/ticket list`.",
    },
    customerQuery: {
      none: (query: string, suggestions: string[]) =>
        `Nessun cliente corrisponde a "${query}".${suggestions.length ? ` Intendevi ${suggestions.map((s) => `*${s}*`).join(", ")}?` : " `/customer list` li mostra tutti."}`,
      many: (query: string, names: string[], total: number) =>
        `"${query}" corrisponde a ${n(total)} clienti: ${names.map((x) => `*${x}*`).join(", ")}${total > names.length ? ", …" : ""}. Scrivi più lettere del nome.`,
    },
    show: {
      usage: "`/ticket show` vuole il numero di un ticket, ad esempio `/ticket show 42`.",
      notFound: (number: number, last: number) =>
        last === 0
          ? `Il ticket #${number} non esiste: non è ancora stato aperto nessun ticket. \`/ticket new\` ne apre uno.`
          : `Il ticket #${number} non esiste. I numeri arrivano fino a #${last}; \`/ticket list\` mostra quelli aperti.`,
      history: "*Cronologia recente*",
      noHistory: "_Ancora nulla._",
      link: (url: string): Mrkdwn => link(url, "Apri il messaggio del ticket nel canale dei ticket"),
      notPosted: "_Non pubblicato in un canale dei ticket._",
      event: (kind: string, who: Text, body: string | null): Mrkdwn => {
        const parsed = parseChange(body);
        const status = (s: string | null) => (s ? (TICKET_STATUS[s as TicketStatus]?.toLowerCase() ?? s) : "—");
        const priority = (p: string | null) => (p ? (TICKET_PRIORITY[p as TicketPriority]?.toLowerCase() ?? p) : "—");
        switch (kind) {
          case "opened":
            return md`aperto da ${who}`;
          case "responded":
            return md`prima risposta di ${who}`;
          case "status":
            return parsed ? md`${status(parsed.to)} (era ${status(parsed.from)}) da ${who}` : md`stato cambiato da ${who}`;
          case "priority":
            return parsed ? md`priorità ${priority(parsed.from)} → ${priority(parsed.to)} da ${who}` : md`priorità cambiata da ${who}`;
          case "customer":
            return parsed ? md`cliente ${parsed.from ?? "nessuno"} → *${parsed.to}* da ${who}` : md`cliente cambiato da ${who}`;
          case "comment":
            return md`${who}: ${clipText(body ?? "", 300)}`;
          case "emailed":
            return it.tickets.emailOut.event(who, body);
          default:
            return md`${kind} da ${who}`;
        }
      },
      someone: "qualcuno",
      notice: (text: Text): Mrkdwn => md`:information_source: ${text}`,
    },
    refused: {
      onlyAdmins:
        "Solo gli amministratori di Customer Book possono vedere le email rifiutate. Sono amministratori gli amministratori e i proprietari del workspace, più le persone indicate in SLACK_ADMIN_USER_IDS.",
      none: "Di recente non è stata rifiutata nessuna email: ogni email da un mittente noto ha aperto un ticket o è stata aggiunta a uno.",
      heading: (x: number) => `*Email che non hanno aperto un ticket* (ultime ${x})`,
      row: (when: Text, from: Text, subject: string, customer: string | null, reason: string): Mrkdwn =>
        md`${when} · ${from}${customer ? ` · ${customer}` : ""}\n*${subject || "(nessun oggetto)"}*\n_${reason}_`,
      reason: (o: EmailRefusal): string => {
        switch (o.code) {
          case "primary_only":
            return o.primary
              ? `${o.customer} accetta ticket via email solo dal suo contatto principale (${o.primary}); ${o.sender} non è il contatto principale.`
              : `${o.customer} accetta ticket via email solo dal suo contatto principale, e non ne ha uno impostato; ${o.sender} non può aprire ticket.`;
          case "automatic":
            return `Inviata da un sistema automatico (${o.sign}), ad esempio una risposta di assenza o un messaggio di mancato recapito; la posta automatica non apre ticket e non aggiunge commenti.`;
          case "no_email_tickets":
            return `${o.contact} di ${o.customer} è impostato su "nessun ticket automatico da email".`;
          case "unverified":
            return `${o.sender} non ha dimostrato di aver inviato questa email (${it.tickets.emailNotes.trustDetail(o.why ?? o.verdicts)}): l'indirizzo del mittente potrebbe essere falsificato, e ${o.customer} accetta ticket via email solo dal suo contatto principale, quindi non ne è stato aperto nessuno. Se è autentica, chiedi all'amministratore di posta del mittente di correggere SPF, DKIM o DMARC.`;
        }
      },
      sender: (email: string, name: string | null): Mrkdwn => (!email ? md`_mittente sconosciuto_` : name ? md`${name} ${mailto(email)}` : mailto(email)),
    },
  },
  slaSummary: {
    /** a duration in business time: "4h 30m", "2g" */
    duration: (minutes: number) => formatDuration(minutes, "g"),
    /** a moment in the summary's time zone: "lun 30 nov, 13:00" (luxon, in this language) */
    when: (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).setLocale(LANGUAGE_TAG.it).toFormat("ccc d LLL, HH:mm"),
    periodName: { today: "oggi", week: "ultimi 7 giorni", month: "ultimi 30 giorni" } satisfies Record<SummaryPeriod, string>,
    header: (period: string) => `Riepilogo SLA — ${period}`,
    range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
    totals: (open: number, atRisk: number, breached: number, openChange = "") =>
      `*Aperti* ${n(open)}${openChange}   ·   *A rischio* ${n(atRisk)}   ·   *Violati* ${n(breached)}`,
    breachesInPeriod: (breaches: number, change: string) => `*Violazioni nel periodo* ${n(breaches)}${change} (scadenze SLA mancate)`,
    compliance: (label: "Response" | "Resolution", percent: string, inTime: number, total: number, median: string, percentChange = "", medianChange = "") => {
      const name = label === "Response" ? "Risposta" : "Risoluzione";
      return total === 0
        ? `*${name}* — nulla in questo periodo`
        : `*${name}* ${percent} nei tempi (${n(inTime)} su ${n(total)})${percentChange} · mediana ${median}${medianChange}`;
    },
    change: { up: (by: string) => ` ▲ ${by}`, down: (by: string) => ` ▼ ${by}`, same: (zero: string) => ` ±${zero}` },
    points: (p: number) => countOf(p, "punto", "punti"),
    count: (x: number) => n(x),
    comparedWith: (from: string, to: string) => `▲ ▼ rispetto al periodo precedente di pari durata, ${from} – ${to}.`,
    nothingToCompare: "Ancora nessun periodo precedente con cui confrontare: il primo ticket è arrivato dopo.",
    customersTitle: "*Clienti, dai più critici*",
    noCustomers: "Nessun ticket aperto, e nessun ticket ha avuto risposta o è stato risolto in questo periodo.",
    unassigned: "Senza cliente (smistamento)",
    customerLine: (name: string, f: { open: number; atRisk: number; breached: number }, response: string, resolution: string) =>
      `*${name}* — ${n(f.open)} ${C.plural(f.open, { one: "aperto", other: "aperti" })} · ${n(f.atRisk)} a rischio · ${n(f.breached)} ${C.plural(f.breached, { one: "violato", other: "violati" })} · risposta ${response} · risoluzione ${resolution}`,
    clockFigures: (percent: string, inTime: number, total: number, median: string) => (total === 0 ? "—" : `${percent} (${n(inTime)}/${n(total)}), mediana ${median}`),
    moreCustomers: (k: number) => `…e ${C.plural(k, { one: "un altro cliente", other: `altri ${n(k)} clienti` })}`,
    breachedTitle: "*Violati ora, dal più vecchio*",
    noBreaches: "Al momento non c'è nessuna violazione.",
    breachedLine: (ticket: Text, customer: string, clock: "response" | "resolution", since: string, paused: boolean): Mrkdwn =>
      md`• ${ticket} · ${customer} · ${clock === "response" ? "risposta" : "risoluzione"} scaduta dal ${since}${paused ? " (in attesa)" : ""}`,
    missedTitle: "*Mancati in questo periodo, dal più recente*",
    noMisses: "Nessun ticket ha mancato il suo obiettivo in questo periodo.",
    missedLine: (ticket: Text, customer: string, clock: "response" | "resolution", late: string): Mrkdwn =>
      md`• ${ticket} · ${customer} · ${clock === "response" ? "prima risposta" : "risolto"} ${late} oltre l'obiettivo (tempo lavorativo)`,
    ticketLabel: (number: number, subject: string) => `#${number} ${subject}`,
    fallback: (period: string, open: number, atRisk: number, breached: number, response: string, resolution: string) =>
      `Riepilogo SLA, ${period}: ${n(open)} aperti, ${n(atRisk)} a rischio, ${n(breached)} violati. Risposta nei tempi ${response}, risoluzione nei tempi ${resolution}.`,
    none: "—",
    usage: "Uso: `/sla summary [today|week|month]` (predefinito `week`). *today* è da mezzanotte, *week* gli ultimi 7 giorni, *month* gli ultimi 30 giorni.",
    unknownPeriod: (given: string) => `\`${given}\` non è un periodo che conosco.`,
    onlyManagers: "I riepiloghi SLA sono per i responsabili: gli amministratori di Customer Book e le persone in `SLA_MANAGER_USER_IDS`. Chiedi a un amministratore se ti servono.",
    failed: "Non sono riuscito a preparare il riepilogo SLA. Riprova tra un minuto; se continua a non funzionare, avvisa un amministratore.",
  },
  trend: {
    duration: (minutes: number) => formatDuration(minutes, "g"),
    trendTitle: (period: SummaryPeriod, count: number, customer?: string) =>
      customer === undefined ? `Andamento SLA — ${lastPeriods(period, count)}` : `Andamento SLA — ${customer}, ${lastPeriods(period, count)}`,
    range: (from: string, to: string, timeZone: string) => `${from} – ${to} (${timeZone})`,
    xAxis: { today: "Giorno", week: "Settimana fino al", month: "30 giorni fino al" } satisfies Record<SummaryPeriod, string>,
    onTimeAxis: "Nei tempi (%)",
    breachesAxis: "Violazioni (scadenze mancate)",
    series: { response: "Risposta nei tempi", resolution: "Risoluzione nei tempi", breaches: "Violazioni" },
    breachersTitle: (periodName: string) => `Più violazioni SLA — ${periodName}`,
    breachersAxis: "Scadenze mancate",
    clock: { response: "Risposta", resolution: "Risoluzione" },
    unassigned: "Senza cliente (smistamento)",
    none: "nessuno",
    list: (items: readonly string[]) => items.join(", "),
    percent: (p: string) => `${p}%`,
    trendAlt: (o: { title: string; range: string; period: SummaryPeriod; response: string; resolution: string; breaches: string }) =>
      `${o.title}, ${o.range}, ${o.period === "today" ? "giorno per giorno" : "periodo per periodo"} dal più vecchio. ` +
      `Risposta nei tempi: ${o.response}. Risoluzione nei tempi: ${o.resolution}. Violazioni (scadenze SLA mancate): ${o.breaches}.`,
    breacherAlt: (name: string, total: string, response: string, resolution: string) => `${name} ${total} (${response} risposta, ${resolution} risoluzione)`,
    breachersAlt: (title: string, rows: readonly string[], more: number) => `${title}: ${rows.join("; ")}${more > 0 ? `; e altri ${more}` : ""}.`,
    fileTitle: { trend: "Andamento SLA", breaches: "Più violazioni SLA" },
    fileName: (what: "trend" | "breaches", period: SummaryPeriod, date: string) => `sla-${what === "trend" ? "andamento" : "violazioni"}-${period}-${date}.png`,
    uploadComment: (periodName: string) => `Grafici del riepilogo SLA — ${periodName}`,
    noTickets: "Ancora nessun grafico dell'andamento: non ci sono ticket. Comincia quando arrivano i ticket.",
    shortHistory: (period: SummaryPeriod, first: string) =>
      `Ancora nessun grafico dell'andamento: servono ${period === "today" ? "due giorni" : period === "week" ? "due settimane" : "due periodi di 30 giorni"} di ticket, e il primo è arrivato il ${first}.`,
    noBreaches: "Nessuna scadenza SLA mancata in questo periodo.",
    chartsInDm: "I grafici sono nei tuoi messaggi diretti con Customer Book.",
    chartsNotDrawn: "Questa volta non sono riuscito a disegnare i grafici; i dati sono completi. Se succede di nuovo, avvisa un amministratore.",
    chartsFailed: "Non sono riuscito a inviarti i grafici. I dati qui sopra sono completi; riprova tra un minuto e, se continua a non funzionare, avvisa un amministratore.",
    trendUsage: "Uso: `/sla trend <cliente>` — le ultime 12 settimane di un cliente: risposte e risoluzioni nei tempi, e violazioni.",
    customerHeader: (name: string) => `Andamento SLA — ${name}`,
    customerRange: (from: string, to: string, timeZone: string) => `Ultime 12 settimane: ${from} – ${to} (${timeZone})`,
    weekLine: (end: string, response: string, resolution: string, breaches: string, opened: string, openAtEnd: string) =>
      `*${end}* — risposta ${response} · risoluzione ${resolution} · violazioni ${breaches} · aperti ${opened} · aperti a fine settimana ${openAtEnd}`,
    weeksTitle: "*Settimana per settimana, dalla più recente* (nei tempi: tra i ticket con risposta o risolti)",
    customerNoTickets: (name: string) => `*${name}* non ha ancora ticket, quindi non c'è un andamento da mostrare.`,
    customerShortHistory: (name: string, first: string) =>
      `Il primo ticket di *${name}* è arrivato il ${first}: l'andamento richiede due settimane di ticket. \`/sla summary week\` mostra questa settimana.`,
    fallback: (name: string) => `Andamento SLA di ${name}, ultime 12 settimane`,
  },
  failures: {
    title: "Operazione non riuscita",
    unexpected: (ref: string) =>
      `Spiacente, non ha funzionato: qualcosa è andato storto da parte nostra ed è stato registrato (rif. \`${ref}\`). Riprova; se continua a non funzionare, comunica questo riferimento al tuo amministratore di Customer Book.`,
    text: (f: Failure): string => {
      switch (f.code) {
        case "not_admin":
          return it.admin.onlyAdmins(it.manage.can[f.action]);
        case "customer_not_found":
          return it.manage.errors.customerGone;
        case "contact_not_found":
          return it.manage.errors.contactGone;
        case "contract_not_found":
          return it.manage.errors.contractGone;
        case "archived":
          return it.manage.errors.archived(f.customerName);
        case "database_busy":
          return "L'anagrafica clienti è occupata da un'altra modifica in questo momento. Non è stato cambiato nulla: riprova tra poco.";
        case "database_read_only":
          return "L'anagrafica clienti al momento non può salvare nulla: il suo database è in sola lettura. Non è stato cambiato nulla; avvisa il tuo amministratore di Customer Book.";
        case "database_full":
          return "L'anagrafica clienti al momento non può salvare nulla: il disco del server è pieno. Non è stato cambiato nulla; avvisa il tuo amministratore di Customer Book.";
        case "slack_unreachable":
          return "Slack non ha risposto all'app proprio ora. Riprova tra poco.";
        case "slack_rate_limited":
          return "Slack ha chiesto all'app di rallentare. Riprova tra un minuto.";
        case "slack_not_in_channel":
          return "Non faccio parte di quel canale. Invitami (`/invite @customerbook`) e riprova.";
        case "slack_channel_not_found":
          return "Quel canale non esiste più, oppure non riesco a vederlo.";
        case "slack_trigger_expired":
          return "Ci è voluto troppo per Slack: una finestra può aprirsi solo subito dopo un clic. Fai di nuovo clic.";
        case "slack_access_revoked":
          return "L'accesso di Customer Book a Slack è stato revocato (l'app è stata rimossa dal workspace). Chiedi al tuo amministratore Slack di installarla di nuovo.";
      }
    },
  },
  portal: portalTextIt,
};
