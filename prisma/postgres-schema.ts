/**
 * Derives prisma/postgres/schema.prisma from prisma/schema.prisma (the one hand-edited source).
 * Only three things differ: the header, the datasource provider and the client output path (one level deeper).
 * Run `npx tsx prisma/postgres-schema.ts` after editing the schema; prisma/postgres-schema.test.ts fails on drift.
 */
import fs from "node:fs";
import path from "node:path";

const header = `// GENERATED from prisma/schema.prisma by \`npx tsx prisma/postgres-schema.ts\` — do not edit by hand.
// PostgreSQL (classroom mode) twin of the SQLite schema; migrations live in prisma/migrations-postgres.
`;

export class SchemaDerivationError extends Error {
  override name = "SchemaDerivationError";
}

function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  if (!pattern.test(text))
    throw new SchemaDerivationError(
      `prisma/schema.prisma: could not find ${what}; keep it as written in the template.`,
    );
  return text.replace(pattern, replacement);
}

export function derivePostgresSchema(sqliteSchema: string): string {
  // Drop the leading comment block (it talks about the SQLite file) and put the generated-file header instead.
  let body = sqliteSchema.replace(/^(\/\/[^\n]*\n)+\n?/, "");
  body = replaceOnce(
    body,
    /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
    'provider = "sqlite" in the datasource block',
  );
  body = replaceOnce(
    body,
    /output(\s*)=(\s*)"\.\.\/generated\/prisma"/,
    'output$1=$2"../../generated/prisma"',
    'output = "../generated/prisma" in the generator block',
  );
  return `${header}\n${body}`;
}

export const schemaFiles = {
  source: path.join(import.meta.dirname, "schema.prisma"),
  postgres: path.join(import.meta.dirname, "postgres", "schema.prisma"),
};

function main(): void {
  const derived = derivePostgresSchema(fs.readFileSync(schemaFiles.source, "utf8"));
  fs.mkdirSync(path.dirname(schemaFiles.postgres), { recursive: true });
  fs.writeFileSync(schemaFiles.postgres, derived);
  console.log(`wrote ${path.relative(process.cwd(), schemaFiles.postgres)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
