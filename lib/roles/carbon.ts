/** carbon: a Carbon server's clustering layer, played by the training node (lib/carbon-node). */
import fs from "node:fs";
import { RuntimeError } from "@/lib/runtime/errors";
import { hostPathIn } from "@/lib/runtime/process/program-kit";
import { defineRole, IMAGE_ENTRYPOINT } from "./types";

/** The training node's bundle (scripts/build-carbon-node.mjs), copied into the image and run by the process runtime. */
export const CARBON_NODE_BUNDLE = "dist/carbon-node/carbon-node.mjs";

const HOME = "/opt/clusterlab/carbon";

export const carbonRole = defineRole({
  name: "carbon",
  summary: "a WSO2 Carbon server (the training node reading repository/conf/deployment.toml or the 4.4 XML files)",
  // Carbon home: <home>/repository/conf/deployment.toml etc.
  home: HOME,
  // Servlet HTTP 9763 at port offset 0 (wso2-clustering-facts §8).
  ports: [9763],
  // After the databases (0), before the load balancers (2) that route to it.
  stage: 1,
  // Its datasources connect at start: the databases of stage 0 must be ready.
  startsAfter: "ready",
  // The node answers /carbon/health only once its configuration loaded: a port alone would pass a node about to exit.
  readiness: (ports) => {
    const port = ports[0];
    return port === undefined
      ? { kind: "running" }
      : { kind: "http", port, path: "/carbon/health", statusMin: 200, statusMax: 200 };
  },
  // The training node takes its name and home from these (same as --name / --carbon-home).
  nodeEnv: (node) => ({ CARBON_NODE_NAME: node.name, CARBON_HOME: HOME }),
  recogniseStartFailure: (lines) => {
    const at = lines.findIndex((line) => /Refusing to start|The node could not start/.test(line));
    if (at === -1) return null;
    const message = lines
      .slice(at, at + 6)
      .join("\n")
      .trim();
    // The loader's own diagnostics carry file:line ("  repository/conf/deployment.toml:12:1 [key] error: …"); EI and
    // analytics homes name their files under conf/ ("conf/broker.xml:12:5", "conf/worker/deployment.yaml:3:1").
    const located = /(?:^|\s)((?:repository\/)?conf\/\S+?):(\d+):\d+/m.exec(message);
    if (located) return { file: `${HOME}/${located[1] ?? ""}`, line: Number(located[2]), message };
    // A settings refusal names the setting ("Refusing to start: membershipScheme: …"): the caller finds its line.
    if (/Refusing to start: \w+:/.test(message)) return { file: "", line: null, message };
    // Otherwise a refusal may name only a file ("-Dprofile=api-store needs repository/conf/api-manager.xml …", a file
    // that may not exist yet): point at that file, with no line to give.
    const named = /(?:^|[\s(])((?:repository\/)?conf\/[\w./-]+\.(?:xml|toml|yaml|properties))\b/.exec(message)?.[1];
    return { file: named ? `${HOME}/${named}` : "", line: null, message };
  },
  image: {
    name: "carbon-node",
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
      { source: "images/carbon-node/entrypoint.sh", target: IMAGE_ENTRYPOINT, mode: 0o755 },
    ],
    setup: "images/carbon-node/setup.sh",
    user: "carbon",
    env: { CARBON_HOME: HOME, NODE_ENV: "production" },
    // 9763 HTTP servlet, 9443 HTTPS servlet, 4000 WKA cluster port (wso2-clustering-facts §8).
    expose: [9763, 9443, 4000],
    entrypoint: [IMAGE_ENTRYPOINT],
    workdir: HOME,
  },
  program: async ({ spec, address, root }, env, options) => {
    if (!fs.existsSync(options.carbonNodeBundle)) {
      throw new RuntimeError(
        `${options.carbonNodeBundle} not found: build the training node with \`npm run build:carbon-node\`.`,
        "unavailable",
      );
    }
    const home = hostPathIn(root, HOME);
    fs.mkdirSync(home, { recursive: true });
    return {
      command: process.execPath,
      args: [options.carbonNodeBundle, "--carbon-home", home, "--name", spec.name, "--bind", address],
      env: { ...env, CARBON_HOME: home },
    };
  },
});
