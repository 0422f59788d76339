/**
 * Entry point of the training node (bundled to dist/carbon-node/carbon-node.mjs):
 *   node carbon-node.mjs --carbon-home <dir> --name <nodeName> [--bind <addr>] [--registry-cache-ttl <s>]
 *   node carbon-node.mjs --config-json <file> --name <nodeName>   (tests: a CarbonConfig as JSON)
 *   ... -Dprofile=<gateway-worker|api-key-manager|traffic-manager|api-publisher|api-store>  (API-M 2.6, ADR 0032)
 * Env fallbacks: CARBON_HOME, CARBON_NODE_NAME, CARBON_NODE_BIND, CARBON_NODE_REGISTRY_CACHE_TTL.
 * Exit codes: 0 after SIGTERM/SIGINT (graceful), 78 (EX_CONFIG) for configuration the node refuses,
 * 1 when it cannot start for another reason (port in use...). Logs go to stdout.
 */
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { parseEnv } from "@/lib/env";
import { createCarbonLogger } from "./carbon-log";
import { startCarbonNode, StartupError } from "./carbon-node";
import { ConfigRefusedError, loadNodeConfig } from "./load-config";
import { SettingsError } from "./node-settings";
import { takeProfileArgument, type ApimProfile } from "./apim/profiles";
import { DEFAULT_REGISTRY_CACHE_TTL_SECONDS } from "./node-defaults";

export const EXIT_CONFIG = 78;

const argsSchema = z.object({
  "carbon-home": z.string().min(1).optional(),
  "config-json": z.string().min(1).optional(),
  name: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9._-]+$/, "node names are letters, digits, . _ -")
    .optional(),
  bind: z.string().min(1).optional(),
  "registry-cache-ttl": z.coerce.number().positive().optional(),
});

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export async function main(argv: string[]): Promise<void> {
  // wso2server.sh's -Dprofile=<profile> (ADR 0032) is not a --option: take it out before parseArgs sees it.
  let profile: ApimProfile | null;
  try {
    ({ profile, rest: argv } = takeProfileArgument(argv));
  } catch (error) {
    fail(EXIT_CONFIG, (error as Error).message);
  }
  let raw;
  try {
    raw = parseArgs({
      args: argv,
      options: {
        "carbon-home": { type: "string" },
        "config-json": { type: "string" },
        name: { type: "string" },
        bind: { type: "string" },
        "registry-cache-ttl": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(
      64,
      `${(error as Error).message}\nUsage: carbon-node --carbon-home <dir> --name <nodeName> [--bind <addr>] [--registry-cache-ttl <seconds>] [-Dprofile=<API-M profile>]`,
    );
  }
  const args = argsSchema.safeParse(raw);
  if (!args.success) fail(64, args.error.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("\n"));
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    fail(EXIT_CONFIG, (error as Error).message);
  }
  const carbonHome = args.data["carbon-home"] ?? env.CARBON_HOME ?? null;
  const configJson = args.data["config-json"] ?? null;
  // A closed stdout (a log pipe gone away) must not kill a cluster member: drop the lines instead.
  process.stdout.on("error", () => undefined);
  const log = createCarbonLogger();
  let node;
  try {
    const config = await loadNodeConfig({ carbonHome, configJson });
    node = await startCarbonNode(
      config,
      {
        name: args.data.name ?? env.CARBON_NODE_NAME ?? os.hostname(),
        bind: args.data.bind ?? env.CARBON_NODE_BIND ?? null,
        registryCacheTtlSeconds:
          args.data["registry-cache-ttl"] ?? env.CARBON_NODE_REGISTRY_CACHE_TTL ?? DEFAULT_REGISTRY_CACHE_TTL_SECONDS,
        dataDir: carbonHome ? path.resolve(carbonHome) : null,
        profile,
      },
      log,
    );
  } catch (error) {
    if (error instanceof ConfigRefusedError) fail(EXIT_CONFIG, error.message);
    if (error instanceof SettingsError) fail(EXIT_CONFIG, `Refusing to start: ${error.key}: ${error.message}`);
    if (error instanceof StartupError) fail(1, error.message);
    const e = error as NodeJS.ErrnoException;
    fail(
      1,
      `The node could not start: ${e.message}${e.code === "EADDRNOTAVAIL" ? " (the bind address is not on this machine: check localMemberHost or --bind)" : ""}`,
    );
  }
  const running = node;
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // Bounded: a stuck socket must not keep a SIGTERMed container alive.
    const force = setTimeout(() => process.exit(0), 5000);
    force.unref();
    running.stop().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  // A bug in one handler must not take a cluster member down in the middle of a lab: log it Carbon-style.
  process.on("uncaughtException", (error) =>
    log.error("org.wso2.carbon.core.clustering", `Unexpected error: ${error.stack ?? error.message}`),
  );
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
