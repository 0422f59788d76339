import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { describeEvent, registerImagesCommands } from "./images";

function program(): Command {
  const p = new Command().exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerImagesCommands(p);
  for (const sub of p.commands) {
    sub.exitOverride();
    for (const leaf of sub.commands) leaf.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  }
  return p;
}

describe("clusterlab images", () => {
  it("rejects an unknown image name with the list of valid ones (usage error)", async () => {
    const error = await program()
      .parseAsync(["node", "clusterlab", "images", "build", "--only", "nginx,tomcat"])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((error as { code?: string }).code).toBe("commander.invalidArgument");
    expect((error as Error).message).toContain(
      'unknown image "tomcat"; choose from carbon-node, nginx, postgres, mariadb',
    );
  });

  it("prints one readable progress line per build event", () => {
    expect(describeEvent({ kind: "skipped", image: "nginx", tag: "clusterlab/nginx:abc" })).toBe(
      "nginx: up to date (clusterlab/nginx:abc)",
    );
    expect(
      describeEvent({ kind: "building", image: "postgres", tag: "clusterlab/postgres:abc", mode: "offline" }),
    ).toBe("postgres: building clusterlab/postgres:abc (offline)");
    expect(describeEvent({ kind: "line", image: "postgres", line: "postgres: apt-get update" })).toBe(
      "  postgres: apt-get update",
    );
    expect(describeEvent({ kind: "built", image: "mariadb", tag: "clusterlab/mariadb:abc", elapsedMs: 61_400 })).toBe(
      "mariadb: built clusterlab/mariadb:abc in 61 s",
    );
  });
});
