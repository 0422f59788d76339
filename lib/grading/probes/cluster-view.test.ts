import { expect, test } from "vitest";
import { describeView, viewsAgree, type ClusterView, type NodeView } from "./cluster-view";

function view(node: string, members: Array<string>, opts: Partial<ClusterView> = {}): NodeView {
  const m = (name: string) => ({ uuid: `u-${name}`, host: name, port: 4000, name });
  return {
    node,
    view: {
      localMember: m(node),
      members: members.map(m),
      coordinator: members[0] ? m(members[0]) : null,
      scheme: "wka",
      domain: "d",
      clusteringEnabled: true,
      joined: true,
      ...opts,
    },
  };
}

test("views agree only when every node answered, joined and lists exactly the expected members", () => {
  const all = ["node1", "node2"];
  expect(viewsAgree([view("node1", all), view("node2", all)], all)).toBe(true);
  expect(viewsAgree([view("node1", all), view("node2", ["node2"])], all)).toBe(false);
  expect(viewsAgree([view("node1", all), { node: "node2", error: "connection refused" }], all)).toBe(false);
  expect(viewsAgree([view("node1", all), view("node2", all, { joined: false })], all)).toBe(false);
});

test("describes a view in the learner's terms", () => {
  expect(describeView(view("node2", ["node1", "node2"]))).toBe("node2 sees [node1, node2] (coordinator node1)");
  expect(describeView(view("node3", ["node3"], { clusteringEnabled: false }))).toBe(
    "node3: clustering disabled (standalone)",
  );
  expect(describeView({ node: "node4", error: "no answer within 3000 ms" })).toBe("node4: no answer within 3000 ms");
});
