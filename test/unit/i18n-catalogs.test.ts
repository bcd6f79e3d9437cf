/**
 * Walks every key of the two catalogs: each is in both, of the same kind (text, text taking values,
 * group); every text that takes values shows the same values in both (no placeholder dropped or
 * added); and no English is left in it.ts but the terms src/i18n/GLOSSARY.md keeps.
 */
import fs from "node:fs";
import { describe, expect, it as test } from "vitest";
import { en } from "../../src/i18n/en.js";
import { it } from "../../src/i18n/it.js";
import { CATALOGS } from "../../src/i18n/catalog.js";
import { render } from "../../src/i18n/mrkdwn.js";
import type { Failure } from "../../src/domain/failures.js";
import { LANGUAGE_TAG, localeOfSlack } from "../../src/i18n/locale.js";
import { counting } from "../../src/i18n/plural.js";

type Leaf = { path: string; value: unknown };

function leaves(node: unknown, path = ""): Leaf[] {
  if (typeof node === "string" || typeof node === "function") return [{ path, value: node }];
  if (node && typeof node === "object") return Object.entries(node).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [{ path, value: node }];
}

const text = (out: unknown): string => (typeof out === "string" ? out : render(out as never));

/** Values a text is called with: each argument is recognisable in the output. */
const MARK = (i: number) => `Zq${i}x`;
const NUM = (i: number) => 701 + i * 2; // three digits: the same in en-GB and it-IT
const DATE = new Date("2027-03-04T05:06:07Z");

/** The few texts whose values are not plain strings or numbers, by path. */
const ARGS: Record<string, unknown[]> = {
  "tickets.timer": [MARK(0), { state: "at_risk", dueAt: DATE, minutesLeft: NUM(1) }, null],
  "slaSummary.when": [DATE, "Europe/Rome"],
  "tickets.emailOut.state.partly": [[{ email: MARK(0), response: MARK(1) }]],
  "tickets.emailOut.note": [MARK(0), [MARK(1)], "U0ALICE", MARK(3), MARK(4)],
  "tickets.emailOut.automaticNote": ["resolved", MARK(1), MARK(2)],
  "tickets.emailOut.event": [MARK(0), JSON.stringify({ to: MARK(1) })],
  "tickets.priority": ["high"],
  "tickets.status": ["pending"],
  "tickets.source": ["email"],
  "tickets.timerState": ["breached"],
  "tickets.fallback": [NUM(0), MARK(1), "open"],
  "tickets.notes.priority": ["U0ALICE", "low", "high"],
  "tickets.stale.already": [NUM(0), "resolved"],
  "tickets.stale.alreadyPriority": [NUM(0), "critical"],
  "tickets.stale.notAllowed": [NUM(0), "closed"],
  "tickets.list.statuses": [["open", "pending"]],
  "tickets.list.row": [NUM(0), MARK(1), MARK(2), "low", "open", MARK(5)],
  "tickets.customerQuery.none": [MARK(0), [MARK(1)]],
  "tickets.customerQuery.many": [MARK(0), [MARK(1)], NUM(2)],
  "tickets.show.event": ["status", MARK(1), JSON.stringify({ from: "open", to: "resolved" })],
  "tickets.opened": [NUM(0), MARK(1), "https://example.com/x"],
  "slaSummary.compliance": ["Response", MARK(1), NUM(2), NUM(3), MARK(4), MARK(5), MARK(6)],
  "slaSummary.customerLine": [MARK(0), { open: NUM(1), atRisk: NUM(2), breached: NUM(3) }, MARK(4), MARK(5)],
  "slaSummary.breachedLine": [MARK(0), MARK(1), "response", MARK(3), true],
  "slaSummary.missedLine": [MARK(0), MARK(1), "resolution", MARK(3)],
  "trend.trendTitle": ["week", NUM(1), MARK(2)],
  "trend.trendAlt": [{ title: MARK(0), range: MARK(1), period: "week", response: MARK(2), resolution: MARK(3), breaches: MARK(4) }],
  "trend.shortHistory": ["week", MARK(1)],
  "trend.fileName": ["trend", "week", MARK(2)],
  "trend.list": [[MARK(0), MARK(1)]],
  "trend.breachersAlt": [MARK(0), [MARK(1)], NUM(2)],
  "failures.text": [{ code: "archived", customerName: MARK(0) } satisfies Failure],
  "imports.templateTitle": ["contacts"],
  "imports.templateFileName": ["customers"],
  "imports.outcome": [{ code: "file", problem: { kind: "utf8_after_1252", row: NUM(0), byte: NUM(1) } }],
  "tickets.refused.reason": [{ code: "primary_only", customer: MARK(0), primary: MARK(1), sender: MARK(2) }],
  "imports.previewValidUntil": [NUM(0), 1_800_000_000, MARK(2)],
  "imports.primaryChange": [NUM(0), MARK(1), MARK(2), MARK(3)],
  "imports.unknownColumns": [[MARK(0), MARK(1)]],
  "imports.duplicateColumns": [[MARK(0)]],
  "imports.listLine": [MARK(0), MARK(1), MARK(2), MARK(3), "U0ALICE", MARK(5)],
  "slaAdmin.notFound": [MARK(0), [MARK(1)]],
  "slaAdmin.profiles.notFound": [MARK(0), [MARK(1)]],
  "slaAdmin.targets": [[MARK(0), MARK(1)]],
  "slaAdmin.usedBy": [NUM(0), [MARK(1)]],
  "slaAdmin.profiles.thresholdLine": [MARK(0), [MARK(1)]],
  "home.contracts": [[MARK(0)]],
  "home.customerLine": [MARK(0), [MARK(1)]],
  "manage.card.securityLine": [true],
  "manage.card.archived": [MARK(0)],
  "manage.card.created": ["U0ALICE", MARK(1)],
  "manage.history.line": [MARK(0), "U0ALICE", MARK(2), MARK(3)],
  "manage.history.change": [MARK(0), MARK(1), MARK(2)],
  "manage.forms.securityPrimary": [MARK(0)],
  "manage.forms.notPrimary": [MARK(0)],
  "customerEmail.acknowledgement": [{ name: MARK(0), number: NUM(1), subject: MARK(2), dueAt: DATE, timeZone: "Europe/Rome", from: MARK(5) }],
  "customerEmail.resolved": [{ name: MARK(0), number: NUM(1), subject: MARK(2), from: MARK(3) }],
};

