#!/usr/bin/env node
/**
 * `npm start`'s build step: compiles src/ into dist/ with tsc only when something the build reads
 * changed since the last build, so a restart takes as long as the app takes to start, not a
 * TypeScript build (10-20 s on a small machine). What the build reads: every file under src/
 * (the generated Prisma client included), tsconfig.json, tsconfig.build.json and package-lock.json
 * (a dependency's types). Their content hash is kept in dist/.build-hash after a successful build,
 * with the time dist/src/index.js was written then: a build by other means (tsc run by hand)
 * changes that time, so the next start builds again rather than trust a stamp it did not write.
 *
 *   node scripts/build-if-changed.mjs          build when needed
 *   node scripts/build-if-changed.mjs --force  build anyway (npm run build)
 */
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const stampFile = path.join(root, "dist", ".build-hash");
const entry = path.join(root, "dist", "src", "index.js");
const INPUTS = ["src", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

function files(relative) {
  const full = path.join(root, relative);
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [relative];
  return fs
    .readdirSync(full, { withFileTypes: true })
    .flatMap((d) => files(path.join(relative, d.name)))
    .sort();
}

/** One hash over the names and contents of everything the build reads. */
export function sourceHash() {
  const hash = createHash("sha256");
  for (const file of INPUTS.flatMap(files)) {
    hash.update(`${file.split(path.sep).join("/")}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/** The sources' hash and when the entry point was written by the build that read them. */
function stamp(hash) {
  return `${hash} ${fs.statSync(entry, { throwIfNoEntry: false })?.mtimeMs ?? 0}`;
}

function main() {
  const force = process.argv.includes("--force");
  const hash = sourceHash();
  const built = fs.existsSync(entry) && fs.existsSync(stampFile) ? fs.readFileSync(stampFile, "utf8").trim() : "";
  if (!force && built === stamp(hash)) {
    console.log("dist/ is up to date (no source changed since the last build): starting it.");
    return;
  }
  console.log(force ? "Building dist/ with tsc …" : "Sources changed since the last build: building dist/ with tsc …");
  fs.rmSync(stampFile, { force: true });
  // A clean output folder: a deleted source leaves no stale module behind.
  fs.rmSync(path.join(root, "dist", "src"), { recursive: true, force: true });
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("The TypeScript build failed (see above); dist/ was not updated.");
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(stampFile, `${stamp(hash)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
