import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseJsonAs, runTag } from "./payload";

describe("parseJsonAs", () => {
  const schema = z.object({ value: z.number() });
  it("returns the data when the body matches", () => expect(parseJsonAs(schema, '{"value":3}')).toEqual({ value: 3 }));
  it("returns null for bodies that are not JSON or not of the shape", () => {
    expect(parseJsonAs(schema, "<html>")).toBeNull();
    expect(parseJsonAs(schema, '{"value":"3"}')).toBeNull();
  });
  it("gives each run its own tag", () => expect(runTag()).not.toBe(runTag()));
});