/** The arguments of a text: by path, or strings and numbers by trying which the English text takes. */
function argsFor(path: string, fns: ((...a: unknown[]) => unknown)[]): unknown[] {
  const given = ARGS[path];
  if (given) return given;
  const k = fns[0]?.length ?? 0;
  // Numbers first: a text that formats a number shows NaN for a string, and one that takes a name shows a number as it is.
  for (let mask = 2 ** k - 1; mask >= 0; mask--) {
    const args = Array.from({ length: k }, (_, i) => (mask & (1 << i) ? NUM(i) : MARK(i)));
    try {
      if (fns.every((fn) => !/NaN|undefined/.test(text(fn(...args))))) return args;
    } catch {
      /* another combination */
    }
  }
  throw new Error(`No arguments found for ${path}: add it to ARGS`);
}

/** The marks and numbers of `args` that show in `out`, as the reader sees them. */
function shown(out: string, args: unknown[], tag: string): string[] {
  const n = counting(tag).n;
  const found: string[] = [];
  const walk = (a: unknown, i: number) => {
    if (typeof a === "string" && /^Zq\d+x$/.test(a)) {
      if (out.toLowerCase().includes(a.toLowerCase())) found.push(a); // a name may be put in lower case ("modello clienti")
    } else if (typeof a === "number" && a >= 701 && a < 800) {
      if (out.includes(n(a))) found.push(String(a));
    } else if (Array.isArray(a)) a.forEach((x) => walk(x, i));
    else if (a && typeof a === "object" && !(a instanceof Date)) Object.values(a).forEach((x) => walk(x, i));
  };
  args.forEach(walk);
  return found.sort();
}

/** Terms GLOSSARY.md keeps in English, plus words that are the same in both languages. */
function keptTerms(): Set<string> {
  const md = fs.readFileSync(new URL("../../src/i18n/GLOSSARY.md", import.meta.url), "utf8");
  const section = md.split("## Kept as they are")[1] ?? "";
  const list = section.split("\n\n")[2] ?? "";
  return new Set(list.split(/,\s*/).map((s) => s.replace(/\.$/, "").trim()).filter(Boolean));
}

/** Words that show a sentence is English; an Italian text has none of them outside code and names. */
/** ("in", "file", "no", "non" are Italian words too, so they are not on it.) */
const ENGLISH = /\b(the|and|with|from|this|that|is|are|was|were|your|you|has|have|not|of|to|for|be|on|at|by|or|nothing|only|more|than|first|last|new|customers|contact|contacts|contract|contracts|row|rows|files|imported|choose|enter|must|can|cannot|could|please|try|again|saved|changed|created|deleted|days|weeks|hours|minutes|pending|resolved|closed)\b/i;

