import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, onTestFinished, test } from "vitest";
import { clusterlabOnPath } from "./cli-command";

test("clusterlab counts as installed only when an executable of that name is on PATH", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-command-"));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bin = path.join(dir, "clusterlab");
  expect(clusterlabOnPath(`/nonexistent${path.delimiter}${dir}`)).toBe(false);
  fs.writeFileSync(bin, "#!/bin/sh\n", { mode: 0o644 });
  expect(clusterlabOnPath(dir)).toBe(false);
  fs.chmodSync(bin, 0o755);
  expect(clusterlabOnPath(`/nonexistent${path.delimiter}${dir}`)).toBe(true);
  expect(clusterlabOnPath(undefined)).toBe(false);
});
