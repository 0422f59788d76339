import { describe, expect, it } from "vitest";
import { NodeNotReadyError, newSessionId, parseTopology, RuntimeError } from "./types";

describe("parseTopology", () => {
  it("fills defaults for a minimal node", () => {
    const topology = parseTopology({ lab: "wka", session: "wka-1", nodes: [{ name: "node1", role: "carbon" }] });
    expect(topology.nodes[0]).toMatchObject({
      stage: 0,
      ports: [],
      files: [],
      env: {},
      wait: { kind: "running" },
      readyTimeoutMs: 120_000,
      memoryMb: 512,
    });
    expect(topology.ttlMs).toBe(4 * 60 * 60_000);
  });

  it("lists every problem: bad ids, duplicate names/aliases, bad regexes, relative file paths", () => {
    let error: unknown;
    try {
      parseTopology({
        lab: "WKA",
        session: "s",
        nodes: [
          { name: "node1", role: "carbon", files: [{ path: "conf/x", content: "" }] },
          { name: "lb", role: "nginx", aliases: ["node1"], wait: { kind: "log", pattern: "([" } },
        ],
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RuntimeError);
    const message = (error as RuntimeError).message;
    expect((error as RuntimeError).code).toBe("invalid-topology");
    expect(message).toContain("lab: must be 1-48 lowercase");
    expect(message).toContain('"node1" is used twice');
    expect(message).toContain("must be a valid regular expression");
    expect(message).toContain("nodes.0.files.0.path");
  });

  it("lets several nodes share a service alias (a headless service), but not a node's own name", () => {
    const shared = ["wso2is-headless", "wso2is-headless.wso2.svc.cluster.local"];
    const ok = parseTopology({
      lab: "l",
      session: "s",
      nodes: [
        { name: "pod1", role: "carbon", serviceAliases: shared },
        { name: "pod2", role: "carbon", serviceAliases: shared },
      ],
    });
    expect(ok.nodes.map((n) => n.serviceAliases)).toEqual([shared, shared]);
    expect(() =>
      parseTopology({
        lab: "l",
        session: "s",
        nodes: [
          { name: "pod1", role: "carbon" },
          { name: "pod2", role: "carbon", serviceAliases: ["pod1"] },
        ],
      }),
    ).toThrow(/service alias "pod1" is also a node's own name/);
    expect(() =>
      parseTopology({
        lab: "l",
        session: "s",
        nodes: [{ name: "pod1", role: "carbon", serviceAliases: ["Bad_Name"] }],
      }),
    ).toThrow(/must be a DNS name/);
  });

  it("checks shared-folder mounts: share names, absolute paths without '..', one mount per folder", () => {
    const ok = parseTopology({
      lab: "l",
      session: "s",
      nodes: [{ name: "n", role: "carbon", mounts: [{ share: "userstores", path: "/opt/x/userstores" }] }],
    });
    expect(ok.nodes[0]?.mounts).toEqual([{ share: "userstores", path: "/opt/x/userstores", readOnly: false }]);
    for (const mounts of [
      [{ share: "User Stores", path: "/opt/x" }],
      [{ share: "a", path: "opt/x" }],
      [{ share: "a", path: "/opt/../etc" }],
      [{ share: "a", path: "/" }],
      [
        { share: "a", path: "/opt/x" },
        { share: "b", path: "/opt/x/" },
      ],
      [
        { share: "a", path: "/opt/x" },
        { share: "b", path: "/opt/x/y" },
      ],
      [
        { share: "a", path: "/opt/x/y" },
        { share: "b", path: "/opt/x" },
      ],
    ]) {
      expect(() => parseTopology({ lab: "l", session: "s", nodes: [{ name: "n", role: "carbon", mounts }] })).toThrow(
        /mounts/,
      );
    }
  });

  it("accepts nested all-of wait strategies", () => {
    const wait = {
      kind: "all" as const,
      of: [
        { kind: "port" as const, port: 9763 },
        { kind: "all" as const, of: [{ kind: "log" as const, pattern: "started" }] },
      ],
    };
    expect(
      parseTopology({ lab: "a", session: "a-1", nodes: [{ name: "n", role: "carbon", wait }] }).nodes[0]?.wait,
    ).toEqual(wait);
  });
});

describe("errors and ids", () => {
  it("NodeNotReadyError names the node, the reason and the last log lines", () => {
    const error = new NodeNotReadyError("node2", "timed out waiting for port 9763", "line 1\nERROR bad member\n");
    expect(error.message).toContain('Node "node2" did not become ready: timed out waiting for port 9763');
    expect(error.message).toContain("  | ERROR bad member");
  });

  it("session ids fit Docker names and the topology schema", () => {
    const id = newSessionId("wka", () => "0123abcd");
    expect(id).toBe("wka-0123abcd");
    expect(() =>
      parseTopology({ lab: "wka", session: newSessionId("wka"), nodes: [{ name: "n", role: "carbon" }] }),
    ).not.toThrow();
  });
});
