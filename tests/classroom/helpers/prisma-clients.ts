/**
 * Prisma clients for BOTH providers in one test run. The project's generated/prisma is built for one provider
 * (whichever DATABASE_URL named at generate time), so the classroom suites and the benchmark generate their
 * own clients aside, one per provider and schema content: generated/.classroom-clients/<provider>-<hash>/.
 * Generation goes to a temporary folder renamed into place, so concurrent runs never see half a client.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createDriverAdapter } from "@/lib/db";
import { prismaPaths, type DatabaseProvider } from "@/lib/db-url";
import type { ClassroomDb } from "@/lib/progress/db-types";
import { describeRun, repoRoot, runPrisma } from "@/tests/helpers/prisma-cli";

const clientsRoot = path.join(repoRoot, "generated", ".classroom-clients");

export function clientDirFor(provider: DatabaseProvider): { dir: string; schema: string } {
  const schema = fs
    .readFileSync(path.join(repoRoot, prismaPaths[provider].schema), "utf8")
    .replace(/output\s*=\s*"[^"]*"/, 'output   = "./client"');
  const hash = createHash("sha256").update(schema).digest("hex").slice(0, 16);
  return { dir: path.join(clientsRoot, `${provider}-${hash}`), schema };
}

/** Path of the generated client module for `provider`, generating it first when missing. */
export async function ensureClientModule(provider: DatabaseProvider, databaseUrl: string): Promise<string> {
  const { dir, schema } = clientDirFor(provider);
  const entry = path.join(dir, "client", "client.ts");
  if (fs.existsSync(entry)) return entry;
  fs.mkdirSync(clientsRoot, { recursive: true });
  const temp = `${dir}.tmp-${randomBytes(4).toString("hex")}`;
  fs.mkdirSync(temp, { recursive: true });
  try {
    fs.writeFileSync(path.join(temp, "schema.prisma"), schema);
    const args = ["generate", "--schema", path.join(temp, "schema.prisma")];
    const result = await runPrisma(args, databaseUrl, 120_000);
    if (result.code !== 0) throw new Error(describeRun(args, result));
    try {
      fs.renameSync(temp, dir);
    } catch (error) {
      // Another run won the race: its client is just as good.
      if (!fs.existsSync(entry)) throw error;
    }
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
  return entry;
}

export async function createClassroomClient(provider: DatabaseProvider, databaseUrl: string): Promise<ClassroomDb> {
  const entry = await ensureClientModule(provider, databaseUrl);
  // Same models as generated/prisma, so the project's client type describes this module too.
  const { PrismaClient } = (await import(entry)) as typeof import("@/generated/prisma/client");
  return new PrismaClient({ adapter: createDriverAdapter(databaseUrl) });
}
