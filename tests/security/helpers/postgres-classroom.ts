/**
 * The attack suites run against a classroom on PostgreSQL (the production database of classroom mode). In CI
 * CLUSTERLAB_TEST_PG_URL is set, so a server that does not answer fails the suite (availableProviders throws);
 * on a machine without PostgreSQL the suites are skipped with the reason.
 */
import { test } from "vitest";
import { availableProviders } from "@/tests/classroom/helpers/classroom-db";

export async function postgresAvailable(suite: string): Promise<boolean> {
  const { providers, skipped } = await availableProviders();
  if (providers.includes("postgresql")) return true;
  test.skip(`${suite} [skipped: ${skipped ?? "no PostgreSQL"}]`, () => {});
  return false;
}
