/**
 * The import boundaries of ARCHITECTURE §2 as eslint.config.mjs enforces them: each case lints a one-line
 * module at a path in the tree and expects the rule to fire (or not). A boundary that silently stopped
 * applying (a glob typo, a later block overriding it) fails here.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function boundaryErrors(file: string, code: string): Promise<Array<string>> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: path.join(root, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports")
    .map((m) => m.message);
}

describe("import boundaries", () => {
  it.each([
    ["lib/labs/new-module.ts", 'import { getLabRegistry } from "@/labs";', /lib\/ never imports labs\//],
    ["lib/grading/new-module.ts", 'import { x } from "@/components/mdx";', /lib\/ never imports/],
    ["lib/progress/new-module.ts", 'import { x } from "@/app/api/_shared/context";', /lib\/ never imports/],
    ["labs/wka/new-module.ts", 'import { x } from "@/cli/exit";', /labs\/ holds lab data/],
    ["components/lab/New.tsx", 'import { getDb } from "@/lib/db";', /components\/ is React only/],
    ["components/lab/New.tsx", 'import { getEnv } from "@/lib/env";', /components\/ is React only/],
    ["components/lab/New.tsx", 'import type { User } from "@/generated/prisma/client";', /components\/ is React only/],
    ["lib/labs/new-module.ts", 'import Docker from "dockerode";', /Only lib\/runtime\/docker\/client.ts/],
    ["cli/commands/new.ts", 'import Docker from "dockerode";', /Only lib\/runtime\/docker\/client.ts/],
    [
      "lib/progress/new-module.ts",
      'import { PrismaClient } from "@/generated/prisma/client";',
      /constructed only in lib\/db.ts/,
    ],
    ["app/api/new/route.ts", 'import pg from "pg";', /Raw database drivers/],
    ["lib/grading/new-module.ts", 'import mysql from "mysql2/promise";', /Raw database drivers/],
  ])("%s: %s is refused", async (file, code, message) => {
    const errors = await boundaryErrors(file, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });

  it.each([
    ["lib/runtime/docker/client.ts", 'import Docker from "dockerode";'],
    ["lib/db.ts", 'import { PrismaClient } from "@/generated/prisma/client";\nimport pg from "pg";'],
    ["lib/progress/new-module.ts", 'import type { PrismaClient } from "@/generated/prisma/client";'],
    ["lib/carbon-node/new-module.ts", 'import pg from "pg";'],
    ["lib/progress/submission-store.ts", 'import type pg from "pg";'],
    ["labs/wka/new-module.ts", 'import { defineLab } from "@/lib/labs";'],
    ["app/labs/page.tsx", 'import { getLabRegistry } from "@/labs";'],
    ["lib/labs/new-module.test.ts", 'import { getLabRegistry } from "@/labs";'],
    ["tests/classroom/new.test.ts", 'import pg from "pg";\nimport { PrismaClient } from "@/generated/prisma/client";'],
  ])("%s: %s is allowed", async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});
