import { describe, expect, it } from "vitest";
import { clusterWins } from "./membership";
import { createLineSplitter, decodeMessage, encodeMessage, socketAddress, type MemberInfo } from "./wire";

const member = (uuid: string, startedAt: number): MemberInfo => ({
  uuid,
  host: "10.0.0.1",
  port: 4000,
  name: uuid,
  startedAt,
});

describe("membership wire format", () => {
  it("round-trips a message and rejects anything else on the member port", () => {
    const hb = { t: "heartbeat", from: "u1", domain: "d" } as const;
    expect(decodeMessage(encodeMessage(hb).trim())).toEqual(hb);
    expect(decodeMessage("GET / HTTP/1.1")).toBeNull();
    expect(decodeMessage('{"t":"join","domain":"d"}')).toBeNull();
    expect(decodeMessage('{"t":"nope"}')).toBeNull();
  });

  it("splits a byte stream into frames across chunk boundaries and drops oversized lines", () => {
    const lines: string[] = [];
    let overflow = 0;
    const feed = createLineSplitter(
      (l) => lines.push(l),
      () => overflow++,
      10,
    );
    feed(Buffer.from("ab"));
    feed(Buffer.from("c\nde\n\nf"));
    expect(lines).toEqual(["abc", "de"]);
    feed(Buffer.from("x".repeat(20)));
    expect(overflow).toBe(1);
  });

  it("prints socket addresses like Hazelcast (/ip:port)", () => {
    expect(socketAddress({ host: "192.168.1.2", port: 4000 })).toBe("/192.168.1.2:4000");
  });
});

describe("split-brain merge direction", () => {
  it("the larger cluster wins; on a tie the one with the older master", () => {
    expect(clusterWins({ size: 3, master: member("b", 2) }, { size: 2, master: member("a", 1) })).toBe(true);
    expect(clusterWins({ size: 2, master: member("b", 2) }, { size: 2, master: member("a", 1) })).toBe(false);
    expect(clusterWins({ size: 2, master: member("a", 1) }, { size: 2, master: member("b", 2) })).toBe(true);
    // exactly one side wins, so two masters never both merge
    const x = { size: 1, master: member("x", 5) };
    const y = { size: 1, master: member("y", 5) };
    expect(clusterWins(x, y)).not.toBe(clusterWins(y, x));
  });
});
