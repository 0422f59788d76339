/**
 * Config-text mutations for the property test and its benchmark: truncation, random character edits
 * and swapped values. Kept apart from the test so `npm run bench:config-property` runs the same cases.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { CONFIG_FILES } from "./load";

export type Mutation =
  | { kind: "truncate"; at: number }
  | { kind: "edit"; edits: Array<{ at: number; remove: number; insert: string }> }
  | { kind: "swap"; first: number; second: number };

/** Characters that matter to XML, TOML and properties syntax, plus a few hostile ones. */
const NASTY = [
  "<",
  ">",
  "/",
  "&",
  '"',
  "'",
  "=",
  "[",
  "]",
  "{",
  "}",
  ":",
  "#",
  "!",
  "\\",
  "\n",
  "\r",
  "\t",
  " ",
  "\u0000",
  "\u00e9",
  "\ud83d\ude00",
  "<!--",
  "-->",
  "]]>",
  "&amp;",
  "$ref{",
  "${",
  '"""',
  "[[",
  "a",
  "0",
  "-1",
  "99999",
];

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  fc
    .record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map((m) => ({ kind: m.kind, at: m.at })),
  fc.record({
    kind: fc.constant("edit" as const),
    edits: fc.array(
      fc.record({
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        remove: fc.nat({ max: 8 }),
        insert: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 }), fc.constant("")),
      }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({ kind: fc.constant("swap" as const), first: fc.nat(), second: fc.nat() }),
) as fc.Arbitrary<Mutation>;

/** Values between `>`...`<`, after `=`, or inside quotes: what "swapping two values" exchanges. */
const VALUE = />([^<>\n]{1,80})<|=\s*("[^"\n]*"|[^\s#\n]+)|"([^"\n]{0,80})"/g;

export function applyMutation(text: string, mutation: Mutation): string {
  switch (mutation.kind) {
    case "truncate":
      return text.slice(0, Math.floor(mutation.at * text.length));
    case "edit": {
      let out = text;
      for (const edit of mutation.edits) {
        const at = Math.floor(edit.at * out.length);
        out = out.slice(0, at) + edit.insert + out.slice(at + edit.remove);
      }
      return out;
    }
    case "swap": {
      const spans: Array<{ start: number; end: number }> = [];
      for (const match of text.matchAll(VALUE)) {
        const value = match[1] ?? match[2] ?? match[3] ?? "";
        const start = (match.index ?? 0) + match[0].indexOf(value);
        spans.push({ start, end: start + value.length });
        if (spans.length >= 400) break;
      }
      if (spans.length < 2) return text;
      const a = spans[mutation.first % spans.length];
      const b = spans[mutation.second % spans.length];
      if (a === undefined || b === undefined || a === b) return text;
      const [x, y] = a.start < b.start ? [a, b] : [b, a];
      if (x.end > y.start) return text;
      return (
        text.slice(0, x.start) +
        text.slice(y.start, y.end) +
        text.slice(x.end, y.start) +
        text.slice(x.start, x.end) +
        text.slice(y.end)
      );
    }
  }
}

/** One config file of a seed Carbon home, unmutated. */
export type MutationSeed = { home: string; file: string; text: string };

/**
 * Every config file of the seed homes the property mutates: the reference WSO2 samples plus the test
 * fixtures that cover formats the samples lack. The test and the bench must run over the same seeds,
 * or the bench no longer measures what CI runs.
 */
export function loadMutationSeeds(): Array<MutationSeed> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const samples = path.resolve(here, "../../../shared/reference/wso2-samples");
  const homes = [
    ...readdirSync(samples, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => path.join(samples, e.name)),
    ...["xml-wka-node", "toml-wka-node", "hazelcast-xml-override", "apim260-gateway"].map((name) =>
      path.resolve(here, "../../tests/fixtures/wso2", name),
    ),
  ];
  const seeds: Array<MutationSeed> = [];
  for (const home of homes) {
    for (const file of CONFIG_FILES) {
      const full = path.join(home, file);
      try {
        if (statSync(full).isFile()) seeds.push({ home, file, text: readFileSync(full, "utf8") });
      } catch {
        // not every home has every file
      }
    }
  }
  return seeds;
}

/** The unmutated texts of every file in `seed`'s home, so cross-file steps (mount -> dbConfig -> datasource) run too. */
export function homeTexts(seeds: ReadonlyArray<MutationSeed>, seed: MutationSeed): Map<string, string> {
  return new Map(seeds.filter((other) => other.home === seed.home).map((other) => [other.file, other.text]));
}
