/** npm run bench as a person uses it: --help, a mistyped part, and every BENCH_* variable documented. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(".");
const bench = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/run.ts", ...args], { cwd: root, encoding: "utf8", timeout: 60_000 });

/** Every BENCH_* variable a benchmark script reads. */
function variablesRead(): string[] {
  const found = new Set<string>();
  for (const file of fs.readdirSync(path.join(root, "bench"))) {
    if (!file.endsWith(".ts")) continue;
    for (const m of fs.readFileSync(path.join(root, "bench", file), "utf8").matchAll(/process\.env\.(BENCH_[A-Z_]+)/g)) found.add(m[1] ?? "");
  }
  return [...found].sort();
}

describe("npm run bench", () => {
  it("--help prints the usage, the parts and the variables, without a stack trace", () => {
    const r = bench("--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: npm run bench \[-- \[--postgres\] part \.\.\.\]/);
    for (const part of ["wizard", "import", "customers", "summary"]) expect(r.stdout).toMatch(new RegExp(`^  ${part} `, "m"));
    for (const v of variablesRead()) expect(r.stdout).toContain(v);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("an unknown part is named, with the usage, exit code 2 and no stack trace", () => {
    const r = bench("wizzard");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^Unknown bench part: "wizzard"\. Known: wizard, import, customers, summary, email, portal\.\n\nUsage:/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("README's Benchmarks section lists every BENCH_* variable the scripts read", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Benchmarks"), readme.indexOf("\n## ", readme.indexOf("## Benchmarks") + 5));
    expect(variablesRead().length).toBeGreaterThan(5);
    for (const v of variablesRead()) expect(section, v).toContain(`\`${v}\``);
  });

  it("shows what a part is doing while it runs, then its figures", () => {
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "bench/run.ts", "wizard"], {
      cwd: root,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...process.env, BENCH_WIZARD_RUNS: "3" },
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^  wizard: latency of \/customer new/m);
    expect(r.stderr).toMatch(/^  wizard \(bench\/wizard.ts\) done in \d+ s$/m);
    expect(JSON.parse(r.stdout.slice(r.stdout.indexOf("{")))).toMatchObject({ part: "wizard", runs: 3 });
  }, 120_000);
});
