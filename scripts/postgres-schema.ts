/**
 * Writes prisma/postgresql/schema.prisma from prisma/schema.prisma, the one source of truth for the
 * models. A Prisma schema names one provider, so PostgreSQL needs its own file; it is generated,
 * never edited by hand. What changes: the datasource's provider and the generated client's output
 * folder (src/generated/prisma-postgresql). The models are copied as they are, so keep them
 * portable (see the header of prisma/schema.prisma).
 *
 *   npm run db:schema            write the file
 *   npm run db:schema -- --check exit 1 if the file is not what the SQLite schema gives (tests run this too)
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgresql", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:schema\` (scripts/postgres-schema.ts).
// Do not edit: change prisma/schema.prisma, run \`npm run db:schema\`, then write the PostgreSQL
// migration as docs/database.md says. The tests fail while this file is out of date.
`;

/** The PostgreSQL schema for a SQLite schema's text. Throws when the text is not shaped as expected. */
export function postgresSchema(sqlite: string): string {
  const replace = (text: string, from: RegExp, to: string, what: string) => {
    if (!from.test(text)) throw new Error(`prisma/schema.prisma: cannot find ${what}`);
    return text.replace(from, to);
  };
  let out = replace(sqlite, /(datasource db \{[^}]*provider\s*=\s*)"sqlite"/, '$1"postgresql"', 'the datasource\'s provider = "sqlite"');
  out = replace(out, /(generator client \{[^}]*output\s*=\s*)"\.\.\/src\/generated\/prisma"/, '$1"../../src/generated/prisma-postgresql"', 'the client generator\'s output "../src/generated/prisma"');
  if (/@db\.|provider\s*=\s*"sqlite"/.test(out)) throw new Error("prisma/schema.prisma: native types (@db.) or a second sqlite provider cannot be carried over");
  return HEADER + out;
}

function main(): void {
  const want = postgresSchema(fs.readFileSync(SQLITE_SCHEMA, "utf8"));
  const have = fs.existsSync(POSTGRES_SCHEMA) ? fs.readFileSync(POSTGRES_SCHEMA, "utf8") : "";
  if (process.argv.includes("--check")) {
    if (want !== have) {
      console.error("prisma/postgresql/schema.prisma is out of date: run npm run db:schema");
      process.exit(1);
    }
    return;
  }
  fs.mkdirSync(path.dirname(POSTGRES_SCHEMA), { recursive: true });
  fs.writeFileSync(POSTGRES_SCHEMA, want);
  console.info(`Wrote ${path.relative(root, POSTGRES_SCHEMA)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
