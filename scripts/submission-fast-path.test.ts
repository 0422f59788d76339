import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations (it runs under node, unbundled).
import * as fastPath from "./submission-fast-path.mjs";

type Loaded = { answer: ((...args: Array<unknown>) => boolean) | null; reason: string };
const { loadFastPath } = fastPath as { loadFastPath(root: string): Promise<Loaded> };

/** A tree with a Next build id and, optionally, a fast-path bundle stamped for some build. */
function tree(opts: { buildId?: string; stampedFor?: string; bundle?: string }): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-fast-path-"));
  onTestFinished(() => fs.rmSync(root, { recursive: true, force: true }));
  const out = path.join(root, ".next", "clusterlab");
  fs.mkdirSync(out, { recursive: true });
  if (opts.buildId) fs.writeFileSync(path.join(root, ".next", "BUILD_ID"), opts.buildId);
  if (opts.stampedFor)
    fs.writeFileSync(path.join(out, "submission-fast-path.json"), JSON.stringify({ buildId: opts.stampedFor }));
  if (opts.bundle !== undefined) fs.writeFileSync(path.join(out, "submission-fast-path.mjs"), opts.bundle);
  return root;
}

// ADR 0035: the server uses the bundle only when it belongs to the current Next build, and otherwise starts anyway
// (reports go through Next) with a reason that says what to run.
describe("loadFastPath", () => {
  it("loads the hook of a bundle stamped for the current build", async () => {
    const loaded = await loadFastPath(
      tree({ buildId: "b1", stampedFor: "b1", bundle: "export function answerSubmission() { return false; }\n" }),
    );
    expect(loaded.reason).toBe("");
    expect(loaded.answer).toBeTypeOf("function");
  });

  it("refuses a missing bundle, one built for another build, one that does not load, or one without the hook", async () => {
    expect(await loadFastPath(tree({ buildId: "b1" }))).toMatchObject({
      answer: null,
      reason: expect.stringMatching(/not built .*npm run build/),
    });
    expect(
      await loadFastPath(
        tree({ buildId: "b2", stampedFor: "b1", bundle: "export const answerSubmission = () => false;" }),
      ),
    ).toMatchObject({ answer: null, reason: expect.stringMatching(/another Next\.js build/) });
    expect(
      await loadFastPath(tree({ buildId: "b1", stampedFor: "b1", bundle: 'import "no-such-package-anywhere";\n' })),
    ).toMatchObject({ answer: null, reason: expect.stringMatching(/failed to load .*npm run build/) });
    expect(
      await loadFastPath(tree({ buildId: "b1", stampedFor: "b1", bundle: "export const other = 1;\n" })),
    ).toMatchObject({ answer: null, reason: expect.stringMatching(/exports no answerSubmission/) });
  });
});
