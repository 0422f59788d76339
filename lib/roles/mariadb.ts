/** mariadb: a shared MySQL-compatible database (registry, user store) for Carbon nodes. */
import { UnsupportedOperationError } from "@/lib/runtime/errors";
import { defineRole, IMAGE_ENTRYPOINT, portReadiness } from "./types";

export const mariadbRole = defineRole({
  name: "mariadb",
  summary: "a MariaDB server; SQL files in its folder run once, on first start, in name order",
  home: "/docker-entrypoint-initdb.d",
  ports: [3306],
  // First: Carbon nodes connect to it as they start.
  stage: 0,
  startsAfter: "ready",
  readiness: portReadiness,
  nodeEnv: () => ({}),
  recogniseStartFailure: (lines) => {
    // The entrypoint names the file it runs just before the client's error.
    let running: string | null = null;
    for (const line of lines) {
      const file = /clusterlab-entrypoint: running (\/\S+)/.exec(line);
      if (file) running = file[1] ?? null;
      const m = /^(ERROR \d+ \(\w+\) at line (\d+): .*)$/.exec(line.trim());
      if (m && running) return { file: running, line: Number(m[2]), message: `mariadb: ${m[1]}` };
    }
    return null;
  },
  image: {
    name: "mariadb",
    packages: ["mariadb-server"],
    preInstallFiles: [],
    files: [{ source: "images/mariadb/entrypoint.sh", target: IMAGE_ENTRYPOINT, mode: 0o755 }],
    setup: "images/mariadb/setup.sh",
    user: "mysql",
    env: { LANG: "C.UTF-8" },
    expose: [3306],
    entrypoint: [IMAGE_ENTRYPOINT],
    workdir: "/var/lib/mysql",
  },
  // MariaDB is not installed by default on learner machines; the Docker runtime carries it in its image.
  program: () =>
    Promise.reject(
      new UnsupportedOperationError("A mariadb node", "process", "MariaDB is not part of the process runtime"),
    ),
});
