/**
 * Classroom mode in the browser (security review M1, M2; walkthrough D1, D3, D8): the built app (next build + next
 * start, CLUSTERLAB_MODE=classroom on a temp SQLite file), two learners signed in by their own session cookies in
 * turn. Each one's quiz attempts and completion are stored and shown under their own account; a signed-out visitor
 * records nothing; an API token or a bad token on /progress is sent to sign in, never served the page or a 500.
 * The instructor sees both learners' quizzes in the matrix, labelled self-reported; the classroom lab page shows the
 * `clusterlab login` step (F10); the server warned at start that it has no admin (H1).
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import { SESSION_COOKIE } from "@/lib/auth/cookies";
import { allLessons, loadCatalog, type Lesson } from "@/lib/content";
import { createPrismaClient } from "@/lib/db";
import { createAccount, createSession } from "@/lib/progress/accounts";
import { createCohort, joinCohort } from "@/lib/progress/cohorts";
import { createApiToken } from "@/lib/progress/tokens";
import { CHROMIUM, launchChromium, SHOTS, type TestBrowser } from "@/tests/helpers/browser";
import { serveIsolatedApp, type ServedApp } from "./support/next-app";

const MODULE_ID = "06-deployment-patterns-and-clustering";
const chromiumMissing = !fs.existsSync(CHROMIUM);

type Learner = { id: string; secret: string; token: string };

describe.skipIf(chromiumMissing)(
  chromiumMissing
    ? `classroom lessons (skipped: ${CHROMIUM} not installed)`
    : "classroom lessons in the browser: progress belongs to each learner",
  () => {
    let served: ServedApp;
    let browser: TestBrowser;
    let db: PrismaClient;
    let lesson: Lesson;
    const learners: Record<"lena" | "omar", Learner> = {} as never;
    let teacher: { secret: string; cohortId: string };

    beforeAll(async () => {
      const first = allLessons(loadCatalog()).find((l) => l.moduleId === MODULE_ID);
      if (!first) throw new Error(`no lessons in ${MODULE_ID}`);
      lesson = first;
      served = await serveIsolatedApp({ database: "clusterlab-e2e-classroom-" }, { CLUSTERLAB_MODE: "classroom" });
      db = createPrismaClient(served.databaseUrl);
      for (const name of ["lena", "omar"] as const) {
        const user = await createAccount(db, {
          email: `${name}@school.example`,
          name,
          passwordHash: "unused-in-this-suite",
          role: "learner",
        });
        const session = await createSession(db, user.id, new Date());
        learners[name] = {
          id: user.id,
          secret: session.secret,
          token: (await createApiToken(db, user.id, "laptop")).token,
        };
      }
      const instructor = await createAccount(db, {
        email: "teacher@school.example",
        name: "Teacher",
        passwordHash: "unused-in-this-suite",
        role: "instructor",
      });
      const cohort = await createCohort(db, instructor.id, "Class 6A");
      for (const l of Object.values(learners)) await joinCohort(db, l.id, cohort.joinCode);
      teacher = { secret: (await createSession(db, instructor.id, new Date())).secret, cohortId: cohort.id };
      browser = await launchChromium();
    }, 1_200_000);

    afterAll(async () => {
      await browser?.close();
      await db?.$disconnect();
      await served?.close();
    });

    async function signInAs(who: "lena" | "omar" | "teacher" | null): Promise<void> {
      await browser.context.clearCookies();
      const secret = who === "teacher" ? teacher.secret : who ? learners[who].secret : undefined;
      if (secret)
        await browser.context.addCookies([
          { name: SESSION_COOKIE, value: secret, url: served.app.baseUrl, httpOnly: true, sameSite: "Strict" },
        ]);
    }

    async function answer(correct: boolean): Promise<void> {
      const page = browser.page;
      await page.goto(`${served.app.baseUrl}${lesson.href}`);
      const fieldsets = page.locator(".quiz fieldset");
      for (const [i, q] of lesson.frontmatter.quiz.entries()) {
        const chosen = correct ? q.choices.filter((c) => c.correct) : q.choices.filter((c) => !c.correct).slice(0, 1);
        for (const c of chosen) await fieldsets.nth(i).getByLabel(c.text, { exact: true }).check();
      }
      await page.getByRole("button", { name: "Check answers" }).click();
    }

    it("a signed-out visitor is asked to sign in and records nothing", async () => {
      await signInAs(null);
      await answer(true);
      await browser.page.getByText(/Sign in \(\/login\) to check your answers/).waitFor();
      expect(await db.quizAttempt.count()).toBe(0);
      expect(await db.user.count({ where: { email: "local@clusterlab.invalid" } })).toBe(0);
    });

    it("Lena's 4/4 and completion are hers; Omar then sees a fresh lesson and his own 0", async () => {
      const max = lesson.frontmatter.quiz.length;
      await signInAs("lena");
      await answer(true);
      await expect(browser.page.getByTestId("quiz-score").textContent()).resolves.toContain(
        `Your score: ${max}/${max}`,
      );
      await browser.page.getByRole("button", { name: "Mark lesson complete" }).click();
      await browser.page.getByTestId("lesson-completed").waitFor();
      await browser.page.screenshot({ path: path.join(SHOTS, "classroom-lena.png"), fullPage: true });

      await signInAs("omar");
      await browser.page.goto(`${served.app.baseUrl}${lesson.href}`);
      await browser.page.getByRole("button", { name: "Mark lesson complete" }).waitFor();
      expect(await browser.page.getByTestId("lesson-completed").count()).toBe(0);
      expect(await browser.page.getByTestId("quiz-standing").count()).toBe(0);
      await answer(false);
      await expect(browser.page.getByTestId("quiz-score").textContent()).resolves.toContain(`Your score: 0/${max}`);
      await expect(browser.page.getByTestId("quiz-standing").textContent()).resolves.toContain("1 attempt");
      await browser.page.screenshot({ path: path.join(SHOTS, "classroom-omar.png"), fullPage: true });

      const rows = await db.quizAttempt.findMany({
        select: { userId: true, score: true },
        orderBy: { createdAt: "asc" },
      });
      expect(rows).toEqual([
        { userId: learners.lena.id, score: max },
        { userId: learners.omar.id, score: 0 },
      ]);
      expect(await db.lessonProgress.findMany({ select: { userId: true, lessonSlug: true } })).toEqual([
        { userId: learners.lena.id, lessonSlug: lesson.id },
      ]);

      await signInAs("lena");
      await browser.page.goto(`${served.app.baseUrl}/progress`);
      await expect(browser.page.locator("body").textContent()).resolves.toContain(lesson.id);
    });

    it("an API token, a made-up token and Basic auth on /progress are sent to sign in (no page, no 500)", async () => {
      for (const authorization of [`Bearer ${learners.lena.token}`, "Bearer clt_made-up-token", "Basic dXNlcjpwYXNz"]) {
        const response = await fetch(`${served.app.baseUrl}/progress`, {
          headers: { authorization },
          redirect: "manual",
        });
        expect(response.status, authorization.slice(0, 12)).toBe(307);
        expect(response.headers.get("location")).toMatch(/\/login$/);
      }
      const instructor = await fetch(`${served.app.baseUrl}/instructor`, {
        headers: { authorization: `Bearer ${learners.lena.token}` },
        redirect: "manual",
      });
      expect(instructor.status).toBe(307);
    });

    it("the instructor's matrix shows each learner's lesson and quiz, and says lab scores are self-reported", async () => {
      const max = lesson.frontmatter.quiz.length;
      await signInAs("teacher");
      await browser.page.goto(`${served.app.baseUrl}/instructor?cohort=${teacher.cohortId}`);
      const rows = browser.page.locator(".classroom-table tbody tr");
      await expect(rows.filter({ hasText: "lena" }).textContent()).resolves.toMatch(
        new RegExp(`1/1.*${max}/${max} in 1 quiz`, "s"),
      );
      await expect(rows.filter({ hasText: "omar" }).textContent()).resolves.toMatch(
        new RegExp(`0/1.*0/${max} in 1 quiz`, "s"),
      );
      await expect(browser.page.locator("body").textContent()).resolves.toContain("Lab scores are self-reported");
      await browser.page.screenshot({ path: path.join(SHOTS, "classroom-instructor.png"), fullPage: true });
    });

    it("the classroom lab page shows the once-per-machine login step with this server's address (F10)", async () => {
      const html = await (await fetch(`${served.app.baseUrl}/labs/wka`)).text();
      expect(html).toContain(`login --server ${served.app.baseUrl} --token`);
    });

    it("the server warned at start that it has no admin yet, naming the command (H1)", () => {
      expect(served.app.logs()).toMatch(/no admin yet[\s\S]*admin grant/);
    });
  },
);
