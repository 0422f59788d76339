import { expect, test } from "vitest";
import { clientAddress } from "./principal";

function request(...forwarded: Array<string>): Request {
  const headers = new Headers();
  for (const value of forwarded) headers.append("x-forwarded-for", value);
  return new Request("http://127.0.0.1/api/auth/login", { method: "POST", headers });
}

const socket = () => "10.0.0.5";

test("behind a trusted proxy the address is the rightmost X-Forwarded-For hop, not one the client wrote", () => {
  const ctx = { trustProxy: true, remoteAddress: socket };
  // The client sent "X-Forwarded-For: 198.51.100.1, 192.0.2.9"; the proxy appended the address it saw.
  expect(clientAddress(request("198.51.100.1, 192.0.2.9, 203.0.113.41"), ctx)).toBe("203.0.113.41");
  expect(clientAddress(request("203.0.113.41"), ctx)).toBe("203.0.113.41");
  // Two header lines (the client's, then the proxy's): still the proxy's hop.
  expect(clientAddress(request("198.51.100.1", "203.0.113.42"), ctx)).toBe("203.0.113.42");
  expect(clientAddress(request(" 198.51.100.1 ,203.0.113.43 , "), ctx)).toBe("203.0.113.43");
});

test("without the header, or without a trusted proxy, the socket address is used", () => {
  expect(clientAddress(request(), { trustProxy: true, remoteAddress: socket })).toBe("10.0.0.5");
  expect(clientAddress(request(" , "), { trustProxy: true, remoteAddress: socket })).toBe("10.0.0.5");
  expect(clientAddress(request("198.51.100.1"), { trustProxy: false, remoteAddress: socket })).toBe("10.0.0.5");
  expect(clientAddress(request("198.51.100.1"), { trustProxy: false })).toBe("");
});
