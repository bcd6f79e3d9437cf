/** Numbers, money, hours and durations the way each reader writes and reads them. */
import { describe, expect, it as test } from "vitest";
import { centsToInput, formatCents, formatHours, formatMoney, parseHoursCentis, parseMoneyCents, parseWholeNumber } from "../../src/domain/money.js";
import { formatDuration, parseDuration } from "../../src/domain/sla.js";
import { en } from "../../src/i18n/en.js";
import { it } from "../../src/i18n/it.js";
import { catalogFor } from "../../src/i18n/catalog.js";
import { validateContractStep } from "../../src/services/onboarding/validate.js";
import type { ImportOutcome } from "../../src/domain/stored-outcomes.js";

describe("money and hours typed by an Italian reader (decimal comma)", () => {
  test("reads 95,50 and 1.234,50, and still 95.50", () => {
    expect(parseMoneyCents("95,50", true)).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("1.234,50", true)).toEqual({ ok: true, value: 123450 });
    expect(parseMoneyCents("€ 1.234", true)).toEqual({ ok: true, value: 123400 });
    expect(parseMoneyCents("95.50", true)).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("1 234,50", true)).toEqual({ ok: true, value: 123450 });
    expect(parseHoursCentis("7,5", true)).toEqual({ ok: true, value: 750 });
    expect(parseWholeNumber("1.200", true)).toEqual({ ok: true, value: 1200 });
    expect(parseMoneyCents("95,505", true)).toEqual({ ok: false, reason: "too_precise" });
    expect(parseMoneyCents("-5,00", true)).toEqual({ ok: false, reason: "negative" });
  });

  test("keeps an English reader's 1,234.50 and refuses the ambiguous 95,50", () => {
    expect(parseMoneyCents("1,234.50")).toEqual({ ok: true, value: 123450 });
    expect(parseMoneyCents("95,50")).toEqual({ ok: false, reason: "not_a_number" });
  });

  test("the wizard's contract step takes 95,50 from an Italian reader and says 95,50 in its hint", () => {
    const values = { contract_name: "Assistenza 2027", contract_type: "block_hours", contract_hours: "20", contract_hourly_rate: "95,50", contract_overage_rate: "1.120,00", contract_billing_period: "monthly" };
    const r = validateContractStep(it, values, false);
    expect(r).toMatchObject({ ok: true, value: { terms: { hoursCentis: 2000, hourlyRateCents: 9550, overageRateCents: 112000 } } });
    expect(validateContractStep(en, values, false)).toMatchObject({ ok: false, errors: { contract_hourly_rate: en.validation.notANumber } });
    expect(it.contractFields.contract_hourly_rate?.hint).toContain("95,50");
  });
});

