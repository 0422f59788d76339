import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { labsRoot } from "@/labs/index";
import { checkNginxSyntax } from "./nginx-syntax";

const FILE = "lb/nginx.conf";
const OK = `worker_processes 1;
events { worker_connections 256; }
http {
    upstream carbon_nodes {
        server node1:9763;  # a comment { ; }
    }
    map $cookie_route $sticky_upstream { node1 route_node1; default carbon_nodes; }
    server {
        listen 8080;
        location / {
            proxy_pass http://$sticky_upstream;
            add_header Set-Cookie "route=$upstream_http_x_carbon_node; Path=/";
            set $x "\${host}";
        }
    }
}
`;

describe("checkNginxSyntax", () => {
  it("accepts valid files, including every lab's starter and solution nginx.conf", () => {
    expect(checkNginxSyntax(OK, FILE)).toEqual([]);
    const files = fs
      .readdirSync(labsRoot(), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith("nginx.conf"))
      .map((f) => path.join(labsRoot(), f));
    expect(files.length).toBeGreaterThan(4);
    for (const file of files) expect(checkNginxSyntax(fs.readFileSync(file, "utf8"), file), file).toEqual([]);
  });

  it("a directive without its ';' is reported at the directive's line", () => {
    const text = OK.replace("server node1:9763;", "server node1:9763");
    expect(checkNginxSyntax(text, FILE)).toMatchObject([
      {
        severity: "error",
        code: "nginx-syntax",
        file: FILE,
        line: 5,
        message: expect.stringContaining('directive "server" is not terminated by ";"'),
      },
    ]);
  });

  it("a missing '}' is reported at the block that is never closed", () => {
    const text = OK.replace("        }\n    }\n}", "        }\n    }\n");
    const [d] = checkNginxSyntax(text, FILE);
    expect(d).toMatchObject({
      line: 3,
      message: expect.stringContaining('expecting "}": the "http" block opened here is never closed'),
    });
  });

  it("a stray '}' and an unterminated quote are reported where they are", () => {
    expect(checkNginxSyntax("events { }\n}\n", FILE)).toMatchObject([
      { line: 2, column: 1, message: expect.stringContaining('unexpected "}"') },
    ]);
    expect(checkNginxSyntax('events { }\nhttp { add_header X "oops; }\n', FILE)).toMatchObject([
      { line: 2, message: expect.stringContaining("never closed") },
    ]);
  });
});
