/**
 * No text a person reads is written outside src/i18n: the handlers, views and services build what
 * Slack shows from the catalogs only. The check reads every string and template literal in
 * src/slack and src/services with the TypeScript parser and refuses one that holds a phrase (three
 * words or more), unless it goes to a log line or an Error (read by whoever runs the app, in
 * English), is a type or a key, or is in ALLOWED below with its reason.
 */
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const FOLDERS = ["src/slack", "src/services"];

/** Phrases that are not for a person to read, by file: the reason is the comment. */
const ALLOWED: Record<string, RegExp[]> = {
  // Slack API error codes and request-guard refusals: HTTP answers to a forged or broken request, read by whoever debugs it.
  "src/slack/request-guard.ts": [/./],
  // The delivery queue's record of why Slack refused a message: stored for the operator's log.
  "src/slack/delivery-queue.ts": [/./],
  // The operator's advice in the log line when the tickets channel cannot be posted to.
  "src/slack/ticket-messages.ts": [/Invite the app|The channel is archived|message was deleted|ticket itself is saved/],
  // describeRequest: the request, as the log line names it.
  "src/slack/failures.ts": [/options for|event |command |action |view /],
  // The refusal's reason kept on the import job for the record (the person reads imports.status.refused), and what a log line says was tried.
  "src/slack/listeners/imports.ts": [/^not an admin$/, /^the preview of file/],
  // notYours(): what a forged request tried, for the log line.
  "src/slack/listeners/wizard.ts": [/^(move between steps|open the new SLA form|add a new SLA)$/],
};

const PHRASE = /\p{L}{2,}[’']?\p{L}*(\s+\p{L}[\p{L}’']*){2,}/u;
const LOG = /^(logger|log|console)$|^(debug|info|warn|error)$/;

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(" ");
  return undefined;
}

/** A literal that is not shown to anyone: a type, a key, an import, a log line or an Error's message. */
function notShown(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node.parent, child: ts.Node = node; n; child = n, n = n.parent) {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n) || ts.isLiteralTypeNode(n) || ts.isTypeNode(n)) return true;
    if (ts.isPropertyAssignment(n) && n.name === child) return true;
    if (ts.isElementAccessExpression(n) && n.argumentExpression === child) return true;
    if (ts.isNewExpression(n) && /Error$/.test(n.expression.getText())) return true;
    if (ts.isCallExpression(n)) {
      const callee = n.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
      const target = ts.isPropertyAccessExpression(callee) ? callee.expression.getText().split(".").pop() ?? "" : "";
      if (LOG.test(name) && (LOG.test(target) || target === "" || /logger/i.test(callee.getText()))) return true;
    }
    if (ts.isBinaryExpression(n) || ts.isCaseClause(n)) return true;
  }
  return false;
}

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".ts")) out.push(full);
    }
  };
  for (const f of FOLDERS) walk(path.join(ROOT, f));
  return out;
}

/** Every phrase written in `file` that a person could read, with its line. */
export function phrasesIn(file: string, source = fs.readFileSync(file, "utf8")): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const rel = path.relative(ROOT, file);
  const allowed = ALLOWED[rel] ?? [];
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    const text = literalText(node);
    if (text !== undefined && PHRASE.test(text) && !notShown(node) && !allowed.some((re) => re.test(text))) {
      found.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${text.slice(0, 100)}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

describe("text a person reads", () => {
  it("is written only in the catalogs (src/i18n), never in src/slack or src/services", () => {
    expect(sourceFiles().flatMap((f) => phrasesIn(f))).toEqual([]);
  });

  it("is caught when a view or a service writes a sentence of its own", () => {
    const file = path.join(ROOT, "src/slack/views/example.ts");
    expect(phrasesIn(file, 'export const v = () => section("Nothing was imported yet.");')).toHaveLength(1);
    expect(phrasesIn(file, "export const v = (n: number) => context(`Showing ${n} of many rows`);")).toHaveLength(1);
    expect(phrasesIn(file, 'logger.warn("The summary DM could not be sent");')).toEqual([]);
    expect(phrasesIn(file, 'throw new Error("no response url given here");')).toEqual([]);
    expect(phrasesIn(file, "export const v = (t: Catalog) => section(t.imports.nothingWritten);")).toEqual([]);
  });
});