/** Text a reader would read: code spans, commands, emoji codes, mentions, dates and links taken out. */
function prose(s: string): string {
  return s
    .replace(/`[^`]*`/g, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/:[a-z_]+:/g, " ")
    .replace(/\/\w+( \w+)?/g, " ")
    .replace(/\b\w+:\w+\b/g, " ")
    .replace(/\b[A-Z][A-Z0-9_]{3,}\b/g, " ")
    .replace(/Zq\d+x/gi, " ")
    .replace(/[\w.@-]+\.(it|com|co\.uk|io)\b/g, " ")
    .replace(/Customer Book/g, " ");
}

describe("the catalogs", () => {
  const enLeaves = leaves(en);
  const itLeaves = new Map(leaves(it).map((l) => [l.path, l.value]));

  test("have the same keys, of the same kind, in English and Italian", () => {
    expect([...itLeaves.keys()].sort()).toEqual(enLeaves.map((l) => l.path).sort());
    for (const { path, value } of enLeaves) {
      expect(typeof itLeaves.get(path), path).toBe(typeof value);
      if (typeof value === "function") expect((itLeaves.get(path) as (...a: unknown[]) => unknown).length, `${path}: parameters`).toBe(value.length);
    }
    expect(Object.keys(CATALOGS).sort()).toEqual(["en", "it"]);
  });

  test("show the same values in both languages (no placeholder dropped, added or swapped for another)", () => {
    const problems: string[] = [];
    for (const { path, value } of enLeaves) {
      if (typeof value !== "function") continue;
      const fn = value as (...a: unknown[]) => unknown;
      const args = argsFor(path, [fn, itLeaves.get(path) as (...a: unknown[]) => unknown]);
      const english = shown(text(fn(...args)), args, LANGUAGE_TAG.en);
      const italian = shown(text((itLeaves.get(path) as (...a: unknown[]) => unknown)(...args)), args, LANGUAGE_TAG.it);
      if (english.join() !== italian.join()) problems.push(`${path}: en shows ${english.join(", ") || "none"}, it shows ${italian.join(", ") || "none"}`);
    }
    expect(problems).toEqual([]);
  });

  test("leave no English in it.ts, except the terms the glossary keeps", () => {
    const kept = keptTerms();
    const problems: string[] = [];
    for (const { path, value } of enLeaves) {
      const italian = itLeaves.get(path);
      let enText: string;
      let itText: string;
      if (typeof value === "function") {
        const args = argsFor(path, [value as (...a: unknown[]) => unknown, italian as (...a: unknown[]) => unknown]);
        enText = text((value as (...a: unknown[]) => unknown)(...args));
        itText = text((italian as (...a: unknown[]) => unknown)(...args));
      } else {
        enText = String(value);
        itText = String(italian);
      }
      const words = prose(itText).trim();
      const keptOnly = (words.match(/\p{L}+/gu) ?? []).every((w) => kept.has(w) || kept.has(w.toLowerCase()) || kept.has(w[0]?.toUpperCase() + w.slice(1)));
      const untranslated = words.length > 0 && prose(enText).trim() === words && !kept.has(words) && !keptOnly && !/^[\p{P}\p{S}\d\s]*$/u.test(words) && !/^(\d+[hmdg]\s*)+$/.test(words);
      const english = ENGLISH.exec(words.split(/\s+/).filter((w) => !kept.has(w)).join(" "));
      if (untranslated) problems.push(`${path}: the same as in English: ${words}`);
      else if (english) problems.push(`${path}: English word "${english[0]}" in: ${itText.slice(0, 120)}`);
    }
    expect(problems).toEqual([]);
  });

  test("write numbers and plurals the way each language does, through Intl", () => {
    expect(counting("it-IT").count(1204, { one: "riga", other: "righe" })).toBe("1.204 righe");
    expect(counting("it-IT").count(1, { one: "riga", other: "righe" })).toBe("1 riga");
    expect(counting("it-IT").count(0, { one: "riga", other: "righe" })).toBe("0 righe");
    expect(counting("en-GB").count(1, { one: "row", other: "rows" })).toBe("1 row");
    expect(it.imports.confirmText(1204)).toContain("1.204 righe");
    expect(en.imports.confirmText(1204)).toContain("1,204 rows");
    expect(it.slaSummary.when(new Date("2026-11-30T12:00:00Z"), "Europe/Rome")).toBe("lun 30 nov, 13:00");
    expect(en.slaSummary.when(new Date("2026-11-30T12:00:00Z"), "Europe/Rome")).toBe("Mon 30 Nov 13:00");
  });

  test("take Italian for every Slack locale starting with it, English for any other, and nothing when Slack gave none", () => {
    expect(localeOfSlack("it-IT")).toBe("it");
    expect(localeOfSlack("it-CH")).toBe("it");
    expect(localeOfSlack("en-GB")).toBe("en");
    expect(localeOfSlack("fr-FR")).toBe("en");
    expect(localeOfSlack(undefined)).toBeUndefined();
    expect(localeOfSlack("")).toBeUndefined();
  });
});
