import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { lintWorkspace } from "./lint";
import { isEiHome, loadCarbonHomeDetailed } from "./load";

const made: Array<string> = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function homeWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-ei-"));
  made.push(dir);
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text);
  }
  return dir;
}

const AXIS2 = `<axisconfig name="AxisJava2.0">
  <clustering class="org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent" enable="true">
    <parameter name="membershipScheme">wka</parameter>
    <parameter name="domain">wso2.ei.domain</parameter>
    <parameter name="localMemberPort">4000</parameter>
    <members><member><hostName>node1</hostName><port>4000</port></member></members>
  </clustering>
</axisconfig>`;

describe("Enterprise Integrator layout (config under conf/)", () => {
  it("reads conf/axis2/axis2.xml and conf/carbon.xml and names them as the learner wrote them", async () => {
    const home = homeWith({
      "conf/axis2/axis2.xml": AXIS2,
      "conf/carbon.xml": "<Server><Ports><Offset>oops</Offset></Ports></Server>",
      "repository/deployment/server/.keep": "",
    });
    expect(await isEiHome(home)).toBe(true);
    const { config, locations } = await loadCarbonHomeDetailed(home);
    expect(config.sources).toEqual(["conf/axis2/axis2.xml", "conf/carbon.xml"]);
    expect(config.clustering.scheme).toBe("wka");
    expect(config.clustering.domain).toBe("wso2.ei.domain");
    expect(Object.values(locations).every((l) => !l.file.startsWith("repository/conf/"))).toBe(true);
    const offset = config.diagnostics.find((d) => d.file === "conf/carbon.xml");
    expect(offset).toBeDefined();
    expect(
      config.diagnostics.some((d) => d.file.startsWith("repository/conf/") || d.message.includes("repository/conf/")),
    ).toBe(false);
  });

  it("keeps the Carbon 4.4 layout when repository/conf has a known file, even if conf/ exists", async () => {
    const home = homeWith({ "repository/conf/axis2/axis2.xml": AXIS2, "conf/carbon.xml": "<Server/>" });
    expect(await isEiHome(home)).toBe(false);
    const { config } = await loadCarbonHomeDetailed(home);
    expect(config.sources).toEqual(["repository/conf/axis2/axis2.xml"]);
  });

  it("is not an EI home when neither layout has a file", async () => {
    expect(await isEiHome(homeWith({ README: "x" }))).toBe(false);
  });

  it("lints a workspace of EI homes, naming each node's conf/ file", async () => {
    const workspace = homeWith({
      "node1/conf/axis2/axis2.xml": AXIS2.replace(
        '<parameter name="domain">wso2.ei.domain</parameter>',
        '<parameter name="domain">wso2.ei.domain</parameter><parameter name="localMemberHost">node1</parameter>',
      ),
      "node2/conf/axis2/axis2.xml": AXIS2.replace("<port>4000</port>", "<port>nope</port>"),
    });
    const result = await lintWorkspace(workspace);
    expect(result.nodes.map((n) => n.name)).toEqual(["node1", "node2"]);
    expect(result.diagnostics.filter((d) => d.severity === "error").map((d) => d.file)).toContain(
      "node2/conf/axis2/axis2.xml",
    );
  });
});
