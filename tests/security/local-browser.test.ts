/**
 * Attack suite, local mode, in a real browser (Debian chromium): the learner walkthrough's D4 recipe (another origin on
 * 127.0.0.1 frames the lab page; before the fix a click on Init inside the frame ran) and the positive control: the
 * browser that opened the one-time link drives the console (fetch and the event stream carry the HttpOnly cookie),
 * while the page itself never holds the token. No Docker: Init only writes the workspace.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM, launchChromium, type TestBrowser } from "@/tests/helpers/browser";
import { builtTree, startLocalServer, type LocalServer } from "./support/local-server";

const LAB = "sample";
const hasChromium = fs.existsSync(CHROMIUM);

describe.skipIf(!hasChromium)(
  `lab console in chromium (${hasChromium ? CHROMIUM : "chromium missing: apt-get install chromium"})`,
  () => {
    let server: LocalServer;
    let browser: TestBrowser;
    let framer: http.Server;
    let framerUrl: string;

    beforeAll(async () => {
      server = await startLocalServer(await builtTree());
      browser = await launchChromium();
      // The attacker's page: same machine, another port (same site, so a SameSite cookie alone would not stop it).
      // `/control` is a frameable page with the same button: it proves the frame inspection below would see one.
      framer = http.createServer((req, res) => {
        res.setHeader("content-type", "text/html");
        if (req.url === "/control")
          return void res.end('<!doctype html><title>control</title><button data-action="init">Init</button>');
        res.end(
          `<!doctype html><title>prize</title><iframe name="control" src="/control"></iframe><iframe name="victim" src="${server.baseUrl}/labs/${LAB}" width="1200" height="800"></iframe>`,
        );
      });
      await new Promise<void>((r) => framer.listen(0, "127.0.0.1", r));
      framerUrl = `http://127.0.0.1:${(framer.address() as AddressInfo).port}/`;
    }, 1_200_000);

    afterAll(async () => {
      await browser?.close();
      await new Promise((r) => framer?.close(r));
      await server?.stop();
    });

    it("the browser that opened the one-time link drives the console; its page holds no token", async () => {
      const { page } = browser;
      await page.goto(`${server.openUrl()}&next=/labs/${LAB}`);
      expect(new URL(page.url()).pathname).toBe(`/labs/${LAB}`);
      const cookies = await browser.context.cookies(server.baseUrl);
      const cookie = cookies.find((c) => c.name === `clusterlab-console-${server.port}`);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Strict" });
      expect(await page.content()).not.toContain(cookie?.value ?? "no-cookie");
      expect(await page.evaluate(() => document.cookie)).not.toContain("clusterlab-console");

      await page.locator('button[data-action="init"]').click();
      // The progress log is fed by the event stream (EventSource with the cookie, no token in its URL).
      await expect
        .poll(async () => (await page.getByTestId("progress-log").textContent()) ?? "", {
          timeout: 60_000,
          interval: 500,
        })
        .toMatch(/✔ init finished/);
    }, 120_000);

    it("D4: another origin cannot frame the lab page (the frame never shows the console)", async () => {
      const { page } = browser;
      await page.goto(framerUrl);
      await page.waitForTimeout(3_000);
      const count = async (name: string) => {
        const frame = page.frames().find((f) => f.name() === name);
        return frame
          ? await frame
              .locator('button[data-action="init"]')
              .count()
              .catch(() => 0)
          : -1;
      };
      expect(await count("control")).toBe(1);
      expect(await count("victim")).toBe(0);
    }, 60_000);
  },
);
