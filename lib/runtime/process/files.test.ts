import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { RuntimeError } from "../types";
import { linkSharedFolders } from "./files";

const made: Array<string> = [];
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-shares-"));
  made.push(dir);
  return dir;
}

describe("linkSharedFolders (process runtime)", () => {
  it("points each node's mount folder at one folder per share, so a file written by one node is read by the other", () => {
    const session = scratch();
    const shares = path.join(session, "shares");
    const node1 = path.join(session, "nodes", "node1");
    const node2 = path.join(session, "nodes", "node2");
    // node2 already has an empty folder there: it makes way for the share.
    fs.mkdirSync(path.join(node2, "opt/carbon/deploy"), { recursive: true });
    linkSharedFolders([{ share: "artifacts", path: "/opt/carbon/deploy/", readOnly: false }], node1, shares);
    linkSharedFolders([{ share: "artifacts", path: "/opt/carbon/deploy", readOnly: false }], node2, shares);
    fs.writeFileSync(path.join(node1, "opt/carbon/deploy/userstore.xml"), "from node1");
    expect(fs.readFileSync(path.join(node2, "opt/carbon/deploy/userstore.xml"), "utf8")).toBe("from node1");
    // Idempotent on restart.
    linkSharedFolders([{ share: "artifacts", path: "/opt/carbon/deploy", readOnly: false }], node2, shares);
    expect(fs.readdirSync(path.join(node2, "opt/carbon/deploy"))).toEqual(["userstore.xml"]);
  });

  it("never deletes a node's files to make way for a share: it refuses, saying why", () => {
    const session = scratch();
    const node = path.join(session, "nodes", "node1");
    fs.mkdirSync(path.join(node, "opt/carbon/conf"), { recursive: true });
    fs.writeFileSync(path.join(node, "opt/carbon/conf/deployment.toml"), "[server]");
    expect(() =>
      linkSharedFolders(
        [{ share: "artifacts", path: "/opt/carbon/conf", readOnly: false }],
        node,
        path.join(session, "shares"),
      ),
    ).toThrow(/already has files there/);
    expect(fs.readFileSync(path.join(node, "opt/carbon/conf/deployment.toml"), "utf8")).toBe("[server]");
  });

  it("refuses a read-only share with a message naming the runtime to use", () => {
    const session = scratch();
    expect(() =>
      linkSharedFolders(
        [{ share: "artifacts", path: "/srv/deploy", readOnly: true }],
        path.join(session, "n"),
        path.join(session, "shares"),
      ),
    ).toThrowError(
      expect.objectContaining({
        code: "unsupported",
        message: expect.stringMatching(/--runtime docker/),
      }) as RuntimeError,
    );
  });
});
