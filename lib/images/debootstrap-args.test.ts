import { describe, expect, it } from "vitest";
import { debootstrapArgs } from "./offline-build";

describe("debootstrapArgs (L12: packages verified against Debian's keyring)", () => {
  it("names the keyring explicitly", () => {
    expect(
      debootstrapArgs(
        "bookworm",
        "/tmp/root",
        "http://deb.debian.org/debian",
        "/usr/share/keyrings/debian-archive-keyring.gpg",
      ),
    ).toContain("--keyring=/usr/share/keyrings/debian-archive-keyring.gpg");
  });

  it("refuses to build without the keyring, saying what to install", () => {
    expect(() =>
      debootstrapArgs("bookworm", "/tmp/root", "http://deb.debian.org/debian", "/nonexistent/keyring.gpg"),
    ).toThrow(/apt-get install debian-archive-keyring/);
  });
});
