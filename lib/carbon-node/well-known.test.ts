import { describe, expect, it } from "vitest";
import { isListedMember } from "./well-known";

describe("isListedMember", () => {
  it("matches the exact host:port", async () => {
    expect(await isListedMember([{ host: "10.0.0.7", port: 4000 }], { host: "10.0.0.7", port: 4000 }, "10.0.0.7")).toBe(
      true,
    );
  });

  it("matches a listed host name that resolves to our address (localhost vs 127.0.0.1)", async () => {
    expect(
      await isListedMember([{ host: "localhost", port: 4000 }], { host: "127.0.0.1", port: 4000 }, "127.0.0.1"),
    ).toBe(true);
  });

  it("needs the same port and an address of ours", async () => {
    expect(
      await isListedMember([{ host: "localhost", port: 4001 }], { host: "127.0.0.1", port: 4000 }, "127.0.0.1"),
    ).toBe(false);
    expect(
      await isListedMember([{ host: "10.255.255.1", port: 4000 }], { host: "127.0.0.1", port: 4000 }, "127.0.0.1"),
    ).toBe(false);
    expect(await isListedMember([], { host: "127.0.0.1", port: 4000 }, "127.0.0.1")).toBe(false);
  });
});
