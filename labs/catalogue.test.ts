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
      expect(listFiles(path.join(lab.starterDir, folder)).length, `${lab.definition.id}: starter/${folder} is empty`).toBeGreaterThan(0);
    }
    for (const file of [...listFiles(lab.starterDir), ...listFiles(lab.solutionDir)]) {
      expect(folders.some((f) => file.startsWith(`${f}/`)), `${lab.definition.id}: ${file} is in no node's folder`).toBe(true);
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
