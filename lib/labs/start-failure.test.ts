import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { defineCheck, pass } from "@/lib/grading";
import { NodeNotReadyError, RuntimeError } from "@/lib/runtime/types";
import { defineLab } from "./schema";
import { startFailureResult, workspaceStartFailure } from "./start-failure";

const lab = defineLab({
  id: "demo",
  title: "Demo",
  summary: "A lab with one node of each role.",
  lessons: [],
  topology: {
    nodes: [
      { name: "db", role: "postgres" },
      { name: "maria", role: "mariadb" },
      { name: "node1", role: "carbon" },
      { name: "lb", role: "nginx" },
    ],
  },
  runtimes: ["docker"],
  lint: { ignore: [] },
  checks: [
    defineCheck({ id: "up", title: "Up", points: 1, hint: { nudge: "start it" }, run: async () => pass("up", "up") }),
  ],
});

function workspace(files: Record<string, string> = {}): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-start-failure-"));
  onTestFinished(() => fs.rmSync(ws, { recursive: true, force: true }));
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(ws, file)), { recursive: true });
    fs.writeFileSync(path.join(ws, file), content);
  }
  return ws;
}

const exited = (node: string, log: string) =>
  new NodeNotReadyError(node, "it exited with code 1 while waiting for port 8080", log);

