/**
 * `npm run bench:config-property`: how long the fast-check property (mutated configs -> diagnostics)
 * takes at CI's 10,000 runs, as a ratio to a baseline measured in the same process: the same number
 * of loads of the UNmutated seed files (ratio of CPU times; wall times are reported too). Last line is JSON.
 *   runs: CLUSTERLAB_PROPERTY_RUNS if set above the local default, else 10000.
 */
import fc from "fast-check";
import { getEnv } from "@/lib/env";
import { carbonConfigSchema } from "../model";
import { configFromTexts } from "../load";
import { applyMutation, homeTexts, loadMutationSeeds, mutationArbitrary } from "../mutation";

const seeds = loadMutationSeeds();

const configured = getEnv().CLUSTERLAB_PROPERTY_RUNS;
const runs = configured > 500 ? configured : 10_000;

type Timing = { wallMs: number; cpuMs: number };

/** Wall time AND this process's CPU time: on a shared machine the CPU figure is the stable one. */
function timed(work: () => void): Timing {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  work();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - wall, cpuMs: (used.user + used.system) / 1000 };
}

function baseline(): void {
  for (let i = 0; i < runs; i += 1) {
    const seed = seeds[i % seeds.length];
    if (seed) configFromTexts(homeTexts(seeds, seed), seed.home);
  }
}

function property(): void {
  fc.assert(
    fc.property(fc.nat({ max: seeds.length - 1 }), mutationArbitrary, (index, mutation) => {
      const seed = seeds[index];
      if (seed === undefined) return true;
      const files = homeTexts(seeds, seed);
      files.set(seed.file, applyMutation(seed.text, mutation));
      const { config } = configFromTexts(files, seed.home);
      return carbonConfigSchema.safeParse(config).success;
    }),
    { numRuns: runs },
  );
}

baseline(); // warm-up (JIT), not reported
const base = timed(baseline);
const prop = timed(property);
process.stdout.write(
  `seeds ${seeds.length}, runs ${runs}: baseline ${base.wallMs.toFixed(0)} ms wall / ${base.cpuMs.toFixed(0)} ms cpu, property ${prop.wallMs.toFixed(0)} ms wall / ${prop.cpuMs.toFixed(0)} ms cpu\n`,
);
process.stdout.write(
  `${JSON.stringify({
    bench: "config-property",
    runs,
    seeds: seeds.length,
    baselineMs: Math.round(base.wallMs),
    propertyMs: Math.round(prop.wallMs),
    baselineCpuMs: Math.round(base.cpuMs),
    propertyCpuMs: Math.round(prop.cpuMs),
    ratio: Number((prop.cpuMs / base.cpuMs).toFixed(2)),
    perRunCpuMs: Number((prop.cpuMs / runs).toFixed(3)),
  })}\n`,
);
