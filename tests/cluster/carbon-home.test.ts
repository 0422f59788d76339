/**
 * The node reading real product files through lib/wso2-config: a deployment.toml node (IS 5.9+ style)
 * and a Carbon 4.4 axis2.xml node form one WKA cluster; a syntax error in deployment.toml is refused.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freshSubnet, randomPort, scratchDir, startNode, stopAll, waitForMembers, removeScratch } from "./harness";

afterEach(stopAll);
afterAll(removeScratch);

function writeFile(home: string, rel: string, text: string): void {
  const file = path.join(home, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

function newHome(): string {
  return scratchDir("home-");
}

describe("training node on real Carbon homes", () => {
  it("a deployment.toml node and an axis2.xml node form one WKA cluster", async () => {
    const at = freshSubnet();
    const memberPort = randomPort();
    const offset = 10_000 + Math.floor(Math.random() * 30_000);
    const members = `["${at(1)}:${memberPort}", "${at(2)}:${memberPort}"]`;

    const xmlHome = newHome();
    writeFile(
      xmlHome,
      "repository/conf/axis2/axis2.xml",
      `<axisconfig name="AxisJava2.0">
  <clustering class="org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent" enable="true">
    <parameter name="AvoidInitiation">true</parameter>
    <parameter name="membershipScheme">wka</parameter>
    <parameter name="domain">wso2.is.domain</parameter>
    <parameter name="localMemberHost">${at(1)}</parameter>
    <parameter name="localMemberPort">${memberPort}</parameter>
    <members>
      <member><hostName>${at(1)}</hostName><port>${memberPort}</port></member>
      <member><hostName>${at(2)}</hostName><port>${memberPort}</port></member>
    </members>
  </clustering>
</axisconfig>
`,
    );
    writeFile(
      xmlHome,
      "repository/conf/carbon.xml",
      `<Server xmlns="http://wso2.org/projects/carbon/carbon.xml"><Ports><Offset>${offset}</Offset></Ports></Server>\n`,
    );
    writeFile(
      xmlHome,
      "repository/conf/hazelcast.properties",
      "hazelcast.heartbeat.interval.seconds=1\nhazelcast.max.no.heartbeat.seconds=3\nhazelcast.max.wait.seconds.before.join=1\n",
    );

    const tomlHome = newHome();
    writeFile(
      tomlHome,
      "repository/conf/deployment.toml",
      `[server]
hostname = "node2.example"
offset = ${offset}

[clustering]
membership_scheme = "wka"
domain = "wso2.is.domain"
local_member_host = "${at(2)}"
local_member_port = "${memberPort}"
members = ${members}

[hazelcast]
"hazelcast.heartbeat.interval.seconds" = "1"
"hazelcast.max.no.heartbeat.seconds" = "3"
`,
    );
    const httpPort = 9763 + offset;
    const n1 = startNode({ name: "xml-node", host: at(1), httpPort, carbonHome: xmlHome });
    const n2 = startNode({ name: "toml-node", host: at(2), httpPort, carbonHome: tomlHome });
    const views = await waitForMembers([n1, n2], ["xml-node", "toml-node"], 30_000);
    expect(views.every((v) => v.domain === "wso2.is.domain" && v.scheme === "wka")).toBe(true);
    expect(views[0]?.localMember.port).toBe(memberPort); // localMemberPort is not moved by the offset
    expect(n1.hasLog(new RegExp(`HTTP port : ${httpPort}$`))).toBe(true);
    expect(n1.hasLog(/Loading hazelcast configuration from axis2 clustering configuration/)).toBe(true);
  });

  it("a deployment.toml syntax error stops the node with exit 78 and the file:line", async () => {
    const at = freshSubnet();
    const home = newHome();
    writeFile(
      home,
      "repository/conf/deployment.toml",
      '[clustering]\nmembership_scheme = "wka"\nmembers = ["127.0.0.1:4000"\n',
    );
    const n = startNode({ name: "broken", host: at(1), httpPort: randomPort(), carbonHome: home });
    expect(await n.exited).toBe(78);
    expect(n.stderr.join("\n")).toMatch(/repository\/conf\/deployment\.toml:\d+:\d+ .*error/);
  });
});