describe("money, hours and durations written for the reader", () => {
  test("with Intl: 1.234,56 and 7,5 for Italian, 1,234.56 and 7.5 for English", () => {
    expect(formatCents(123456, "it-IT")).toBe("1.234,56");
    expect(formatCents(9550, "it-IT")).toBe("95,50");
    expect(formatCents(123456, "en-GB")).toBe("1,234.56");
    expect(formatHours(750, "it-IT")).toBe("7,5");
    expect(formatHours(750, "en-GB")).toBe("7.5");
    expect(centsToInput(9550, true)).toBe("95,50");
  });

  test("money with its currency, Intl's currency style for the reader: 95,50 € and €95.50, CHF when CURRENCY says so", () => {
    expect(it.format.money(9550)).toBe("95,50\u00a0€");
    expect(en.format.money(123450)).toBe("€1,234.50");
    expect(formatMoney(123450, "it-IT", "EUR")).toBe("1.234,50\u00a0€");
    expect(catalogFor("it", "CHF").format.money(9550)).toBe("95,50\u00a0CHF");
    expect(catalogFor("en", "CHF").format.money(9550)).toBe("CHF\u00a095.50");
    expect(catalogFor("en", "USD").format.money(9550)).toBe("US$95.50");
    // the rest of the catalog is the language's own
    expect(catalogFor("it", "CHF").tickets).toBe(it.tickets);
  });

  test("money typed with its symbol or code, before or after: 95,50 €, EUR 1.234,50, 95.50 EUR", () => {
    expect(parseMoneyCents("95,50 €", true)).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("95,50€", true)).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("EUR 1.234,50", true)).toEqual({ ok: true, value: 123450 });
    expect(parseMoneyCents("1.234,50 eur", true)).toEqual({ ok: true, value: 123450 });
    expect(parseMoneyCents("95.50 EUR")).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("€95.50")).toEqual({ ok: true, value: 9550 });
    expect(parseMoneyCents("95 euro", true)).toEqual({ ok: false, reason: "not_a_number" });
    expect(parseMoneyCents("EUR", true)).toEqual({ ok: false, reason: "not_a_number" });
  });

  test("durations: 2g and 2d are both two business days; an Italian reads 2g", () => {
    expect(parseDuration("2g")).toBe(960);
    expect(parseDuration("2d")).toBe(960);
    expect(parseDuration("1,5h")).toBe(90);
    expect(formatDuration(960, "g")).toBe("2g");
    expect(it.format.duration(960)).toBe("2g");
    expect(en.format.duration(960)).toBe("2d");
    expect(it.format.day(new Date("2026-11-30T12:00:00Z"))).toBe("30 nov 2026");
  });
});

describe("Italian CSV headers and templates", () => {
  test("the Italian templates' headers map back onto every field, as the English ones do", async () => {
    const { mapHeaders } = await import("../../src/import/headers.js");
    const { templateHeaders } = await import("../../src/import/templates.js");
    for (const kind of ["customers", "contacts"] as const) {
      const headers = templateHeaders(kind, "it").map((c) => c.header);
      const mapping = mapHeaders(headers);
      expect(mapping).toMatchObject({ kind, unknown: [], duplicates: [], missingRequired: [] });
    }
    expect(templateHeaders("customers", "it").map((c) => c.header)).toEqual([
      "Nome cliente", "Rango", "Domini", "Partita IVA / Codice fiscale", "Telefono", "Fax", "Indirizzo", "Città", "Paese", "Provincia", "CAP", "Note", "SLA", "Profilo avvisi",
    ]);
    expect(templateHeaders("contacts", "it").map((c) => c.header)).toEqual(["Nome cliente", "Nome", "Cognome", "Email", "Telefono", "Cellulare", "Ruolo", "Reparto", "Contatto principale"]);
  });

  test("a file mixing Italian and English headers is read, and its kind found", async () => {
    const { mapHeaders } = await import("../../src/import/headers.js");
    expect(mapHeaders(["Ragione sociale", "Website", "Comune", "P. IVA"])).toMatchObject({ kind: "customers", columns: ["name", "domains", "city", "businessId"], unknown: [] });
    expect(mapHeaders(["Cliente", "Nome", "Cognome", "E-mail", "Principale"])).toMatchObject({ kind: "contacts", columns: ["customerName", "firstName", "lastName", "email", "primary"] });
  });
});

describe("stored outcomes worded for the reader", () => {
  test("a missing column is named by the reader's template header", () => {
    const o: ImportOutcome = { code: "file", problem: { kind: "missing_required", columns: ["Customer Name", "Email"] } };
    expect(it.imports.outcome(o)).toBe("Nel file mancano le colonne Nome cliente, Email. Aggiungile alla riga 1 (vedi il modello) e carica di nuovo il file.");
    expect(en.imports.outcome(o)).toContain("The file has no Customer Name, Email columns.");
  });

  test("the email reply notes in the tickets channel follow the catalog given", () => {
    expect(it.tickets.emailNotes.replyNote("Anna <anna@rossi.it>")).toBe("Risposta via email da Anna <anna@rossi.it>.");
    expect(en.tickets.emailNotes.replyNote("Anna <anna@rossi.it>")).toBe("Email reply from Anna <anna@rossi.it>.");
  });
});
