import { describe, expect, it } from "vitest";
import { createLocalDataStore } from "./local-data-store";

describe("node-local store (jdbc:h2)", () => {
  it("loses concurrent increments without a transaction and none with one", async () => {
    const store = createLocalDataStore("WSO2_CARBON_DB", null);
    await Promise.all(Array.from({ length: 10 }, () => store.counterIncrement("plain", false)));
    expect(await store.counterGet("plain")).toBeLessThan(10);
    await Promise.all(Array.from({ length: 10 }, () => store.counterIncrement("locked", true)));
    expect(await store.counterGet("locked")).toBe(10);
    expect(store.shared).toBe(false);
  });
});
