import { expect, test } from "vitest";
import { PEER_HEADER, peerAddress, stampPeerAddress } from "./peer";

const request = (headers: Record<string, string>) => new Request("http://127.0.0.1/", { headers });

test("reads a well-formed IPv4 or IPv6 address, nothing else", () => {
  expect(peerAddress(request({ [PEER_HEADER]: "192.0.2.7" }))).toBe("192.0.2.7");
  expect(peerAddress(request({ [PEER_HEADER]: "::1" }))).toBe("::1");
  expect(peerAddress(request({ [PEER_HEADER]: "evil, 1.2.3.4" }))).toBeUndefined();
  expect(peerAddress(request({}))).toBeUndefined();
});

test("stamping overwrites what the client sent, and removes it when the socket address is unknown", () => {
  const forged = new Headers({ [PEER_HEADER]: "203.0.113.9" });
  stampPeerAddress(forged, "198.51.100.4");
  expect(forged.get(PEER_HEADER)).toBe("198.51.100.4");
  stampPeerAddress(forged, undefined);
  expect(forged.has(PEER_HEADER)).toBe(false);
});
