import { expect, test } from "vitest";
import { defineCheck, pass } from "@/lib/grading";
import { defineLab, LabDefinitionError, type LabCheckContext, type LabDefinitionInput } from "@/lib/labs";

function check(id: string, extra: { requires?: Array<string> } = {}) {
  return defineCheck<LabCheckContext>({
    id,
    title: `check ${id}`,
    points: 1,
    hint: { nudge: "look again" },
    ...extra,
    run: async () => pass("x", "x"),
  });
}

function lab(overrides: Partial<LabDefinitionInput> = {}): LabDefinitionInput {
  return {
    id: "demo",
    title: "Demo",
    topology: {
      nodes: [
        { name: "node1", role: "carbon" },
        { name: "lb", role: "nginx" },
      ],
    },
    runtimes: ["docker"],
    checks: [check("a"), check("b", { requires: ["a"] })],
    ...overrides,
  };
}

function rejection(input: LabDefinitionInput): string {
  try {
    defineLab(input);
  } catch (error) {
    expect(error).toBeInstanceOf(LabDefinitionError);
    return (error as Error).message;
  }
  throw new Error("defineLab accepted an invalid lab");
}

test("a valid lab gets role defaults for ports, stage and config folder", () => {
  const def = defineLab(lab());
  expect(def.topology.nodes).toMatchObject([
    { name: "node1", role: "carbon", config: "node1", ports: [9763], stage: 1, env: {} },
    { name: "lb", role: "nginx", config: "lb", ports: [8080], stage: 2 },
  ]);
  expect(def.starter).toBe("starter");
  expect(def.solution).toBe("solution");
  expect(def.lessons).toEqual([]);
});

test("duplicate check ids are rejected, naming the id", () => {
  expect(rejection(lab({ checks: [check("a"), check("a")] }))).toMatch(
    /Lab "demo".*\n.*checks: duplicate check id "a"/,
  );
});

test("a check requiring a later or unknown check is rejected", () => {
  expect(rejection(lab({ checks: [check("b", { requires: ["a"] }), check("a")] }))).toContain(
    'check "b" requires "a", which is not an earlier check',
  );
  expect(rejection(lab({ checks: [check("a", { requires: ["nope"] })] }))).toContain('requires "nope"');
});

test("unknown roles, bad names and duplicate nodes are rejected with their field path", () => {
  const badRole = rejection(lab({ topology: { nodes: [{ name: "node1", role: "tomcat" as "carbon" }] } }));
  expect(badRole).toMatch(/topology\.nodes\[0\]\.role/);
  expect(rejection(lab({ topology: { nodes: [{ name: "Node_1", role: "carbon" }] } }))).toMatch(
    /topology\.nodes\[0\]\.name: node names are lowercase/,
  );
  expect(
    rejection(
      lab({
        topology: {
          nodes: [
            { name: "n", role: "carbon" },
            { name: "n", role: "nginx" },
          ],
        },
      }),
    ),
  ).toContain('duplicate node name "n"');
});

test("config folders outside the workspace are rejected", () => {
  expect(rejection(lab({ topology: { nodes: [{ name: "node1", role: "carbon", config: "../../etc" }] } }))).toMatch(
    /config: must be a relative path inside the workspace/,
  );
  expect(rejection(lab({ topology: { nodes: [{ name: "node1", role: "carbon", config: "/etc" }] } }))).toMatch(
    /config: must be a relative path/,
  );
});

test("a lab without checks, runtimes or with a bad id is rejected, every problem listed", () => {
  const message = rejection(lab({ id: "Bad Id", checks: [], runtimes: [] }));
  expect(message).toContain("id: lab ids are lowercase");
  expect(message).toContain("runtimes: declare at least one runtime");
  expect(message).toContain("checks: a graded lab needs at least one check");
});

test("something that is not a defineCheck result is rejected", () => {
  const message = rejection(lab({ checks: [{ id: "x" } as never] }));
  expect(message).toContain("each check must come from defineCheck");
});

test("defineCheck validates ids, points and hints at load", () => {
  expect(() =>
    defineCheck({ id: "Has Spaces", title: "t", points: 1, hint: { nudge: "n" }, run: async () => pass("x", "x") }),
  ).toThrow(/check "Has Spaces" is invalid: id:/);
  expect(() =>
    defineCheck({ id: "ok", title: "t", points: -1, hint: { nudge: "n" }, run: async () => pass("x", "x") }),
  ).toThrow(/points cannot be negative/);
  expect(() =>
    defineCheck({ id: "ok", title: "t", points: 1, hint: { nudge: "" }, run: async () => pass("x", "x") }),
  ).toThrow(/hint\.nudge/);
});
