/**
 * The real course content: every lesson's frontmatter is valid, every lesson compiles and renders with the
 * components map, every internal link and lab id resolves, and every quiz has a correct answer and explanations.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { lessonComponents } from "@/components/mdx";
import { MdxContent } from "@/components/mdx/MdxContent";
import { allLessons, loadCatalog, type Catalog } from "./catalog";
import { compileLesson } from "./compile";
import { isKnownLabId } from "./labs";
import { ALLOWED_COMPONENTS, checkInternalLink } from "./validate-body";

let catalog: Catalog;

beforeAll(() => {
  catalog = loadCatalog();
});

describe("course content", () => {
  it("has module 06 with lessons in order", () => {
    const mod = catalog.modules.find((m) => m.id === "06-deployment-patterns-and-clustering");
    expect(mod).toBeDefined();
    expect(mod?.lessons.length).toBeGreaterThanOrEqual(6);
    const numbers = mod?.lessons.map((l) => Number(l.slug.slice(0, 2)));
    expect(numbers).toEqual([...(numbers ?? [])].sort((a, b) => a - b));
  });

  it("the components map and the validator's allow-list name the same components", () => {
    expect(Object.keys(lessonComponents(null)).sort()).toEqual([...ALLOWED_COMPONENTS].sort());
  });

  it("every lesson compiles, renders, and highlights its code blocks", async () => {
    for (const lesson of allLessons(catalog)) {
      const compiled = await compileLesson(lesson);
      const html = renderToStaticMarkup(
        createElement(MdxContent, {
          hash: compiled.hash,
          code: compiled.code,
          components: lessonComponents(createElement("p", null, "QUIZ-SLOT")),
        }),
      );
      expect(html, lesson.file).toContain("QUIZ-SLOT");
      const fences = [...lesson.body.matchAll(/^```(toml|xml|nginx|shell|sh|bash|properties|ini)\b/gm)].length;
      if (fences > 0) expect(html, `${lesson.file} has code but no highlighting`).toMatch(/class="hljs language-/);
      if (lesson.body.includes("|---|")) expect(html, `${lesson.file} table not rendered`).toContain("<table>");
    }
  });

  it("module 06 has the summary and training-node reference pages, and they compile and render", async () => {
    const mod = catalog.modules.find((m) => m.id === "06-deployment-patterns-and-clustering");
    expect(mod?.pages.map((p) => p.slug).sort()).toEqual(["summary", "training-node"]);
    for (const page of mod?.pages ?? []) {
      const compiled = await compileLesson(page);
      const html = renderToStaticMarkup(
        createElement(MdxContent, { hash: compiled.hash, code: compiled.code, components: lessonComponents(null) }),
      );
      expect(html, page.file).toContain("<table>");
      expect(html, page.file).not.toMatch(/`[^`<]+`/); // inline code rendered, no raw backticks
    }
  });

  it("every lab id in frontmatter and every LabCard resolves", () => {
    for (const lesson of allLessons(catalog)) {
      if (lesson.frontmatter.lab) expect(isKnownLabId(lesson.frontmatter.lab), lesson.file).toBe(true);
      for (const m of lesson.body.matchAll(/<LabCard\b[^>]*\bid="([^"]*)"/g))
        expect(isKnownLabId(m[1] ?? ""), lesson.file).toBe(true);
    }
  });

  it("every internal link resolves to a module, lesson or known lab", () => {
    let links = 0;
    for (const lesson of allLessons(catalog)) {
      for (const m of lesson.body.matchAll(/\]\((\/[^)\s]*)\)/g)) {
        links += 1;
        expect(checkInternalLink(m[1] ?? "", catalog), `${lesson.file}: ${m[1]}`).toBeUndefined();
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it("every quiz has at least 3 questions, a correct answer each, and an explanation for every choice", () => {
    for (const lesson of allLessons(catalog)) {
      const quiz = lesson.frontmatter.quiz;
      expect(quiz.length, lesson.file).toBeGreaterThanOrEqual(3);
      for (const q of quiz) {
        const correct = q.choices.filter((c) => c.correct);
        expect(correct.length, `${lesson.file} ${q.id}`).toBeGreaterThanOrEqual(1);
        if (q.kind === "single") expect(correct.length, `${lesson.file} ${q.id}`).toBe(1);
        for (const c of q.choices) expect(c.explanation.length, `${lesson.file} ${q.id}/${c.id}`).toBeGreaterThan(20);
      }
    }
  });

  it("every lesson has objectives, minutes and at least one covered source section", () => {
    for (const lesson of allLessons(catalog)) {
      expect(lesson.frontmatter.objectives.length, lesson.file).toBeGreaterThan(0);
      expect(lesson.frontmatter.covers.length, lesson.file).toBeGreaterThan(0);
    }
  });
});
