import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prismaPaths } from "@/lib/db-url";
import { derivePostgresSchema, SchemaDerivationError, schemaFiles } from "./postgres-schema";

describe("prisma/postgres/schema.prisma", () => {
  it("is exactly what prisma/postgres-schema.ts derives from prisma/schema.prisma (run `npx tsx prisma/postgres-schema.ts`)", () => {
    const derived = derivePostgresSchema(fs.readFileSync(schemaFiles.source, "utf8"));
    expect(fs.readFileSync(schemaFiles.postgres, "utf8")).toBe(derived);
  });

  it("differs from the source only in provider, output path and header", () => {
    const derived = derivePostgresSchema(fs.readFileSync(schemaFiles.source, "utf8"));
    expect(derived).toContain('provider = "postgresql"');
    expect(derived).toContain('output   = "../../generated/prisma"');
    expect(derived).not.toContain('"sqlite"');
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(derived)).toBe(models(fs.readFileSync(schemaFiles.source, "utf8")));
  });

  it("refuses a source whose datasource it cannot recognise", () => {
    expect(() =>
      derivePostgresSchema(
        'generator client {\n  output = "../generated/prisma"\n}\ndatasource db {\n  provider = "mysql"\n}\n',
      ),
    ).toThrow(SchemaDerivationError);
  });

  it("reads and writes the files prisma.config.ts uses for each provider", () => {
    const root = path.resolve(import.meta.dirname, "..");
    expect(schemaFiles.source).toBe(path.join(root, prismaPaths.sqlite.schema));
    expect(schemaFiles.postgres).toBe(path.join(root, prismaPaths.postgresql.schema));
  });
});
