import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { createCookieJar, httpWithJar } from "./cookie-jar";

let server: http.Server;
let base = "";
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  // Sets two cookies at once (like a node's JSESSIONID plus a load balancer's route cookie).
  server = http.createServer((req, res) => {
    seen.push(req.headers.cookie);
    res.setHeader("Set-Cookie", ["JSESSIONID=ABC123; Path=/; HttpOnly", "route=node2; Path=/"]);
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

test("keeps every cookie of a response with several Set-Cookie headers and sends them back", async () => {
  const jar = createCookieJar();
  await httpWithJar(`${base}/`, jar);
  expect(jar.get("JSESSIONID")).toBe("ABC123");
  expect(jar.get("route")).toBe("node2");
  await httpWithJar(`${base}/`, jar);
  expect(seen).toEqual([undefined, "JSESSIONID=ABC123; route=node2"]);
});

test("a cleared jar is a new client", () => {
  const jar = createCookieJar();
  jar.store("a=1; Path=/, b=2");
  expect(jar.header()).toBe("a=1; b=2");
  jar.clear();
  expect(jar.header()).toBeUndefined();
});
