/**
 * A real PostgreSQL for tests: CLUSTERLAB_TEST_PG_URL (set by .ci/run), else the local default from
 * scripts/ensure-postgres.sh if it answers. Suites create and drop their OWN database on that server.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { getEnv } from "@/lib/env";

export const defaultTestPgUrl = "postgresql://clusterlab:clusterlab@127.0.0.1:5432/postgres";

/** `required`: CLUSTERLAB_TEST_PG_URL is set, so a server that does not answer is a failure, not a skip. */
export type PgProbe = { ok: true; adminUrl: string } | { ok: false; reason: string; required: boolean };

/** Connect once (2 s timeout) to find out whether a server answers. */
export async function probePostgres(): Promise<PgProbe> {
  const configured = getEnv().CLUSTERLAB_TEST_PG_URL;
  const adminUrl = configured ?? defaultTestPgUrl;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { ok: true, adminUrl };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      required: configured !== undefined,
      reason: configured
        ? `CLUSTERLAB_TEST_PG_URL is set but the server does not answer (${why})`
        : `CLUSTERLAB_TEST_PG_URL is unset and no PostgreSQL answers at 127.0.0.1:5432 (${why}); run bash scripts/ensure-postgres.sh`,
    };
  } finally {
    await client.end().catch(() => undefined);
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export type FreshDatabase = { url: string; name: string; drop: () => Promise<void> };

/** Create an empty database named `clusterlab_test_<prefix>_<random>`; `drop()` removes it (closing stray sessions). */
export async function createFreshDatabase(adminUrl: string, prefix: string): Promise<FreshDatabase> {
  const name = `clusterlab_test_${prefix.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${randomBytes(4).toString("hex")}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  return {
    name,
    url: withDatabase(adminUrl, name),
    drop: () => dropDatabase(adminUrl, name),
  };
}

/**
 * DROP ... WITH (FORCE) terminates the database's sessions, but a non-superuser may not terminate a session of
 * another role: an autovacuum worker busy on the database after a heavy test makes it fail with 42501 until the
 * worker finishes. Retry that case briefly (bounded) instead of failing the suite's cleanup.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== "42501" || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
