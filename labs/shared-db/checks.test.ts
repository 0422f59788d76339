import { expect, test } from "vitest";
import { mariadbEngine } from "@/labs/shared-db-mariadb/mariadb-engine";
import { sharedDbChecks } from "./checks";
import { postgresEngine } from "./postgres-engine";

test("both engines get the same checks, ids, points and order (10 points, one 0-point demonstration)", () => {
  const shape = (checks: ReturnType<typeof sharedDbChecks>) => checks.map((c) => [c.id, c.points, c.requires ?? []]);
  const pg = sharedDbChecks(postgresEngine);
  expect(shape(pg)).toEqual([
    ["db-user-and-database", 2, []],
    ["shared-datasource", 2, []],
    ["write-one-read-other", 2, ["shared-datasource"]],
    ["concurrent-increments", 0, ["shared-datasource"]],
    ["registry-cache-invalidated", 3, ["write-one-read-other"]],
    ["local-registry-stays-local", 1, ["shared-datasource"]],
  ]);
  expect(shape(sharedDbChecks(mariadbEngine))).toEqual(shape(pg));
});

test("each engine's checks point at its own README, commands, product, port and toml type", () => {
  for (const [engine, other] of [
    [postgresEngine, mariadbEngine],
    [mariadbEngine, postgresEngine],
  ] as const) {
    const checks = sharedDbChecks(engine);
    const text = JSON.stringify(checks.map(({ run: _run, ...meta }) => meta));
    expect(text).toContain(`labs/${engine.lab}/README.mdx`);
    expect(text).not.toContain(`labs/${other.lab}/README.mdx`);
    expect(text).toContain(`lab down ${engine.lab}\``);
    expect(text).toContain(`type = \\"${engine.datasourceType}\\"`);
    expect(text).toContain(`port = ${engine.port}`);
    expect(text).not.toContain(other.product);
  }
});
