import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findRepoRoot, resolveLabsRoot } from "./labs-root";
import { LabCatalogueError } from "./registry";

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-labs-root-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A fake checkout: package.json named `name`, labs/index.ts, and a nested folder to start from. */
function checkout(dir: string, name = "clusterlab"): { root: string; labs: string; deep: string } {
  const root = path.join(scratch, dir);
  const labs = path.join(root, "labs");
  const deep = path.join(root, ".next", "server", "chunks");
  fs.mkdirSync(labs, { recursive: true });
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name }));
  fs.writeFileSync(path.join(labs, "index.ts"), "export {};\n");
  return { root, labs, deep };
}

describe("resolveLabsRoot", () => {
  it("uses the module's own folder when the runtime provides it (tsx, node)", () => {
    const repo = checkout("module");
    expect(resolveLabsRoot({ moduleDir: repo.labs, cwd: os.tmpdir() })).toBe(repo.labs);
  });

  it("without import.meta.dirname (Next.js server bundle) walks up from the working directory to the clusterlab package", () => {
    const repo = checkout("bundle");
    expect(resolveLabsRoot({ moduleDir: undefined, cwd: repo.deep })).toBe(repo.labs);
    expect(resolveLabsRoot({ moduleDir: undefined, cwd: repo.root })).toBe(repo.labs);
  });

  it("ignores a module folder that is not the labs folder (a bundler's chunk directory)", () => {
    const repo = checkout("chunks");
    expect(resolveLabsRoot({ moduleDir: repo.deep, cwd: repo.deep })).toBe(repo.labs);
  });

  it("skips package.json files of other packages on the way up", () => {
    const repo = checkout("nested");
    const other = path.join(repo.root, "node_modules", "other");
    fs.mkdirSync(other, { recursive: true });
    fs.writeFileSync(path.join(other, "package.json"), JSON.stringify({ name: "other" }));
    expect(findRepoRoot(other)).toBe(repo.root);
    expect(resolveLabsRoot({ cwd: other })).toBe(repo.labs);
  });

  it("CLUSTERLAB_LABS_DIR overrides both, and a wrong one is a clear error", () => {
    const repo = checkout("override");
    const elsewhere = checkout("elsewhere");
    expect(resolveLabsRoot({ override: elsewhere.labs, moduleDir: repo.labs, cwd: repo.root })).toBe(elsewhere.labs);
    expect(() => resolveLabsRoot({ override: path.join(scratch, "missing"), cwd: repo.root })).toThrow(
      /CLUSTERLAB_LABS_DIR .* has no index\.ts/,
    );
  });

  it("outside any clusterlab checkout says what to do", () => {
    const repo = checkout("foreign", "not-clusterlab");
    expect(() => resolveLabsRoot({ cwd: repo.deep })).toThrow(LabCatalogueError);
    expect(() => resolveLabsRoot({ cwd: repo.deep })).toThrow(/set CLUSTERLAB_LABS_DIR/);
  });

  it("finds this repository's labs from a subfolder of it", () => {
    const here = resolveLabsRoot({ cwd: path.join(import.meta.dirname, "..") });
    expect(fs.existsSync(path.join(here, "sample", "lab.ts"))).toBe(true);
  });
});
