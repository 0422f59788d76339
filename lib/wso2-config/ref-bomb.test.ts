/**
 * L5: `$ref{}` expansion is bounded. The review's 1 kB deployment.toml (server.hostname = 40 x $ref{a.l1}, each
 * a.lN = 40 x $ref{a.lN+1}) grows 40-fold per round; unbounded, it takes the process to ~1 GB and a RangeError.
 * The expansion must stop at a fixed size with a diagnostic that says what to do.
 */
import { describe, expect, it } from "vitest";
import { configFromTexts } from "./load";
import { MAX_REF_EXPANSION_CHARS } from "./normalise";

function bomb(levels: number, fanout: number): string {
  const refs = (n: number) => Array.from({ length: fanout }, () => `$ref{a.l${n}}`).join("");
  const lines = ["[server]", `hostname = "${refs(1)}"`, "", "[a]"];
  for (let n = 1; n < levels; n++) lines.push(`l${n} = "${refs(n + 1)}"`);
  lines.push(`l${levels} = "x"`);
  return `${lines.join("\n")}\n`;
}

describe("$ref expansion bomb (L5)", () => {
  it("stops at the cap, quickly, with a diagnostic naming the key", () => {
    const text = bomb(8, 40);
    expect(text.length).toBeLessThan(4_000);
    const started = Date.now();
    const { config } = configFromTexts(new Map([["repository/conf/deployment.toml", text]]), "home");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((config.server.hostname ?? "").length).toBeLessThanOrEqual(MAX_REF_EXPANSION_CHARS);
    const d = config.diagnostics.find((x) => x.code === "toml-ref-too-large");
    expect(d?.message).toMatch(/\$ref\{\} values in server\.hostname/);
  });

  it("still resolves ordinary refs", () => {
    const text = '[server]\nhostname = "$ref{a.h}"\n[a]\nh = "node1.example"\n';
    expect(configFromTexts(new Map([["repository/conf/deployment.toml", text]]), "home").config.server.hostname).toBe(
      "node1.example",
    );
  });
});
