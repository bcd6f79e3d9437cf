/**
 * npm run db:copy -- --from file:./data/app.db --to postgresql://user:password@host:5432/customerbook
 *
 * Copies a whole SQLite customer book into an empty PostgreSQL database (src/db/copy.ts says how),
 * printing a progress line per table and the row counts it checked. Exit code 0 when copied, 1 when
 * refused or failed (nothing is left half-copied), 2 for wrong arguments.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CopyRefused, copyDatabase } from "../src/db/copy.js";
import { redactDatabaseUrl } from "../src/db/url.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function arg(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  return args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
}

async function main(): Promise<void> {
  const from = arg("--from");
  const to = arg("--to");
  if (!from || !to) {
    console.error("Usage: npm run db:copy -- --from file:./data/app.db --to postgresql://user:password@host:5432/database");
    process.exit(2);
  }
  console.info(`Copying ${from} into ${redactDatabaseUrl(to)}`);
  let last = "";
  let lastAt = 0;
  const tty = process.stderr.isTTY;
  const result = await copyDatabase({
    from,
    to,
    projectRoot: root,
    onProgress: ({ table, copied, total }) => {
      const line = `${table}: ${copied.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows`;
      if (tty) process.stderr.write(`\r${line.padEnd(last.length)}${copied === total ? "\n" : ""}`);
      else if (copied === total || Date.now() - lastAt > 2000) {
        process.stderr.write(`${line}\n`);
        lastAt = Date.now();
      }
      last = line;
    },
  });
  const rows = result.tables.reduce((n, t) => n + t.rows, 0);
  console.info(`Copied ${rows.toLocaleString("en-US")} rows in ${result.tables.length} tables in ${result.seconds.toFixed(1)} s; every table's count checked:`);
  for (const t of result.tables) console.info(`  ${t.table.padEnd(24)} ${t.rows.toLocaleString("en-US")}`);
  console.info(`Now set DATABASE_URL=${redactDatabaseUrl(to)} and start the app.`);
}

main().catch((e: unknown) => {
  console.error(e instanceof CopyRefused ? `Not copied: ${e.message}` : `Copy failed, nothing was copied: ${redactDatabaseUrl(e instanceof Error ? e.message : String(e))}`);
  process.exit(1);
});
