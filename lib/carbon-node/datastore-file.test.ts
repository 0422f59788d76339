import path from "node:path";
import { describe, expect, it } from "vitest";
import { datastoreFileName } from "./datasources";

describe("datastoreFileName (L13: a datasource name never leaves repository/database)", () => {
  it("keeps ordinary names", () => expect(datastoreFileName("WSO2_CARBON_DB")).toBe("WSO2_CARBON_DB.clusterlab.json"));
  it.each(["../../../home/x/.bashrc", "/etc/passwd", "..", "a/../../b", "jdbc\\..\\x"])(
    "%s stays inside the folder",
    (name) => {
      const file = datastoreFileName(name);
      expect(file).not.toMatch(/[/\\]/);
      expect(path.join("/db", file).startsWith("/db/")).toBe(true);
      expect(file.startsWith(".")).toBe(false);
    },
  );
});
