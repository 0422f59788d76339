import { describe, expect, it } from "vitest";
import { LruCache } from "./lru-cache";

describe("LruCache", () => {
  it("evicts the least recently used entry beyond its capacity", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recent
    cache.set("c", 3);
    expect(cache.has("b")).toBe(false);
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    expect(cache.size).toBe(2);
  });

  it("re-setting a key refreshes it instead of growing", () => {
    const cache = new LruCache<string, number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 10);
    cache.set("c", 3);
    expect(cache.get("a")).toBe(10);
    expect(cache.has("b")).toBe(false);
    expect(cache.size).toBe(2);
  });

  it("stays bounded under many distinct keys (every lesson edit is a new hash)", () => {
    const cache = new LruCache<number, string>(50);
    for (let i = 0; i < 10_000; i++) cache.set(i, `v${i}`);
    expect(cache.size).toBe(50);
    expect(cache.get(9_999)).toBe("v9999");
    expect(cache.get(9_949)).toBe(undefined);
  });

  it("refuses a capacity that cannot hold anything", () => {
    expect(() => new LruCache(0)).toThrow(/positive integer/);
  });
});
