/**
 * Lessons, lab READMEs and lab definitions describe the same labs: every LabCard's node count and technique match the
 * lab definition, a lab has one title everywhere, every README renders with the lesson components and links only to
 * pages that exist, and no text presents a training-node message as Carbon's.
 */
import fs from "node:fs";
import path from "node:path";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { lessonComponents } from "@/components/mdx";
import { MdxContent } from "@/components/mdx/MdxContent";
import { allLessons, loadCatalog, type Catalog } from "@/lib/content/catalog";
import { compileMdxSource } from "@/lib/content/compile";
import { KNOWN_LAB_IDS } from "@/lib/content/labs";
import { checkInternalLink } from "@/lib/content/validate-body";
import type { LabDefinition } from "@/lib/labs";
import { labCatalogue, labsRoot, labTitles } from "./index";

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6 };
const ORDINAL_WORDS: Record<string, number> = { second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6 };

type Card = { file: string; lab: string; text: string };

function labCards(catalog: Catalog): Card[] {
  return allLessons(catalog).flatMap((lesson) =>
    [...lesson.body.matchAll(/<LabCard\b[^>]*\bid="([^"]+)"[^>]*>([\s\S]*?)<\/LabCard>/g)].map((m) => ({
      file: lesson.file,
      lab: m[1] ?? "",
      text: (m[2] ?? "").replace(/\s+/g, " ").trim(),
    })),
  );
}

/** What a card claims about the node count: "three training nodes", "2 nodes", "a fourth node" ("one node" is not a count). */
export function claimedNodeCounts(text: string): { counts: number[]; ordinals: number[] } {
  const plain = text.toLowerCase().replace(/`/g, "");
  const counts = [
    ...plain.matchAll(
      /\b(one|two|three|four|five|six|\d+)\s+(?:(?:training|carbon|clustered|identity server|is)\s+)*nodes\b/g,
    ),
  ].map((m) => NUMBER_WORDS[m[1] ?? ""] ?? Number(m[1]));
  const ordinals = [...plain.matchAll(/\b(second|third|fourth|fifth|sixth)\s+(?:training\s+)?node\b/g)].map(
    (m) => ORDINAL_WORDS[m[1] ?? ""] ?? 0,
  );
  return { counts, ordinals };
}

const carbonNodes = (lab: LabDefinition) => lab.topology.nodes.filter((n) => n.role === "carbon").length;
const normalise = (s: string) => s.toLowerCase().replace(/[`-]/g, " ").replace(/\s+/g, " ");

let catalog: Catalog;
const byId = new Map(labCatalogue.map((lab) => [lab.id, lab]));

beforeAll(() => {
  catalog = loadCatalog();
});

describe("LabCards match their labs", () => {
  it("the claim parser reads counts and ordinals", () => {
    expect(claimedNodeCounts("Put three training nodes behind nginx")).toEqual({ counts: [3], ordinals: [] });
    expect(claimedNodeCounts("then start a fourth node")).toEqual({ counts: [], ordinals: [4] });
  });

  it("every LabCard names the lab's technique and its node count, and no node the lab does not have", () => {
    const cards = labCards(catalog);
    expect(cards.length).toBeGreaterThanOrEqual(4);
    for (const card of cards) {
      const lab = byId.get(card.lab);
      expect(lab, `${card.file}: LabCard id="${card.lab}"`).toBeDefined();
      if (!lab) continue;
      expect(lab.audience, `${card.file}: a lesson points at the test-only lab ${lab.id}`).toBe("learner");
      expect(lab.technique, `labs/${lab.id}/lab.ts has no technique`).toBeDefined();
      expect(
        normalise(card.text),
        `${card.file}: the ${lab.id} card does not name the lab's technique "${lab.technique}"`,
      ).toContain(normalise(lab.technique ?? ""));
      const { counts, ordinals } = claimedNodeCounts(card.text);
      expect(counts.length, `${card.file}: the ${lab.id} card should say how many nodes the lab runs`).toBeGreaterThan(
        0,
      );
      for (const n of counts)
        expect(n, `${card.file}: the ${lab.id} card says ${n} nodes; the lab has ${carbonNodes(lab)}`).toBe(
          carbonNodes(lab),
        );
      for (const n of ordinals)
        expect(
          n,
          `${card.file}: the ${lab.id} card names node #${n}; the lab has ${carbonNodes(lab)}`,
        ).toBeLessThanOrEqual(carbonNodes(lab));
    }
  });

  it("lesson frontmatter never points at a test-only lab", () => {
    for (const lesson of allLessons(catalog)) {
      if (lesson.frontmatter.lab) expect(byId.get(lesson.frontmatter.lab)?.audience, lesson.file).toBe("learner");
    }
  });
});

describe("one name per lab", () => {
  it("lesson pages name each lab by its own title (lib/content/labs.ts keeps ids only)", () => {
    expect([...KNOWN_LAB_IDS].sort()).toEqual(labCatalogue.map((lab) => lab.id).sort());
    for (const lab of labCatalogue) expect(labTitles().get(lab.id)).toBe(lab.title);
  });
});

describe("lab READMEs", () => {
  const readme = (id: string) => fs.readFileSync(path.join(labsRoot(), id, "README.mdx"), "utf8");

  it("render with the lesson components, list every command, link to the training-node page, and link only to real pages", async () => {
    for (const lab of labCatalogue) {
      const source = readme(lab.id);
      const file = `labs/${lab.id}/README.mdx`;
      expect(source, file).toContain(`<LabCommands lab="${lab.id}" />`);
      expect(source, file).toContain("/modules/06-deployment-patterns-and-clustering/reference/training-node");
      for (const m of source.matchAll(/\]\((\/[^)\s]*)\)/g))
        expect(checkInternalLink(m[1] ?? "", catalog), `${file}: ${m[1]}`).toBeUndefined();
      const code = await compileMdxSource(source, file, path.join(labsRoot(), lab.id));
      const html = renderToStaticMarkup(
        createElement(MdxContent, { hash: `readme-${lab.id}`, code, components: lessonComponents(null) }),
      );
      for (const command of [
        "lab init",
        "lab up",
        "lab status",
        "lab logs",
        "lab check",
        "lab solve",
        "lab reset",
        "lab down",
        "lab node stop",
        "config lint",
        "doctor",
        "images build",
      ]) {
        expect(html, `${file} lacks ${command}`).toContain(command);
      }
      expect(html, `${file}: README steps need ids for hint links`).toMatch(/<h2 id="step-1">/);
    }
  });

  it("no lab file calls a training-node message Carbon's", () => {
    const wording = /carbon'?s own (log|message)|carbon's log line|a carbon log line says/i;
    for (const lab of labCatalogue) {
      for (const name of fs
        .readdirSync(path.join(labsRoot(), lab.id))
        .filter((n) => /\.(ts|mdx)$/.test(n) && !n.endsWith(".test.ts"))) {
        const text = fs.readFileSync(path.join(labsRoot(), lab.id, name), "utf8");
        expect(text.match(wording)?.[0], `labs/${lab.id}/${name}`).toBeUndefined();
      }
    }
    for (const lesson of allLessons(catalog)) expect(lesson.body.match(wording)?.[0], lesson.file).toBeUndefined();
  });
});
