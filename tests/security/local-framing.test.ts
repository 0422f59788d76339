/**
 * Attack suite, local mode: M9 (learner walkthrough D4). Any site could frame /labs/<lab> and clickjack Reset or Down.
 * Every kind of response the built server sends (page, API, console API, static asset, 404, the console sign-in
 * link) must forbid framing: `Content-Security-Policy: frame-ancestors 'none'` and `X-Frame-Options: DENY`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { builtTree, startLocalServer, type LocalServer } from "./support/local-server";

let server: LocalServer;
let jar: string;

beforeAll(async () => {
  server = await startLocalServer(await builtTree());
  jar = await server.signIn();
}, 1_200_000);

afterAll(async () => {
  await server?.stop();
});

function expectNoFraming(res: Response, what: string): void {
  expect(res.headers.get("x-frame-options"), `${what}: X-Frame-Options`).toBe("DENY");
  expect(res.headers.get("content-security-policy") ?? "", `${what}: CSP`).toMatch(/(^|;)\s*frame-ancestors 'none'/);
}

describe("anti-framing headers on every route kind (M9)", () => {
  it("pages: home, lab page (signed in and not), labs index, 404", async () => {
    for (const [what, url, headers] of [
      ["home", "/", {}],
      ["lab page (console)", "/labs/wka", { cookie: jar }],
      ["lab page (signed out)", "/labs/wka", {}],
      ["labs index", "/labs", {}],
      ["unknown page (404)", "/no-such-page", {}],
    ] as const) {
      const res = await fetch(`${server.baseUrl}${url}`, { headers });
      expectNoFraming(res, what);
    }
  });

  it("API routes, console API routes (allowed and refused) and the console sign-in link", async () => {
    for (const [what, url, headers] of [
      ["API /api/me", "/api/me", {}],
      ["console API, signed in", "/api/labs/wka/state", { cookie: jar }],
      ["console API, refused", "/api/labs/wka/state", {}],
      ["console sign-in link (wrong key)", "/console/open?key=wrong", {}],
    ] as const) {
      const res = await fetch(`${server.baseUrl}${url}`, { headers, redirect: "manual" });
      expectNoFraming(res, what);
    }
    const signIn = await fetch(server.openUrl(), { redirect: "manual" });
    expect(signIn.status).toBe(303);
    expectNoFraming(signIn, "console sign-in link (good key)");
  });

  it("static assets under /_next/static", async () => {
    const html = await (await fetch(`${server.baseUrl}/`)).text();
    const assets = [...html.matchAll(/\/_next\/static\/[^"'\s)]+\.(?:js|css)/g)].map((m) => m[0]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets.slice(0, 3)) {
      const res = await fetch(`${server.baseUrl}${asset}`);
      expect(res.status, asset).toBe(200);
      expectNoFraming(res, asset);
    }
  });
});
