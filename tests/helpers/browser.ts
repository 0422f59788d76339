/**
 * The browser side of the e2e suites: Debian's chromium driven by playwright-core (no downloaded browser),
 * a throw-away profile per suite, axe-core scans and screenshots written to test-results/e2e/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { repoRoot } from "./prisma-cli";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS = path.join(repoRoot, "test-results", "e2e");
const AXE = path.join(repoRoot, "node_modules", "axe-core", "axe.min.js");

export type TestBrowser = { context: BrowserContext; page: Page; close(): Promise<void> };

/** Headless chromium with a fresh profile and one 1280x900 page (20 s default timeout); `close` removes the profile. */
export async function launchChromium(): Promise<TestBrowser> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(20_000);
    return {
      context,
      page,
      async close() {
        await context.close().catch(() => undefined);
        fs.rmSync(profileDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
}

export type AxeViolation = {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: Array<unknown> }>;
};

/** Run axe-core on the page, keep every violation in SHOTS/<name>-axe.json, return the serious and critical ones. */
export async function axeSeriousOrCritical(page: Page, name: string): Promise<Array<AxeViolation>> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<AxeViolation> }> };
      }
    ).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  });
  fs.writeFileSync(path.join(SHOTS, `${name}-axe.json`), JSON.stringify(violations, null, 2));
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}
