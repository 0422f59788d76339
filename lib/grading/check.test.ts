import { expect, test } from "vitest";
import { error, fail, pass, verdict } from "./check";

test("verdict is pass or fail on the condition, with the same evidence", () => {
  expect(verdict(true, "e", "o", ["l"])).toEqual(pass("e", "o", ["l"]));
  expect(verdict(false, "e", "o")).toEqual(fail("e", "o"));
  expect(verdict(false, "e", "o")).toEqual({ status: "fail", evidence: { expected: "e", observed: "o" } });
  expect(error("e", "o").status).toBe("error");
});
