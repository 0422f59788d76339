/**
 * The wrong-workspace corpus against the config model and `config lint` (no Docker): every edit really applies to
 * the solution, the solution itself lints clean, and each case whose cause is in a Carbon home's config files gets
 * the lint finding that names it, in the edited file, with the case's messageIncludes.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { LINT_RULES, lintWorkspace } from "@/lib/wso2-config";
import {
  applyEdits,
  STATIC_CHECK_IDS,
  wrongWorkspaceSchema,
  wrongWorkspaces,
  type WrongWorkspace,
} from "./wrong-workspaces";

const solution = path.join(path.dirname(fileURLToPath(import.meta.url)), "solution");
const scratch = mkdtempSync(path.join(tmpdir(), "apim-wrong-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function occurrences(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** A copy of the solution with the case's edits applied. */
function applyCase(wrong: WrongWorkspace): string {
  const workspace = path.join(scratch, wrong.id);
  cpSync(solution, workspace, { recursive: true });
  applyEdits(workspace, wrong);
  return workspace;
}

describe("apim-distributed wrong workspaces", () => {
  it("has at least 8 cases with unique ids, valid by the schema, covering static and behaviour checks", () => {
    expect(wrongWorkspaces.length).toBeGreaterThanOrEqual(8);
    expect(new Set(wrongWorkspaces.map((w) => w.id)).size).toBe(wrongWorkspaces.length);
    for (const wrong of wrongWorkspaces) expect(wrongWorkspaceSchema.safeParse(wrong).success, wrong.id).toBe(true);
    const checks = new Set(wrongWorkspaces.map((w) => w.failingCheck));
    expect([...checks].some((c) => STATIC_CHECK_IDS.includes(c))).toBe(true);
    expect([...checks].some((c) => !STATIC_CHECK_IDS.includes(c))).toBe(true);
    const codes = new Set<string>(LINT_RULES.map((r) => r.code));
    for (const wrong of wrongWorkspaces) if (wrong.lintCode) expect(codes.has(wrong.lintCode), wrong.id).toBe(true);
  });

  it("every `from` occurs exactly once in its solution file, and `to` differs", () => {
    for (const wrong of wrongWorkspaces) {
      for (const edit of wrong.edits) {
        const text = readFileSync(path.join(solution, edit.file), "utf8");
        expect(occurrences(text, edit.from), `${wrong.id}: ${edit.file}`).toBe(1);
        expect(edit.to, wrong.id).not.toBe(edit.from);
      }
    }
  });

  it("the solution itself has no lint findings", async () => {
    expect((await lintWorkspace(solution)).diagnostics).toEqual([]);
  });

  describe.each(wrongWorkspaces.filter((w) => w.lintCode !== undefined).map((w) => [w.id, w] as const))(
    "%s",
    (_id, wrong) => {
      it("config lint names the cause in the edited file", async () => {
        const findings = (await lintWorkspace(applyCase(wrong))).diagnostics;
        const named = findings.filter((d) => d.code === wrong.lintCode);
        expect(named.length, JSON.stringify(findings, null, 2)).toBeGreaterThan(0);
        const edited = wrong.edits.map((e) => e.file);
        expect(named.some((d) => edited.includes(d.file))).toBe(true);
        // A static check reads the same files, so its message names what lint names.
        if (STATIC_CHECK_IDS.includes(wrong.failingCheck))
          expect(named.some((d) => d.message.includes(wrong.messageIncludes))).toBe(true);
        // One wrong thing per case: every error is in, or names, the edited file's node.
        const nodes = [...new Set(edited.map((file) => file.split("/")[0] ?? ""))];
        const errors = findings.filter((d) => d.severity === "error");
        const aboutEdited = (d: (typeof errors)[number]) =>
          nodes.some((node) => d.file.startsWith(`${node}/`) || d.message.includes(` on ${node}`));
        expect(errors.every(aboutEdited), JSON.stringify(errors, null, 2)).toBe(true);
      });
    },
  );

  it("the cases outside the Carbon homes (db, lb) are invisible to config lint: only the lab's checks catch them", async () => {
    for (const wrong of wrongWorkspaces.filter((w) => w.lintCode === undefined)) {
      expect(
        wrong.edits.every((e) => !/\/repository\/conf\//.test(e.file)),
        wrong.id,
      ).toBe(true);
      expect((await lintWorkspace(applyCase(wrong))).diagnostics, wrong.id).toEqual([]);
    }
  });
});
