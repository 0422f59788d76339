/**
 * L13: the process runtime runs learner-edited files directly on the host. What would reach beyond the node's own
 * loopback address or run host commands is refused before anything starts.
 */
import { describe, expect, it } from "vitest";
import { nginxListenProblems, sqlShellProblems } from "./host-safety";

describe("nginxListenProblems", () => {
  it.each([
    "events {}\nhttp { server { listen 127.0.1.3:8080; } }",
    "http { server { listen 127.0.1.3:8080 default_server; listen unix:/tmp/x.sock; } }",
    "# listen 0.0.0.0:80; in a comment\nhttp { server { listen 127.0.1.3:80; } }",
  ])("accepts listens on the node's address: %j", (conf) => expect(nginxListenProblems(conf, "127.0.1.3")).toEqual([]));

  it.each([
    ["a bare port (all interfaces)", "http { server { listen 80; } }"],
    ["0.0.0.0", "http { server { listen 0.0.0.0:8080; } }"],
    ["an IPv6 wildcard", "http { server { listen [::]:8080; } }"],
    ["another loopback address (another session's)", "http { server { listen 127.0.2.3:8080; } }"],
    ["a LAN address", "stream { server { listen 192.168.1.20:5432; } }"],
    ["a host name", "http { server { listen localhost:8080; } }"],
  ])("refuses %s", (_name, conf) => {
    const problems = nginxListenProblems(conf, "127.0.1.3");
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/listen 127\.0\.1\.3:/);
  });
});

describe("sqlShellProblems", () => {
  it("accepts plain SQL, backslashes inside string literals included", () => {
    expect(sqlShellProblems("CREATE TABLE t (id int);\nINSERT INTO t VALUES (1);\nSELECT 'a\\\\b';\n")).toEqual([]);
  });

  it.each([
    ["\\! (shell)", "\\! touch /tmp/pwned\n"],
    ["a meta-command mid-line", "SELECT 1; \\o |sh\n"],
    ["\\copy ... program", "\\copy t from program 'id'\n"],
    ["COPY ... PROGRAM (server side)", "COPY t FROM PROGRAM 'id';\n"],
    ["\\i (reads another host file)", "\\i /etc/passwd\n"],
  ])("refuses %s", (_name, sql) => {
    const problems = sqlShellProblems(sql);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(/plain SQL/);
  });
});
