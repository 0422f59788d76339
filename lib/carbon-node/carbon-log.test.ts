import { describe, expect, it } from "vitest";
import { CLUSTERING_AGENT, createCarbonLogger, formatCarbonLine } from "./carbon-log";

describe("Carbon log lines", () => {
  it("follow Carbon 4.4's console layout [%d] %5p {%c} - %x %m", () => {
    const d = new Date(2026, 10, 28, 3, 51, 2, 7);
    expect(formatCarbonLine(d, "INFO", CLUSTERING_AGENT, "Cluster domain: wso2.carbon.domain")).toBe(
      "[2026-11-28 03:51:02,007]  INFO {org.wso2.carbon.core.clustering.hazelcast.HazelcastClusteringAgent} -  Cluster domain: wso2.carbon.domain",
    );
    expect(formatCarbonLine(d, "ERROR", "x", "m")).toBe("[2026-11-28 03:51:02,007] ERROR {x} -  m");
  });

  it("keeps a bounded tail for /carbon/logs", () => {
    const written: string[] = [];
    const log = createCarbonLogger((l) => written.push(l), 3);
    for (let i = 0; i < 5; i++) log.info("c", `line ${i}`);
    expect(written).toHaveLength(5);
    expect(log.tail(10).map((l) => l.slice(-6))).toEqual(["line 2", "line 3", "line 4"]);
    expect(log.tail(1)).toHaveLength(1);
  });
});
