import { describe, expect, it } from "vitest";
import { LABEL_NODE_SPEC } from "../labels";
import { nodeSpecSchema } from "../types";
import { nodeSpecFromLabels, nodeSpecLabel } from "./session-labels";

describe("the node-spec label", () => {
  const spec = nodeSpecSchema.parse({
    name: "node1",
    role: "carbon",
    image: "clusterlab/carbon-node:test",
    env: { SECRET_PASSWORD: "wso2carbon" },
    command: ["-Dprofile=api-store"],
    files: [{ path: "/opt/x.txt", content: "x".repeat(1000) }],
  });

  it("keeps what attach needs and round-trips it", () => {
    const back = nodeSpecFromLabels(nodeSpecLabel(spec));
    expect(back).toMatchObject({ name: "node1", role: "carbon", image: "clusterlab/carbon-node:test" });
    expect(back?.ports).toEqual(spec.ports);
    expect(back?.aliases).toEqual(spec.aliases);
  });

  it("leaves out env, command and files (secret or large), so a label never carries them", () => {
    // The spec does hold them (so the assertions below are about the label, not about a schema that dropped them).
    expect([spec.files.length, spec.env.SECRET_PASSWORD, spec.command]).toEqual([
      1,
      "wso2carbon",
      ["-Dprofile=api-store"],
    ]);
    const raw = nodeSpecLabel(spec)[LABEL_NODE_SPEC] ?? "";
    expect(raw).not.toContain("SECRET_PASSWORD");
    expect(raw).not.toContain("-Dprofile");
    expect(raw).not.toContain("xxxx");
    expect(Object.keys(JSON.parse(raw))).not.toEqual(expect.arrayContaining(["env"]));
  });

  it("reads nothing from a missing or malformed label", () => {
    expect(nodeSpecFromLabels({})).toBeUndefined();
    expect(nodeSpecFromLabels({ [LABEL_NODE_SPEC]: "{not json" })).toBeUndefined();
    expect(nodeSpecFromLabels({ [LABEL_NODE_SPEC]: '{"name":1}' })).toBeUndefined();
  });
});
