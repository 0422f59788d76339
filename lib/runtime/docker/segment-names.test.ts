import { expect, test } from "vitest";
import { dockerNames } from "./cluster";

// Docker 20.10 gives a multi-homed container the default gateway of the network whose name sorts first;
// a node's segment network must win that, or multicast would leave through the lab network.
test("a segment network sorts before the lab network, whatever the session id", () => {
  for (const session of ["multicast-1a2b3c4d", "0abc-99", "a", "z-zz"]) {
    const names = dockerNames("clusterlab", session);
    expect([names.network, names.segmentNetwork("b")].sort()).toEqual([names.segmentNetwork("b"), names.network]);
    expect(names.segmentNetwork("b")).not.toBe(names.segmentNetwork("c"));
  }
});
