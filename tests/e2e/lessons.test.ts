/**
 * Browser journey through the built app (next build + scripts/server.mjs, temp SQLite), driven by playwright-core on Debian's
 * chromium: open a lesson, answer its knowledge check, see the score, retry, mark the lesson complete, see progress
 * on the home page. axe-core must report no serious or critical violations on the home, module and lesson pages.
 * Screenshots go to test-results/e2e/.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allLessons, loadCatalog, type Lesson } from "@/lib/content";
import { presentationSchema } from "@/lib/content/quiz";
import { createPrismaClient } from "@/lib/db";
import { axeSeriousOrCritical, CHROMIUM, launchChromium, SHOTS, type TestBrowser } from "@/tests/helpers/browser";
import { serveIsolatedApp, type RunningApp, type ServedApp } from "./support/next-app";

const MODULE_ID = "06-deployment-patterns-and-clustering";

const chromiumMissing = !fs.existsSync(CHROMIUM);

describe.skipIf(chromiumMissing)(
  chromiumMissing ? `lessons in the browser (skipped: ${CHROMIUM} not installed)` : "lessons in the browser",
  () => {
    let served: ServedApp;
    let app: RunningApp;
    let browser: TestBrowser;
    let page: Page;
    let lesson: Lesson;
    let lessonCount: number;

    beforeAll(async () => {
      const catalog = loadCatalog();
      const lessons = allLessons(catalog).filter((l) => l.moduleId === MODULE_ID);
      const first = lessons[0];
      if (!first) throw new Error(`no lessons in ${MODULE_ID}`);
      lesson = first;
      lessonCount = lessons.length;
      served = await serveIsolatedApp();
      app = served.app;
      browser = await launchChromium();
      page = browser.page;
    }, 1_200_000);

    afterAll(async () => {
      await browser?.close();
      await served?.close();
    });

    async function shot(name: string): Promise<void> {
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    }

    it("home page lists the module with no progress yet, and passes axe", async () => {
      await page.goto(`${app.baseUrl}/`);
      await expect(page.getByRole("heading", { level: 1 }).textContent()).resolves.toContain("WSO2 clustering");
      await expect(page.getByTestId("progress-text").first().textContent()).resolves.toContain(
        `0 of ${lessonCount} lessons complete`,
      );
      await shot("home-before");
      expect(await axeSeriousOrCritical(page, "home")).toEqual([]);
    });

    it("module page lists every lesson with its minutes, and passes axe", async () => {
      await page.goto(`${app.baseUrl}/modules/${MODULE_ID}`);
      const items = page.locator(".lesson-list > li");
      expect(await items.count()).toBe(lessonCount);
      await expect(items.first().textContent()).resolves.toContain(`${lesson.frontmatter.minutes} min`);
      await shot("module");
      expect(await axeSeriousOrCritical(page, "module")).toEqual([]);
    });

    it("the lesson page does not contain the answers before submission", async () => {
      const html = await (await fetch(`${app.baseUrl}${lesson.href}`)).text();
      expect(html).toContain(lesson.frontmatter.title);
      // Compare on the longest run of characters that HTML/JSON escaping leaves alone, so escaping cannot hide a leak.
      const plain = (text: string) => text.split(/["'&<>\\`]/).reduce((a, b) => (b.length > a.length ? b : a), "");
      for (const q of lesson.frontmatter.quiz) {
        expect(html).toContain(plain(q.choices[0]?.text ?? ""));
        for (const c of q.choices)
          expect(html, `explanation of ${q.id}/${c.id} leaked`).not.toContain(plain(c.explanation));
      }
      expect(html).not.toMatch(/"correct"\s*:\s*true/);
    });

    it("answers the knowledge check, sees the score, retries, and keeps best and last", async () => {
      await page.goto(`${app.baseUrl}${lesson.href}`);
      await shot("lesson-before");
      expect(await axeSeriousOrCritical(page, "lesson")).toEqual([]);

      const questions = lesson.frontmatter.quiz;
      const fieldsets = page.locator(".quiz fieldset");
      expect(await fieldsets.count()).toBe(questions.length);
      for (const [i, q] of questions.entries()) {
        for (const c of q.choices.filter((c) => c.correct))
          await fieldsets.nth(i).getByLabel(c.text, { exact: true }).check();
      }
      await page.getByRole("button", { name: "Check answers" }).click();
      await expect(page.getByTestId("quiz-score").textContent()).resolves.toContain(
        `Your score: ${questions.length}/${questions.length}`,
      );
      await expect(page.locator(".explanation").first().isVisible()).resolves.toBe(true);
      await shot("lesson-scored");
      expect(await axeSeriousOrCritical(page, "lesson-scored")).toEqual([]);

      // Retry with every first question wrong: last drops, best stays.
      await page.getByRole("button", { name: "Try again" }).click();
      for (const [i, q] of questions.entries()) {
        const pick = i === 0 ? q.choices.find((c) => !c.correct) : undefined;
        const chosen = pick ? [pick] : q.choices.filter((c) => c.correct);
        for (const c of chosen) await fieldsets.nth(i).getByLabel(c.text, { exact: true }).check();
      }
      await page.getByRole("button", { name: "Check answers" }).click();
      await expect(page.getByTestId("quiz-score").textContent()).resolves.toContain(
        `Your score: ${questions.length - 1}/${questions.length}`,
      );
      const standing = await page.getByTestId("quiz-standing").textContent();
      expect(standing).toContain(`Best score ${questions.length}/${questions.length}`);
      expect(standing).toContain(`last score ${questions.length - 1}/${questions.length}`);
      expect(standing).toContain("2 attempts");
    });

    it("stores the seed and the choice order the learner saw with the attempt", async () => {
      const shown = await page
        .locator(".quiz fieldset")
        .evaluateAll((els) =>
          els.map((e) => [...e.querySelectorAll(".choice")].map((c) => c.getAttribute("data-choice"))),
        );
      const db = createPrismaClient(served.databaseUrl);
      try {
        const last = await db.quizAttempt.findFirst({
          where: { lessonSlug: lesson.id },
          orderBy: { createdAt: "desc" },
        });
        expect(typeof last?.seed).toBe("number");
        const presented = presentationSchema.parse(last?.presented);
        expect(presented.seed).toBe(last?.seed);
        expect(presented.order.map((o) => o.choiceIds)).toEqual(shown);
      } finally {
        await db.$disconnect();
      }
    });

    it("marks the lesson complete, which survives a reload", async () => {
      await page.getByRole("button", { name: "Mark lesson complete" }).click();
      await page.getByTestId("lesson-completed").waitFor();
      await page.reload();
      await page.getByTestId("lesson-completed").waitFor();
      await expect(page.getByTestId("quiz-standing").textContent()).resolves.toContain("2 attempts");
      await shot("lesson-completed");
    });

    it("next/previous links move between lessons", async () => {
      await page.getByRole("link", { name: /^Next:/ }).click();
      await page.waitForURL(/02-/);
      await page.getByRole("link", { name: /^← Previous:/ }).click();
      await page.waitForURL(new RegExp(`${lesson.slug}$`));
    });

    it("home and module pages show the progress", async () => {
      await page.goto(`${app.baseUrl}/`);
      await expect(page.getByTestId("progress-text").first().textContent()).resolves.toContain(
        `1 of ${lessonCount} lessons complete`,
      );
      await expect(page.getByRole("link", { name: "Continue" }).getAttribute("href")).resolves.toMatch(/\/02-/);
      await shot("home-after");
      await page.goto(`${app.baseUrl}/modules/${MODULE_ID}`);
      const first = page.locator(".lesson-list > li").first();
      await expect(first.textContent()).resolves.toMatch(/completed.*quiz best \d+\/\d+/s);
    });
  },
);
