/**
 * Walkthrough D6: on the first load of a lab page the editor's line-number gutter must line up with the text. The
 * workspace is initialised on disk before the page opens (no Docker needed: init only copies files), then the page is
 * loaded fresh and, without any click, every line-number row must have the height and top of its text line.
 * The same run screenshots the pages this branch changed (test-results/e2e/f-*.png) so a person can look at them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getLabRegistry } from "@/labs/index";
import { initLab } from "@/lib/labs";
import { axeSeriousOrCritical, CHROMIUM, launchChromium, SHOTS, type TestBrowser } from "@/tests/helpers/browser";
import { serveIsolatedApp, type RunningApp, type ServedApp } from "./support/next-app";

const LAB = "wka";
const chromiumMissing = !fs.existsSync(CHROMIUM);

type RowGeometry = { gutter: Array<{ top: number; height: number }>; lines: Array<{ top: number; height: number }> };

/** Line-number rows (CodeMirror's hidden width spacer excluded) and text lines, as the browser lays them out. */
async function measureEditor(page: Page): Promise<RowGeometry> {
  return page.evaluate(() => {
    const rect = (el: Element) => {
      const r = el.getBoundingClientRect();
      return { top: Math.round(r.top * 10) / 10, height: Math.round(r.height * 10) / 10 };
    };
    const gutter = [...document.querySelectorAll(".cm-lineNumbers .cm-gutterElement")]
      .filter((el) => getComputedStyle(el).visibility !== "hidden" && el.textContent !== "")
      .map(rect);
    const lines = [...document.querySelectorAll(".cm-content .cm-line")].map(rect);
    return { gutter, lines };
  });
}

