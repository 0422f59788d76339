import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { listFiles } from "@/lib/labs/files";
import { KNOWN_LAB_IDS } from "@/lib/content/labs";
import { getLabRegistry, labCatalogue, labsRoot, labTitles } from "./index";

const LABS_ROOT = labsRoot();

test("every labs/<id>/lab.ts is registered in the catalogue, under its folder name", () => {
  const folders = fs
    .readdirSync(LABS_ROOT, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(LABS_ROOT, e.name, "lab.ts")))
    .map((e) => e.name)
    .sort();
  expect(labCatalogue.map((lab) => lab.id).sort()).toEqual(folders);
});

test("each lab's starter holds a folder for every node, and its solution only touches those folders", () => {
  for (const lab of getLabRegistry().list()) {
    const folders = lab.definition.topology.nodes.map((n) => n.config);
    for (const folder of folders) {
      expect(
        listFiles(path.join(lab.starterDir, folder)).length,
        `${lab.definition.id}: starter/${folder} is empty`,
      ).toBeGreaterThan(0);
    }
    for (const file of [...listFiles(lab.starterDir), ...listFiles(lab.solutionDir)]) {
      expect(
        folders.some((f) => file.startsWith(`${f}/`)),
        `${lab.definition.id}: ${file} is in no node's folder`,
      ).toBe(true);
    }
    expect(listFiles(lab.solutionDir).length, `${lab.definition.id}: the solution changes nothing`).toBeGreaterThan(0);
  }
});

test("the sample solution differs from the starter exactly where the lesson says: the nginx upstream", () => {
  const sample = getLabRegistry().get("sample");
  const starter = fs.readFileSync(path.join(sample.starterDir, "lb/nginx.conf"), "utf8");
  const solution = fs.readFileSync(path.join(sample.solutionDir, "lb/nginx.conf"), "utf8");
  expect(starter).toMatch(/server node1:9763;/);
  expect(starter).not.toMatch(/server node2:9763;/);
  expect(solution).toMatch(/upstream carbon_nodes \{\s*server node1:9763;\s*server node2:9763;\s*\}/);
});

test("unknown lab ids name the labs that exist", () => {
  expect(() => getLabRegistry().get("nope")).toThrow(/Unknown lab "nope"\. Labs: (\S+, )*sample[,.]/);
});

test("lessons may name exactly the catalogue's labs (lib/content/labs.ts keeps ids only; titles come from lab.ts)", () => {
  expect([...KNOWN_LAB_IDS].sort()).toEqual(labCatalogue.map((l) => l.id).sort());
  expect(labTitles().get("wka")).toBe(labCatalogue.find((l) => l.id === "wka")?.title);
});

test("every lab has a content-CI expectation (tests/docker/labs-catalogue.expectations.ts) whose failing checks exist", async () => {
  // The Docker suite enforces "starter = 0 points" per expectation; this keeps a new lab from slipping past it.
  const { CATALOGUE_EXPECTATIONS } = await import("@/tests/docker/labs-catalogue.expectations");
  const byId = new Map(CATALOGUE_EXPECTATIONS.map((e) => [e.lab, e]));
  for (const lab of getLabRegistry().list()) {
    const expectation = byId.get(lab.definition.id);
    expect(expectation, `${lab.definition.id} has no entry in CATALOGUE_EXPECTATIONS`).toBeDefined();
    const ids = lab.definition.checks.map((c) => c.id);
    for (const failing of expectation?.starterFails ?? [])
      expect(ids, `${lab.definition.id}: ${failing}`).toContain(failing);
    // A check with no prerequisite runs on the starter: if it is worth points, the starter must fail it.
    for (const check of lab.definition.checks) {
      if (check.points > 0 && (check.requires ?? []).length === 0) {
        expect(
          expectation?.starterFails,
          `${lab.definition.id}: ${check.id} (${check.points} pts, no prerequisite) must fail on the starter`,
        ).toContain(check.id);
      }
    }
  }
});
