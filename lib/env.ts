/**
 * The one place that reads process.env. Everything else imports `getEnv()`.
 * Parsed once with zod; a bad value fails fast with the variable's name and what is expected.
 */
import path from "node:path";
import { z } from "zod";

const booleanFlag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** local (default): SQLite, one implicit learner. classroom: PostgreSQL, accounts. */
  CLUSTERLAB_MODE: z.enum(["local", "classroom"]).default("local"),
  /** `file:` (SQLite) or `postgres(ql)://` URL. Default: SQLite under .data/. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "must start with file: (SQLite) or postgresql:// (PostgreSQL)")
    .optional(),
  /** Lab console (/labs/<lab>): the folder holding one workspace per lab; default <cwd>/workspaces, as the CLI. */
  CLUSTERLAB_WORKSPACES_DIR: z.string().optional(),
  /** The course's labs/ folder; default: labs/index.ts's folder, else <repository root>/labs found from the working directory. */
  CLUSTERLAB_LABS_DIR: z.string().optional(),
  /** Where local state lives (SQLite file, workspaces, queued submissions). */
  CLUSTERLAB_DATA_DIR: z.string().optional(),
  /** Docker engine address, honoured by dockerode (unix:///var/run/docker.sock, tcp://host:2375, ...). */
  DOCKER_HOST: z.string().optional(),
  /** Turn a missing Docker engine into a test failure instead of a skip (CI). */
  CLUSTERLAB_REQUIRE_DOCKER: booleanFlag,
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** fast-check runs per property test (lib/wso2-config); CI sets 10000. */
  CLUSTERLAB_PROPERTY_RUNS: z.coerce.number().int().min(1).max(1_000_000).default(500),
  /** Training node (lib/carbon-node): the Carbon home to read, when --carbon-home is not given. */
  CARBON_HOME: z.string().optional(),
  /** Training node: this member's name (X-Carbon-Node), when --name is not given. */
  CARBON_NODE_NAME: z.string().optional(),
  /** Training node: bind every listener to this address (tests on 127.0.0.x), when --bind is not given. */
  CARBON_NODE_BIND: z.string().optional(),
  /** Training node: registry read-cache TTL in seconds (default 900, Carbon's 15-minute cache expiry). */
  CARBON_NODE_REGISTRY_CACHE_TTL: z.coerce.number().positive().optional(),
  /** Tests that need a real PostgreSQL (set by .ci/run); they create and drop their own database. Unset = skip. */
  CLUSTERLAB_TEST_PG_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  /** Training-node tests against a real MySQL/MariaDB: mysql://user:pass@host:port/db (the suite uses that database). Unset = skip. */
  CLUSTERLAB_TEST_MYSQL_URL: z
    .string()
    .regex(/^(mysql|mariadb):\/\//, "must be a mysql:// URL")
    .optional(),
  /** Classroom mode: the origin browsers use (https://course.example) when a proxy rewrites Host; CSRF check and xAPI ids. */
  CLUSTERLAB_PUBLIC_ORIGIN: z.url({ error: "must be an origin such as https://course.example" }).optional(),
  /** Classroom mode behind nginx: take the client address from X-Forwarded-For (login rate limit). Only set it behind a proxy. */
  CLUSTERLAB_TRUST_PROXY: booleanFlag,
  /** Retired (security review H1): no longer makes admins; a classroom server warns when it is still set. Use `clusterlab admin grant`. */
  CLUSTERLAB_ADMIN_EMAILS: z.string().optional(),
  /** The shell's search path: lib/cli-command.ts checks whether `clusterlab` is installed on it (F6). */
  PATH: z.string().optional(),
  /** The tag labs run and `images build` moves (default latest): two checkouts on one engine can keep their own images. */
  CLUSTERLAB_IMAGE_TAG: z
    .string()
    .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker tag (letters, digits, _ . -)")
    .default("latest"),
});

export type Env = z.infer<typeof envSchema> & { DATABASE_URL: string; CLUSTERLAB_DATA_DIR: string };

let cached: Env | undefined;

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parse `source` (default process.env). Throws EnvError naming every bad variable. */
// A plain record, not NodeJS.ProcessEnv: Next.js types make NODE_ENV required there, which breaks `parseEnv({})`.
export function parseEnv(source: Readonly<Record<string, string | undefined>> = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvError(
      `Invalid environment variables:\n${lines.join("\n")}\nFix them (or unset them to use the defaults) and try again.`,
    );
  }
  const dataDir = path.resolve(result.data.CLUSTERLAB_DATA_DIR ?? path.join(process.cwd(), ".data"));
  return {
    ...result.data,
    CLUSTERLAB_DATA_DIR: dataDir,
    DATABASE_URL: result.data.DATABASE_URL ?? `file:${path.join(dataDir, "clusterlab.db")}`,
  };
}

export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}