describe.skipIf(chromiumMissing)(
  chromiumMissing
    ? `editor gutter (skipped: ${CHROMIUM} not installed)`
    : "editor gutter on first load, and screenshots of the changed pages",
  () => {
    let served: ServedApp;
    let app: RunningApp;
    let browser: TestBrowser;
    let page: Page;
    let workspaces: string;

    beforeAll(async () => {
      workspaces = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-gutter-ws-"));
      initLab(getLabRegistry().get(LAB), path.join(workspaces, LAB));
      process.env.CLUSTERLAB_WORKSPACES_DIR = workspaces;
      process.env.CLUSTERLAB_MODE = "local";
      served = await serveIsolatedApp({ database: "clusterlab-gutter-e2e-", tree: "clusterlab-gutter-app-" });
      app = served.app;
      browser = await launchChromium();
      page = browser.page;
      fs.mkdirSync(SHOTS, { recursive: true });
    }, 1_200_000);

    afterAll(async () => {
      await browser?.close();
      await served?.close();
      if (workspaces) fs.rmSync(workspaces, { recursive: true, force: true });
    });

    function expectAligned({ gutter, lines }: RowGeometry, where: string): void {
      expect(lines.length, `${where}: the editor shows the file`).toBeGreaterThan(5);
      expect(gutter.length, `${where}: one line number per line`).toBeGreaterThanOrEqual(Math.min(lines.length, 5));
      const rows = Math.min(gutter.length, lines.length, 15);
      for (let i = 0; i < rows; i += 1) {
        const g = gutter[i];
        const l = lines[i];
        const detail = `${where}, row ${i + 1}: gutter ${JSON.stringify(g)} vs line ${JSON.stringify(l)}`;
        expect(Math.abs((g?.height ?? 0) - (l?.height ?? -1)), detail).toBeLessThanOrEqual(1);
        expect(Math.abs((g?.top ?? 0) - (l?.top ?? -1)), detail).toBeLessThanOrEqual(1);
      }
    }

    it("line numbers line up with the text on first load, before any click, below the fold and in view", async () => {
      // As a learner does: the one-time link from the terminal signs this browser in to the console (ADR 0024).
      await page.goto(`${app.consoleUrl()}&next=/labs/${LAB}`);
      for (const attempt of [1, 2]) {
        await page.goto(`${app.baseUrl}/labs/${LAB}`, { waitUntil: "load" });
        await page.locator(".cm-content .cm-line").nth(5).waitFor({ state: "attached", timeout: 30_000 });
        await page.waitForTimeout(1_000); // the page has settled; the editor is below the README, out of view
        expect(
          await page.locator(".cm-editor").evaluate((el) => el.getBoundingClientRect().top > window.innerHeight),
          "the editor starts below the fold",
        ).toBe(true);
        expectAligned(
          await measureEditor(page),
          `attempt ${attempt}, below the fold (as a full-page screenshot shows it)`,
        );
        await page.screenshot({ path: path.join(SHOTS, `f-lab-page-first-load-${attempt}.png`), fullPage: true });
        // The learner scrolls down to the editor (no click, no focus).
        await page.locator(".cm-editor").evaluate((el) => el.scrollIntoView({ block: "center" }));
        await page.waitForTimeout(1_000);
        expectAligned(await measureEditor(page), `attempt ${attempt}, scrolled into view`);
        await page.locator(".cm-editor").screenshot({ path: path.join(SHOTS, `f-editor-first-load-${attempt}.png`) });
      }
    });

    it("the changed pages render: header links, module page, reference pages, labs list (sample hidden), lab page", async () => {
      const shots: Array<[string, string]> = [
        ["f-module", "/modules/06-deployment-patterns-and-clustering"],
        ["f-training-node", "/modules/06-deployment-patterns-and-clustering/reference/training-node"],
        ["f-summary", "/modules/06-deployment-patterns-and-clustering/reference/summary"],
        ["f-lesson-07", "/modules/06-deployment-patterns-and-clustering/07-enterprise-integrator-clustering"],
        ["f-labs", "/labs"],
        ["f-lab-sticky", "/labs/sticky-sessions"],
        ["f-lab-wka", "/labs/wka"],
      ];
      for (const [name, href] of shots) {
        const response = await page.goto(`${app.baseUrl}${href}`, { waitUntil: "load" });
        expect(response?.status(), href).toBe(200);
        await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
        expect(await axeSeriousOrCritical(page, name), `${href}: axe`).toEqual([]);
      }
      // The diagrams this branch drew or corrected, one element screenshot each.
      const diagrams: Array<[string, string, string]> = [
        ["f-diagram-ei", "07-enterprise-integrator-clustering", "Enterprise Integrator 6.5"],
        ["f-diagram-apim", "06-api-manager-distributed-deployment", "API Manager 2.6 distributed deployment"],
        ["f-diagram-is2", "08-identity-server-deployment-patterns", "Identity Server deployment pattern 2"],
      ];
      for (const [name, lesson, title] of diagrams) {
        await page.goto(`${app.baseUrl}/modules/06-deployment-patterns-and-clustering/${lesson}`);
        const figure = page.locator("figure.diagram").filter({ has: page.locator(`svg[aria-label^="${title}"]`) });
        expect(await figure.count(), `${lesson}: diagram "${title}"`).toBe(1);
        await figure.screenshot({ path: path.join(SHOTS, `${name}.png`) });
      }
      await page.goto(`${app.baseUrl}/labs`);
      const header = await page.locator("header nav").textContent();
      for (const link of ["Course", "Labs", "Progress"]) expect(header).toContain(link);
      expect(
        await page.locator(`a[href="/labs/sample"]`).count(),
        "sample is a test lab, not in the learner catalogue",
      ).toBe(0);
      await page.goto(`${app.baseUrl}/modules/06-deployment-patterns-and-clustering`);
      expect(await page.locator(".lesson-summary").first().innerHTML()).not.toMatch(/`/);
      const icon = await page.request.get(`${app.baseUrl}/icon.svg`);
      expect(icon.status()).toBe(200);
    });
  },
);
