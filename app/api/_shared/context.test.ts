import { afterEach, expect, test } from "vitest";
import { installFrontServerForTests } from "@/lib/console/front-server";
import { remoteAddressOf } from "./context";

afterEach(() => installFrontServerForTests(null));

const request = (peer?: string) =>
  new Request("http://127.0.0.1:3000/api/auth/login", { headers: peer ? { "x-clusterlab-peer": peer } : {} });

test("without ClusterLab's server in front, a client-written x-clusterlab-peer is ignored (next start alone)", () => {
  installFrontServerForTests(null);
  expect(remoteAddressOf(request("10.9.8.7"))).toBeUndefined();
});

test("behind scripts/server.mjs, the stamped peer address is the throttle key; a malformed value is not", () => {
  installFrontServerForTests();
  expect(remoteAddressOf(request("192.0.2.10"))).toBe("192.0.2.10");
  expect(remoteAddressOf(request("not-an-ip"))).toBeUndefined();
  expect(remoteAddressOf(request())).toBeUndefined();
});
