/**
 * L8: the CLI's classroom credentials. The token is read from stdin (piped) or a prompt, not only from argv (visible in
 * `ps` and shell history), and a server that is not on this machine must be https (the token is a password).
 */
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { serverUrlSchema } from "@/lib/submissions";
import { readTokenFrom } from "./login";

describe("serverUrlSchema (L8: https except loopback)", () => {
  it.each([
    "https://course.example",
    "https://course.example/",
    "http://127.0.0.1:3000",
    "http://localhost:3000",
    "http://[::1]:3000",
  ])("accepts %s", (url) => {
    expect(serverUrlSchema.safeParse(url).success).toBe(true);
  });

  it.each([
    "http://course.example",
    "http://192.168.1.20:3000",
    "http://localhost.evil.example",
    "ftp://course.example",
  ])("refuses %s, saying to use https", (url) => {
    const parsed = serverUrlSchema.safeParse(url);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(/https:\/\//);
  });
});

describe("readTokenFrom (L8: the token from stdin, not argv)", () => {
  it("reads a piped token and trims the newline", async () => {
    const token = `clt_${"a".repeat(43)}`;
    await expect(readTokenFrom(Readable.from([`${token}\n`]), false)).resolves.toBe(token);
  });

  it("stops reading after a bounded amount (a huge pipe is not a token)", async () => {
    const big = Readable.from([Buffer.alloc(64 * 1024, "a")]);
    await expect(readTokenFrom(big, false)).resolves.toHaveLength(4096);
  });
});
