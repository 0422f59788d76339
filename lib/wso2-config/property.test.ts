/**
 * Property: any mutation of a real config file (truncation, random character edits, swapped values)
 * yields diagnostics, never an exception, and always a CarbonConfig that matches the model with every
 * diagnostic positioned inside the file. Runs CLUSTERLAB_PROPERTY_RUNS cases (500 locally, 10000 in CI).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { getEnv } from "@/lib/env";
import { carbonConfigSchema } from "./model";
import { configFromTexts, CONFIG_FILES } from "./load";
import { rawFactsOf } from "./raw-view";
import { applyMutation, homeTexts, loadMutationSeeds, mutationArbitrary } from "./mutation";

const seeds = loadMutationSeeds();
const runs = getEnv().CLUSTERLAB_PROPERTY_RUNS;

describe("mutated configuration files", () => {
  it("has seeds of every format", () => {
    expect(new Set(seeds.map((s) => s.file)).size).toBe(CONFIG_FILES.length);
  });

  it(`produce diagnostics, never exceptions (${runs} runs)`, () => {
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), mutationArbitrary, (index, mutation) => {
        const seed = seeds[index];
        if (seed === undefined) return;
        const text = applyMutation(seed.text, mutation);
        // The home's other files stay intact, so cross-file steps (mount -> dbConfig -> datasource) run too.
        const files = homeTexts(seeds, seed);
        files.set(seed.file, text);
        const { config } = configFromTexts(files, seed.home);
        expect(carbonConfigSchema.safeParse(config).success).toBe(true);
        // Plain checks collected into one assertion: per-diagnostic expect() calls dominate the run time at 10,000 runs.
        const lineCount = Math.max(...[...files.values()].map((t) => t.split(/\r\n|\r|\n/).length));
        const misplaced = config.diagnostics.filter(
          (d) =>
            d.line < 0 ||
            d.line > lineCount + 1 ||
            d.message.length < 10 ||
            /\n\s+at /.test(d.message) ||
            d.code === "model-invalid",
        );
        expect(misplaced).toEqual([]);
        // A cut-off XML document (its last end tag gone) must always be reported as an error.
        if (mutation.kind === "truncate" && seed.file.endsWith(".xml") && text.length < seed.text.lastIndexOf("</")) {
          expect(config.diagnostics.some((d) => d.severity === "error")).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  }, 120_000);

  it(`keep the raw-facts view exception-free (${Math.ceil(runs / 10)} runs)`, () => {
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), mutationArbitrary, (index, mutation) => {
        const seed = seeds[index];
        if (seed === undefined) return;
        const result = rawFactsOf(seed.file, applyMutation(seed.text, mutation));
        expect(result?.format).toBeTruthy();
      }),
      { numRuns: Math.ceil(runs / 10) },
    );
  }, 120_000);
});
