import { describe, expect, it } from "vitest";
import { parseJdbcUrl } from "./jdbc-url";

describe("parseJdbcUrl", () => {
  it("maps PostgreSQL URLs with and without a port", () => {
    expect(parseJdbcUrl("jdbc:postgresql://db.lab:5433/WSO2_SHARED_DB?ssl=false")).toEqual({
      kind: "postgresql",
      host: "db.lab",
      port: 5433,
      database: "WSO2_SHARED_DB",
      params: { ssl: "false" },
    });
    expect(parseJdbcUrl("jdbc:postgresql://10.0.0.5/regdb")).toMatchObject({
      kind: "postgresql",
      port: 5432,
      database: "regdb",
    });
  });

  it("maps MySQL and MariaDB URLs onto mysql2, keeping WSO2's &amp;-free parameters", () => {
    expect(parseJdbcUrl("jdbc:mysql://mysql:3306/WSO2AM_DB?useSSL=false&autoReconnect=true")).toMatchObject({
      kind: "mysql",
      host: "mysql",
      port: 3306,
      database: "WSO2AM_DB",
      params: { useSSL: "false", autoReconnect: "true" },
    });
    expect(parseJdbcUrl("jdbc:mariadb://maria/userdb")).toMatchObject({
      kind: "mysql",
      port: 3306,
      database: "userdb",
    });
  });

  it("treats H2 as the node-local store", () => {
    expect(
      parseJdbcUrl("jdbc:h2:./repository/database/WSO2CARBON_DB;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=60000"),
    ).toEqual({
      kind: "h2",
      location: "./repository/database/WSO2CARBON_DB",
    });
  });

  it("reports other vendors and non-URLs instead of guessing", () => {
    expect(parseJdbcUrl("jdbc:oracle:thin:@db:1521/ORCL")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringContaining("oracle"),
    });
    expect(parseJdbcUrl("postgres://x/y")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringContaining("not a JDBC URL"),
    });
    expect(parseJdbcUrl("jdbc:postgresql://host:5432/")).toMatchObject({
      kind: "unsupported",
      reason: expect.stringContaining("no database"),
    });
  });
});
