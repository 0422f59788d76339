import fs from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { apiRoutes, matchRoute } from "./routes";

const appApi = path.resolve(import.meta.dirname, "..", "..", "..", "app", "api");

function routeFiles(dir: string): Array<string> {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith("_") ? [] : routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

test("app/api serves exactly the routes of the table, each through nextRoute", () => {
  const served: Array<string> = [];
  for (const file of routeFiles(appApi)) {
    const source = fs.readFileSync(file, "utf8");
    const urlPath = `/api/${path.relative(appApi, path.dirname(file)).split(path.sep).join("/")}`;
    for (const match of source.matchAll(/export const (GET|POST|PUT|DELETE) = nextRoute\((\w+)\)/g)) {
      served.push(`${match[1]} ${urlPath} ${match[2]}`);
    }
  }
  const table = apiRoutes.map((route) => `${route.method} ${route.path} ${route.handler.name}`);
  expect(served.sort()).toEqual(table.sort());
});

test("static segments win over parameters, and a wrong method is reported with the allowed ones", () => {
  const join = matchRoute("POST", "/api/cohorts/join");
  expect(join?.route?.path).toBe("/api/cohorts/join");
  const matrix = matchRoute("GET", "/api/cohorts/abc/matrix");
  expect(matrix && matrix.route ? matrix.params : undefined).toEqual({ cohortId: "abc" });
  const wrong = matchRoute("PATCH", "/api/tokens");
  expect(wrong && !wrong.route ? wrong.allowed.sort() : []).toEqual(["GET", "POST"]);
  expect(matchRoute("GET", "/api/nope")).toBeUndefined();
});
