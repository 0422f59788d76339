/**
 * The images ClusterLab builds, described once as data. Both build paths use the same description:
 * the online path renders it into a Dockerfile (FROM debian:bookworm-slim + apt), the offline path
 * installs the same Debian packages into a debootstrap root filesystem and imports it.
 * See docs/decisions/0008-offline-images.md.
 */
import type { NodeRole } from "@/lib/runtime/types";

export const IMAGE_NAMES = ["carbon-node", "nginx", "postgres", "mariadb"] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

/** A file copied from the repository (path relative to the repo root) into the image. */
export type ImageFile = { source: string; target: string; mode: number; missingHint?: string };

export type ImageDefinition = {
  name: ImageName;
  role: NodeRole;
  /** Debian bookworm packages, installed with --no-install-recommends. */
  packages: Array<string>;
  /** Files written before the packages are installed (e.g. to stop a package's postinst creating a cluster). */
  preInstallFiles: Array<{ target: string; content: string }>;
  files: Array<ImageFile>;
  /** Run as root after the packages and files are in place (images/<name>/setup.sh). */
  setup: string;
  user: string;
  env: Record<string, string>;
  expose: Array<number>;
  entrypoint: Array<string>;
  workdir: string;
};

const ENTRYPOINT = "/usr/local/bin/clusterlab-entrypoint";

export const CARBON_NODE_BUNDLE = "dist/carbon-node/carbon-node.mjs";

export const IMAGE_CATALOG: Record<ImageName, ImageDefinition> = {
  "carbon-node": {
    name: "carbon-node",
    role: "carbon",
    // Debian's nodejs (18 in bookworm): the bundle targets node18.
    packages: ["nodejs"],
    preInstallFiles: [],
    files: [
      {
        source: CARBON_NODE_BUNDLE,
        target: "/opt/clusterlab/carbon-node/carbon-node.mjs",
        mode: 0o644,
        missingHint: "Build the training node first: `npm run build:carbon-node`.",
      },
      { source: "images/carbon-node/entrypoint.sh", target: ENTRYPOINT, mode: 0o755 },
    ],
    setup: "images/carbon-node/setup.sh",
    user: "carbon",
    env: { CARBON_HOME: "/opt/clusterlab/carbon", NODE_ENV: "production" },
    // 9763 HTTP servlet, 9443 HTTPS servlet, 4000 WKA cluster port (wso2-clustering-facts §8).
    expose: [9763, 9443, 4000],
    entrypoint: [ENTRYPOINT],
    workdir: "/opt/clusterlab/carbon",
  },
  nginx: {
    name: "nginx",
    role: "nginx",
    packages: ["nginx-light"],
    preInstallFiles: [],
    files: [{ source: "images/nginx/entrypoint.sh", target: ENTRYPOINT, mode: 0o755 }],
    setup: "images/nginx/setup.sh",
    user: "www-data",
    env: {},
    expose: [80, 443],
    entrypoint: [ENTRYPOINT],
    workdir: "/",
  },
  postgres: {
    name: "postgres",
    role: "postgres",
    packages: ["postgresql-15"],
    // postgresql-common's postinst would otherwise create and start a "main" cluster at build time.
    preInstallFiles: [{ target: "/etc/postgresql-common/createcluster.d/clusterlab.conf", content: "create_main_cluster = false\n" }],
    files: [{ source: "images/postgres/entrypoint.sh", target: ENTRYPOINT, mode: 0o755 }],
    setup: "images/postgres/setup.sh",
    user: "postgres",
    env: { PGDATA: "/var/lib/postgresql/data", LANG: "C.UTF-8" },
    expose: [5432],
    entrypoint: [ENTRYPOINT],
    workdir: "/var/lib/postgresql",
  },
  mariadb: {
    name: "mariadb",
    role: "mariadb",
    packages: ["mariadb-server"],
    preInstallFiles: [],
    files: [{ source: "images/mariadb/entrypoint.sh", target: ENTRYPOINT, mode: 0o755 }],
    setup: "images/mariadb/setup.sh",
    user: "mysql",
    env: { LANG: "C.UTF-8" },
    expose: [3306],
    entrypoint: [ENTRYPOINT],
    workdir: "/var/lib/mysql",
  },
};

/** `clusterlab/<name>` */
export function imageRepository(name: ImageName): string {
  return `clusterlab/${name}`;
}
