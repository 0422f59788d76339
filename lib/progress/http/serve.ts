/**
 * Serve the classroom API routes alone over node:http (no Next.js build): the durability suite kills it
 * with SIGKILL mid-load, and `npm run bench:progress` runs instances of it behind nginx.
 *   tsx lib/progress/http/serve.ts --database-url <url> --labs-json <file with KnownLab[]> [--client-module <generated client.ts>]
 *       [--host 127.0.0.1] [--port 0] [--mode classroom] [--trust-proxy] [--no-submission-limits]
 * Prints `listening on http://host:port` once ready. The labs come from --labs-json (every caller writes one,
 * e.g. from `labCatalogFromRegistry(getLabRegistry())`): lib/ does not import the lab catalogue (ADR 0015).
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createDriverAdapter, createPrismaClient } from "@/lib/db";
import type { ClassroomDb } from "../db-types";
import { fixedLabCatalog, type LabCatalog } from "../lab-catalog";
import { createSubmissionStore } from "../submission-store";
import { adminBootstrapWarning } from "../admins";
import { NO_SUBMISSION_LIMITS } from "./handlers/submissions";
import { createApiServer } from "./node-server";

const knownLabsSchema = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    contentHash: z.string(),
    checks: z.array(z.object({ id: z.string(), title: z.string(), maxPoints: z.number().int().min(0) })),
  }),
);

function loadCatalog(labsJson: string): LabCatalog {
  return fixedLabCatalog(knownLabsSchema.parse(JSON.parse(fs.readFileSync(labsJson, "utf8"))));
}

async function openDb(url: string, clientModule: string | undefined): Promise<ClassroomDb> {
  if (!clientModule) return createPrismaClient(url);
  const { PrismaClient } = (await import(path.resolve(clientModule))) as typeof import("@/generated/prisma/client");
  return new PrismaClient({ adapter: createDriverAdapter(url) });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "database-url": { type: "string" },
      "client-module": { type: "string" },
      "labs-json": { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "0" },
      mode: { type: "string", default: "classroom" },
      "trust-proxy": { type: "boolean", default: false },
      "no-submission-limits": { type: "boolean", default: false },
    },
  });
  const url = values["database-url"];
  if (!url) throw new Error("--database-url is required");
  const labsJson = values["labs-json"];
  if (!labsJson)
    throw new Error(
      "--labs-json is required: a JSON array of the labs this server accepts (see writeDemoLabsJson in tests/classroom/helpers/api-process.ts)",
    );
  const mode = z.enum(["local", "classroom"]).parse(values.mode);
  const db = await openDb(url, values["client-module"]);
  const submissions = createSubmissionStore(url);
  const server = createApiServer({
    db,
    submissions,
    mode,
    labs: loadCatalog(labsJson),
    // Only behind a proxy that appends X-Forwarded-For (the benchmark's nginx): otherwise a client could pick its bucket.
    trustProxy: values["trust-proxy"] === true,
    // Load harnesses push one learner's reports as fast as they can; a course server never sets this.
    ...(values["no-submission-limits"] === true ? { submissionLimits: NO_SUBMISSION_LIMITS } : {}),
    now: () => new Date(),
  });
  server.keepAliveTimeout = 30_000;
  server.listen(Number(values.port), values.host, () => {
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : values.port;
    process.stdout.write(`listening on http://${values.host}:${port}\n`);
  });
  if (mode === "classroom") {
    const warning = await adminBootstrapWarning(db).catch(() => undefined);
    if (warning) process.stderr.write(`serve: WARNING: ${warning}\n`);
  }
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      server.close();
      void Promise.allSettled([db.$disconnect(), submissions.close()]).finally(() => process.exit(0));
    });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`serve: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
