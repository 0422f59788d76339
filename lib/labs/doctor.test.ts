import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { trainingNodeBundle } from "./doctor";

let root: string | undefined;
afterEach(() => root && fs.rmSync(root, { recursive: true, force: true }));

describe("doctor: the training node bundle", () => {
  it("warns about a missing bundle only when the carbon-node image is missing too", () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-doctor-"));
    expect(trainingNodeBundle(root, false).status).toBe("warn");
    expect(trainingNodeBundle(root, true)).toMatchObject({
      status: "ok",
      summary: expect.stringMatching(/not needed, the carbon-node image is present/),
    });
    fs.mkdirSync(path.join(root, "dist", "carbon-node"), { recursive: true });
    fs.writeFileSync(path.join(root, "dist", "carbon-node", "carbon-node.mjs"), "");
    expect(trainingNodeBundle(root, false)).toMatchObject({
      status: "ok",
      summary: "The training node bundle is built",
    });
  });
});
