import { describe, expect, it } from "vitest";
import { asciiDomain, domainProblem, normaliseDomain, splitDomainList } from "../../src/domain/domains.js";
import { canonicalEmail, emailDomain, isValidEmail } from "../../src/domain/email.js";
import { formatCents, formatHours, parseHoursCentis, parseMoneyCents, parseWholeNumber } from "../../src/domain/money.js";
import { formatDuration, parseClock, parseDuration } from "../../src/domain/sla.js";
import { emailKey, nameKey } from "../../src/domain/text.js";

describe("domains", () => {
  it("accepts host names and refuses '@', single labels, bad hyphens and numeric TLDs", () => {
    expect(domainProblem("acme.com")).toBeUndefined();
    expect(domainProblem("Mail.ACME.co.uk")).toBeUndefined();
    expect(domainProblem("@acme.com")).toBe("contains_at");
    expect(domainProblem("localhost")).toBe("invalid_host");
    expect(domainProblem("-acme.com")).toBe("invalid_host");
    expect(domainProblem("acme-.com")).toBe("invalid_host");
    expect(domainProblem("10.0.0.1")).toBe("invalid_host");
    expect(domainProblem("ac me.com")).toBe("invalid_host");
    expect(domainProblem(`${"a".repeat(64)}.com`)).toBe("invalid_host");
  });

  it("splits a typed list on commas, semicolons and spaces, lower-cased and de-duplicated", () => {
    expect(splitDomainList(" Acme.com, acme.co.uk;ACME.com  beta.io ")).toEqual(["acme.com", "acme.co.uk", "beta.io"]);
  });

  it("accepts international domains and stores every form of one as its lower-case Unicode form", () => {
    for (const typed of ["bücher.de", "BÜCHER.DE", "xn--bcher-kva.de", "XN--BCHER-KVA.DE", "bu\u0308cher.de", "bücher.de."]) {
      expect(domainProblem(typed), typed).toBeUndefined();
      expect(normaliseDomain(typed), typed).toBe("bücher.de");
      expect(asciiDomain(typed), typed).toBe("xn--bcher-kva.de");
    }
    expect(normaliseDomain("ａｃｍｅ.com")).toBe("acme.com"); // full-width letters
    expect(normaliseDomain("xn--mnchen-3ya.xn--p1ai")).toBe("münchen.рф");
    expect(normaliseDomain("straße.de")).toBe("straße.de"); // IDNA 2008: ß is kept, not turned into ss
    expect(splitDomainList("bücher.de, xn--bcher-kva.de")).toEqual(["bücher.de"]);
  });

  it("refuses international names that are no host names: bad punycode, symbols, a numeric TLD", () => {
    for (const bad of ["xn--zz.de", "bü cher.de", "bücher", "bücher.123", "bü_cher.de", `${"ü".repeat(60)}.de`]) expect(domainProblem(bad), bad).toBe("invalid_host");
  });
});

describe("email", () => {
  it("accepts ordinary addresses and refuses malformed ones", () => {
    expect(isValidEmail("jane.doe+it@acme.co.uk")).toBe(true);
    for (const bad of ["jane", "jane@", "@acme.com", "jane@acme", "ja ne@acme.com", "a@b@c.com", "jane..doe@acme.com"]) {
      expect(isValidEmail(bad), bad).toBe(false);
    }
  });

  it("takes an address on an international domain in either form as one address", () => {
    for (const a of ["hans@bücher.de", "hans@xn--bcher-kva.de", "jörg@bücher.de"]) expect(isValidEmail(a), a).toBe(true);
    expect(canonicalEmail(" Hans@XN--BCHER-KVA.DE ")).toBe("Hans@bücher.de");
    expect(canonicalEmail("Jane@ACME.com")).toBe("Jane@ACME.com"); // a plain domain is left as typed
    expect(emailKey("Hans@XN--BCHER-KVA.DE")).toBe(emailKey("hans@bücher.de"));
    expect(emailKey("hans@bücher.de")).toBe("hans@bücher.de");
    expect(emailKey("Jane@ACME.com")).toBe("jane@acme.com");
    expect(emailDomain("hans@xn--bcher-kva.de")).toBe("bücher.de");
  });
});

describe("money and hours are exact integers", () => {
  it("parses amounts into cents", () => {
    expect(parseMoneyCents("1500")).toEqual({ ok: true, value: 150000 });
    expect(parseMoneyCents("1,234.5")).toEqual({ ok: true, value: 123450 });
    expect(parseMoneyCents("$ 0.10")).toEqual({ ok: true, value: 10 });
    expect(parseMoneyCents("0.1")).toEqual({ ok: true, value: 10 });
    expect(parseMoneyCents("-5")).toEqual({ ok: false, reason: "negative" });
    expect(parseMoneyCents("1.234")).toEqual({ ok: false, reason: "too_precise" });
    expect(parseMoneyCents("abc")).toEqual({ ok: false, reason: "not_a_number" });
    expect(parseMoneyCents("99999999999")).toEqual({ ok: false, reason: "too_large" });
  });

  it("formats cents and hours back", () => {
    expect(formatCents(123450)).toBe("1,234.50");
    expect(formatHours(750)).toBe("7.5");
    expect(formatHours(2000)).toBe("20");
    expect(parseHoursCentis("7.5")).toEqual({ ok: true, value: 750 });
  });

  it("whole numbers refuse decimals", () => {
    expect(parseWholeNumber("3")).toEqual({ ok: true, value: 3 });
    expect(parseWholeNumber("3.5")).toEqual({ ok: false, reason: "not_a_number" });
  });
});

describe("SLA durations", () => {
  it("reads minutes, hours and business days", () => {
    expect(parseDuration("30m")).toBe(30);
    expect(parseDuration("4h")).toBe(240);
    expect(parseDuration("1h30m")).toBe(90);
    expect(parseDuration("2d")).toBe(960);
    expect(parseDuration("45")).toBe(45);
    expect(parseDuration("soon")).toBeUndefined();
    expect(formatDuration(90)).toBe("1h 30m");
    expect(formatDuration(960)).toBe("2d");
    expect(parseClock("09:30")).toBe(570);
    expect(parseClock("25:00")).toBeUndefined();
  });
});

describe("name keys", () => {
  it("ignore case and surrounding or repeated spaces", () => {
    expect(nameKey("  Acme   Dental ")).toBe(nameKey("acme dental"));
  });
});
