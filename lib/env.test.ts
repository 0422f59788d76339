import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env";

describe("parseEnv", () => {
  it("defaults to local mode with SQLite under .data/", () => {
    const env = parseEnv({});
    expect(env.CLUSTERLAB_MODE).toBe("local");
    expect(env.DATABASE_URL).toMatch(/^file:.*\.data\/clusterlab\.db$/);
  });

  it("rejects a database URL it cannot use, naming the variable", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(EnvError);
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL/);
  });

  it("reads the docker requirement flag", () => {
    expect(parseEnv({ CLUSTERLAB_REQUIRE_DOCKER: "1" }).CLUSTERLAB_REQUIRE_DOCKER).toBe(true);
    expect(parseEnv({}).CLUSTERLAB_REQUIRE_DOCKER).toBe(false);
  });
});