describe("workspaceStartFailure", () => {
  it("nginx: the [emerg] message with the workspace file:line", () => {
    const error = exited(
      "lb",
      'nginx: [emerg] unknown directive "proxy_pas" in /etc/nginx/nginx.conf:31\nnginx: configuration file /etc/nginx/nginx.conf test failed',
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({
      node: "lb",
      file: "lb/nginx.conf",
      line: 31,
      message: 'nginx: [emerg] unknown directive "proxy_pas"',
    });
  });

  it("nginx: the error-log form of the same message (what the image's `nginx -t` prints)", () => {
    const error = exited(
      "lb",
      '2026/12/06 04:59:05 [emerg] 7#7: unknown directive "proxy_pas" in /etc/nginx/nginx.conf:30\nnginx: configuration file /etc/nginx/nginx.conf test failed',
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({
      file: "lb/nginx.conf",
      line: 30,
      message: 'nginx: [emerg] unknown directive "proxy_pas"',
    });
  });

  it("nginx under the process runtime (home re-rooted in a temp folder) maps to the same workspace file", () => {
    const error = exited("lb", 'nginx: [emerg] unknown directive "x" in /tmp/clusterlab-abc/lb/etc/nginx/nginx.conf:4');
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({ file: "lb/nginx.conf", line: 4 });
  });

  it("postgres: psql's error in init.sql with its line", () => {
    const error = exited(
      "db",
      'clusterlab-entrypoint: running /docker-entrypoint-initdb.d/init.sql\npsql:/docker-entrypoint-initdb.d/init.sql:3: ERROR:  syntax error at or near "CREAT"\nLINE 1: CREAT DATABASE x;',
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({
      node: "db",
      file: "db/init.sql",
      line: 3,
      message: 'psql: ERROR:  syntax error at or near "CREAT"',
    });
  });

  it("mariadb: the client's error, in the file the entrypoint was running", () => {
    const error = exited(
      "maria",
      "clusterlab-entrypoint: running /docker-entrypoint-initdb.d/init.sql\nERROR 1064 (42000) at line 2: You have an error in your SQL syntax",
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({
      node: "maria",
      file: "maria/init.sql",
      line: 2,
      message: expect.stringContaining("ERROR 1064 (42000) at line 2"),
    });
  });

  it("carbon: a settings refusal is located at the line that sets it", () => {
    const ws = workspace({
      "node1/repository/conf/deployment.toml":
        '[server]\nhostname = "node1"\n\n[clustering]\nmembership_scheme = "kubernetes"\n',
    });
    const error = exited(
      "node1",
      'Refusing to start: membershipScheme: membership scheme "kubernetes" is valid for WSO2 but needs a cloud API the training node cannot reach. Use "wka" or "multicast" in the labs.',
    );
    expect(workspaceStartFailure(error, lab, ws)).toMatchObject({
      node: "node1",
      file: "node1/repository/conf/deployment.toml",
      line: 5,
      message: expect.stringContaining("Refusing to start: membershipScheme"),
    });
  });

  it("carbon: an API-M profile refusal points at the file it names, with the line when the node gave one", () => {
    const missing = exited(
      "node1",
      "Refusing to start: -Dprofile=api-store: -Dprofile=api-store needs repository/conf/api-manager.xml in the Carbon home (none was read): add the API-M 2.6 file and start the node again.",
    );
    // The file does not exist, so there is no line to give; before, the refusal was blamed on deployment.toml.
    expect(
      workspaceStartFailure(missing, lab, workspace({ "node1/repository/conf/deployment.toml": "[server]\n" })),
    ).toMatchObject({ file: "node1/repository/conf/api-manager.xml", line: null });
    const noAmDb = exited(
      "node1",
      "Refusing to start: -Dprofile=api-key-manager: repository/conf/datasources/master-datasources.xml:4:5 The api-key-manager profile needs the datasource WSO2AM_DB (JNDI jdbc/WSO2AM_DB) in repository/conf/datasources/master-datasources.xml: add it and start the node again.",
    );
    expect(workspaceStartFailure(noAmDb, lab, workspace())).toMatchObject({
      file: "node1/repository/conf/datasources/master-datasources.xml",
      line: 4,
    });
  });

  it("kube-apiserver stand-in: an rbac.yaml it cannot read is located at its line", () => {
    const k8s = defineLab({
      ...lab,
      topology: { nodes: [{ name: "kube-apiserver", role: "kube-apiserver" }] },
    });
    const error = new NodeNotReadyError(
      "kube-apiserver",
      "it exited with code 78 while waiting for port 6443",
      "Refusing to start: /etc/kubernetes/rbac.yaml:2:1 kind is set twice in the same mapping; the last one wins. Remove one of them.",
    );
    expect(workspaceStartFailure(error, k8s, workspace())).toMatchObject({
      file: "kube-apiserver/rbac.yaml",
      line: 2,
    });
  });

  it("carbon: the loader's own diagnostics carry the file:line", () => {
    const error = exited(
      "node1",
      "Refusing to start: the configuration has 1 error(s):\n  repository/conf/deployment.toml:7:1 [clustering] error: bad\nFix them and start the node again.",
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({
      file: "node1/repository/conf/deployment.toml",
      line: 7,
    });
  });

  it("carbon: an EI or analytics home's diagnostics (conf/…, not repository/conf/…) carry the file:line too", () => {
    const error = exited(
      "node1",
      "Refusing to start: the configuration has 1 error(s):\n  conf/broker.xml:12:5 [broker] error: bad\nFix them and start the node again.",
    );
    expect(workspaceStartFailure(error, lab, workspace())).toMatchObject({ file: "node1/conf/broker.xml", line: 12 });
    const worker = exited(
      "node1",
      "Refusing to start: the configuration has 1 error(s):\n  conf/worker/deployment.yaml:3:1 [yaml] error: tab\nFix them and start the node again.",
    );
    expect(workspaceStartFailure(worker, lab, workspace())).toMatchObject({
      file: "node1/conf/worker/deployment.yaml",
      line: 3,
    });
  });

  it("is null for what is not the learner's: a timeout, an unrecognised exit, another error", () => {
    const ws = workspace();
    expect(
      workspaceStartFailure(
        new NodeNotReadyError("lb", "timed out waiting for port 8080", "nginx: [emerg] x in /etc/nginx/nginx.conf:1"),
        lab,
        ws,
      ),
    ).toBeNull();
    expect(workspaceStartFailure(exited("lb", "Segmentation fault"), lab, ws)).toBeNull();
    expect(
      workspaceStartFailure(new RuntimeError("image clusterlab/nginx:x is missing", "image-missing"), lab, ws),
    ).toBeNull();
    expect(workspaceStartFailure(new Error("boom"), lab, ws)).toBeNull();
  });
});

describe("startFailureResult", () => {
  it("is a failing 0-point check quoting the tool and the file:line, with a hint", () => {
    const result = startFailureResult({
      node: "lb",
      file: "lb/nginx.conf",
      line: 31,
      message: 'nginx: [emerg] unknown directive "proxy_pas"',
      log: ["a"],
    });
    expect(result).toMatchObject({ id: "nodes-start", status: "fail", points: 0, maxPoints: 0 });
    expect(result.evidence.observed).toBe(
      'lb did not start: lb/nginx.conf:31: nginx: [emerg] unknown directive "proxy_pas"',
    );
    expect(result.hint?.fix).toContain("Fix lb/nginx.conf:31");
  });
});
