/**
 * bin/clusterlab.mjs runs the CLI bundle and never a stale one silently: a listed input that changed since the
 * build makes it rebuild first and say so. Works on the real dist/cli of this checkout (the bundle `npm run
 * clusterlab` uses), marking one input as changed in current.json instead of touching a source file.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");
const current = path.join(root, "dist", "cli", "current.json");

function clusterlab(...args: Array<string>) {
  return spawnSync(process.execPath, [path.join(root, "bin", "clusterlab.mjs"), ...args], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
}

test("a changed input rebuilds the bundle first and says which; an unchanged tree runs it silently", () => {
  const first = clusterlab("lab", "list");
  expect(first.status, first.stderr).toBe(0);
  const listed = JSON.parse(fs.readFileSync(current, "utf8")) as {
    build: string;
    inputs: Array<{ file: string; size: number; mtimeMs: number }>;
  };
  const input = listed.inputs.find((i) => i.file === "labs/index.ts");
  expect(input).toBeDefined();
  input!.mtimeMs -= 1;
  fs.writeFileSync(current, JSON.stringify(listed));

  const rebuilt = clusterlab("lab", "list");
  expect(rebuilt.status, rebuilt.stderr).toBe(0);
  expect(rebuilt.stderr).toContain("building the CLI bundle first (labs/index.ts changed)");
  expect(rebuilt.stdout).toMatch(/^wka\s/m);

  const again = clusterlab("lab", "list");
  expect(again.status).toBe(0);
  expect(again.stderr).toBe("");
  expect(again.stdout).toBe(rebuilt.stdout);
}, 240_000);

/**
 * `lab list` is the command a learner runs first; it must not load the database drivers, Prisma, argon2 or dockerode
 * (each costs tens of milliseconds of start-up; together they took `lab list` from ~0.2 s to ~0.32 s when
 * `admin` imported Prisma statically). A CommonJS load hook lists what the run required from node_modules.
 */
test("lab list loads none of the heavy packages (DB drivers, Prisma, argon2, dockerode)", () => {
  const hook = path.join(fs.mkdtempSync(path.join(root, ".data", "cli-load-")), "hook.cjs");
  fs.writeFileSync(
    hook,
    `const M = require("module"); const load = M._load;
M._load = function (request, parent) {
  if (!request.startsWith(".") && !request.startsWith("node:") && !M.builtinModules.includes(request))
    process.stderr.write("LOADED " + request + "\\n");
  return load.apply(this, arguments);
};`,
  );
  try {
    clusterlab("lab", "list"); // builds the bundle when stale, so the measured run loads only what lab list needs
    const run = spawnSync(
      process.execPath,
      ["--require", hook, path.join(root, "bin", "clusterlab.mjs"), "lab", "list"],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 120_000,
      },
    );
    expect(run.status, run.stderr).toBe(0);
    const loaded = [...run.stderr.matchAll(/^LOADED (.+)$/gm)].map((m) => m[1]!);
    const heavy = loaded.filter((name) =>
      /better-sqlite3|(^|\/node_modules\/)pg($|\/)|mysql2|@prisma|argon2|dockerode|esbuild|mdx-bundler/.test(name),
    );
    expect(heavy).toEqual([]);
  } finally {
    fs.rmSync(path.dirname(hook), { recursive: true, force: true });
  }
}, 240_000);
