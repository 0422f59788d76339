/** nginx: the load balancer in front of Carbon nodes (sticky sessions, failover). */
import fs from "node:fs";
import path from "node:path";
import { RuntimeError } from "@/lib/runtime/errors";
import { nginxListenProblems } from "@/lib/runtime/process/host-safety";
import { hostPathIn, requireFile } from "@/lib/runtime/process/program-kit";
import { defineRole, IMAGE_ENTRYPOINT, portReadiness } from "./types";

export const nginxRole = defineRole({
  name: "nginx",
  summary: "an nginx load balancer reading /etc/nginx/nginx.conf",
  home: "/etc/nginx",
  ports: [8080],
  // Last: it proxies to Carbon nodes, which must be ready first.
  stage: 2,
  // nginx resolves its upstreams' names when it loads nginx.conf, which works once their containers run; it
  // does not need them ready (`up` still waits for every node), so its start overlaps their readiness.
  startsAfter: "started",
  readiness: portReadiness,
  nodeEnv: () => ({}),
  recogniseStartFailure: (lines) => {
    for (const line of lines) {
      // `nginx -t` prints "nginx: [emerg] …"; the error log "2026/12/06 04:59:05 [emerg] 7#7: …".
      const m = /\[emerg\] (?:\d+#\d+: )?(.*?) in (\/\S+?):(\d+)\s*$/.exec(line);
      if (m) return { file: m[2] ?? "", line: Number(m[3]), message: `nginx: [emerg] ${m[1]}` };
    }
    return null;
  },
  image: {
    name: "nginx",
    packages: ["nginx-light"],
    preInstallFiles: [],
    files: [{ source: "images/nginx/entrypoint.sh", target: IMAGE_ENTRYPOINT, mode: 0o755 }],
    setup: "images/nginx/setup.sh",
    user: "www-data",
    env: {},
    expose: [80, 443],
    entrypoint: [IMAGE_ENTRYPOINT],
    workdir: "/",
  },
  // /usr/sbin/nginx with prefix <root>, config <root>/etc/nginx/nginx.conf, in the foreground.
  program: async ({ spec, address, root }, env, options) => {
    requireFile(options.nginxBinary, "nginx", "apt-get install nginx-light");
    const conf = hostPathIn(root, "/etc/nginx/nginx.conf");
    if (!fs.existsSync(conf)) {
      throw new RuntimeError(
        `Node "${spec.name}" has no /etc/nginx/nginx.conf among its files: put nginx.conf back in the node's workspace folder (it becomes /etc/nginx).`,
        "invalid-topology",
      );
    }
    for (const dir of ["logs", "tmp"]) fs.mkdirSync(path.join(root, dir), { recursive: true });
    const text = fs.readFileSync(conf, "utf8");
    // The learner's nginx.conf runs on the host here: it may only listen on the node's own address (security L13).
    const listens = nginxListenProblems(text, address);
    if (listens.length > 0) throw new RuntimeError(`Node "${spec.name}": ${listens.join(" ")}`, "invalid-topology");
    const globals = ["daemon off;", ...(/^\s*pid\s/m.test(text) ? [] : [`pid ${path.join(root, "nginx.pid")};`])];
    return {
      command: options.nginxBinary,
      args: ["-e", "stderr", "-p", `${root}/`, "-c", conf, "-g", globals.join(" ")],
      env,
    };
  },
});
