import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ArtifactError, artifactPathSchema, createArtifactStore, DEPLOYMENT_FOLDER, explain } from "./artifacts";

const made: Array<string> = [];
afterEach(() => {
  for (const dir of made.splice(0)) {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function home(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-artifacts-"));
  made.push(dir);
  return dir;
}

describe("artifact store", () => {
  it("deploys into <home>/repository/deployment/server and reads files and folders back", async () => {
    const h = home();
    const store = createArtifactStore(h);
    expect(await store.deploy("userstores/SECONDARY.xml", "<UserStoreManager/>")).toEqual({
      path: "userstores/SECONDARY.xml",
      bytes: 19,
    });
    expect(fs.readFileSync(path.join(h, DEPLOYMENT_FOLDER, "userstores/SECONDARY.xml"), "utf8")).toBe(
      "<UserStoreManager/>",
    );
    expect(await store.read("userstores/SECONDARY.xml")).toEqual({
      path: "userstores/SECONDARY.xml",
      kind: "file",
      content: "<UserStoreManager/>",
      bytes: 19,
    });
    expect(await store.read("userstores")).toEqual({ path: "userstores", kind: "folder", entries: ["SECONDARY.xml"] });
  });

  it("says what is wrong: missing artifact 404, no home 409, unwritable folder 403", async () => {
    const h = home();
    const store = createArtifactStore(h);
    await expect(store.read("userstores/NONE.xml")).rejects.toMatchObject({
      status: 404,
      message: expect.stringContaining("no artifact at repository/deployment/server/userstores/NONE.xml"),
    });
    await expect(createArtifactStore(null).deploy("a.xml", "x")).rejects.toMatchObject({ status: 409 });
    if (process.getuid?.() !== 0) {
      fs.mkdirSync(path.join(h, DEPLOYMENT_FOLDER), { recursive: true });
      fs.chmodSync(h, 0o555);
      fs.chmodSync(path.join(h, DEPLOYMENT_FOLDER), 0o555);
      await expect(store.deploy("userstores/X.xml", "x")).rejects.toBeInstanceOf(ArtifactError);
      await expect(store.deploy("userstores/X.xml", "x")).rejects.toMatchObject({ status: 403 });
      fs.chmodSync(path.join(h, DEPLOYMENT_FOLDER), 0o755);
    }
  });

  it("accepts only plain relative paths", () => {
    for (const ok of ["userstores/SECONDARY.xml", "webapps/app.war", "eventpublishers/a_b-c.xml"])
      expect(artifactPathSchema.safeParse(ok).success).toBe(true);
    for (const bad of ["", "/etc/passwd", "../x", "userstores/../../x", "a//b", "a/./b", "a b", "a/b/c/d/e/f"])
      expect(artifactPathSchema.safeParse(bad).success).toBe(false);
  });
});

describe("artifact store under concurrent deployments", () => {
  it("20 simultaneous deployments of one file all succeed, the file holds one whole version and no temp file is left", async () => {
    const h = home();
    const store = createArtifactStore(h);
    const versions = Array.from(
      { length: 20 },
      (_, i) => `<UserStoreManager version="${i}">${"x".repeat(10_000)}</UserStoreManager>`,
    );
    await Promise.all(versions.map((v) => store.deploy("userstores/RACE.xml", v)));
    const read = await store.read("userstores/RACE.xml");
    expect(read.kind === "file" && versions.includes(read.content)).toBe(true);
    expect(fs.readdirSync(path.join(h, DEPLOYMENT_FOLDER, "userstores"))).toEqual(["RACE.xml"]);
  });
});

describe("artifact store failed writes", () => {
  it("deploying over a folder fails with 409 and leaves no temp file behind", async () => {
    const h = home();
    const store = createArtifactStore(h);
    fs.mkdirSync(path.join(h, DEPLOYMENT_FOLDER, "userstores/FOLDER.xml"), { recursive: true });
    await expect(store.deploy("userstores/FOLDER.xml", "x")).rejects.toMatchObject({ status: 409 });
    expect(fs.readdirSync(path.join(h, DEPLOYMENT_FOLDER, "userstores"))).toEqual(["FOLDER.xml"]);
  });
});

describe("artifact store: undeploy, listings, binary files, error mapping", () => {
  it("undeploys a file (404 when gone, 409 for a folder); listings never show another write's temp file", async () => {
    const h = home();
    const store = createArtifactStore(h);
    await store.deploy("userstores/A.xml", "<a/>");
    fs.writeFileSync(
      path.join(h, DEPLOYMENT_FOLDER, "userstores", ".B.xml.0f8fad5b-d9cb-469f-a165-70867728950e.tmp"),
      "half",
    );
    expect(await store.read("userstores")).toMatchObject({ kind: "folder", entries: ["A.xml"] });
    expect(await store.undeploy("userstores/A.xml")).toEqual({ path: "userstores/A.xml", removed: true });
    await expect(store.undeploy("userstores/A.xml")).rejects.toMatchObject({ status: 404 });
    await expect(store.undeploy("userstores")).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining("is a folder"),
    });
  });

  it("refuses to return a binary artifact as text (415) instead of corrupting it", async () => {
    const h = home();
    fs.mkdirSync(path.join(h, DEPLOYMENT_FOLDER, "webapps"), { recursive: true });
    fs.writeFileSync(
      path.join(h, DEPLOYMENT_FOLDER, "webapps/app.war"),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]),
    );
    await expect(createArtifactStore(h).read("webapps/app.war")).rejects.toMatchObject({ status: 415 });
  });

  it("maps file-system errors to statuses with the cause in words (the 403/409 paths cannot be provoked as root)", () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(explain(err("EACCES"), "x", "write")).toMatchObject({
      status: 403,
      message: expect.stringContaining("permission denied"),
    });
    expect(explain(err("EPERM"), "x", "write")).toMatchObject({ status: 403 });
    expect(explain(err("EROFS"), "x", "write")).toMatchObject({
      status: 409,
      message: expect.stringContaining("read-only mount (ro in this node's fstab)"),
    });
    expect(explain(err("EEXIST"), "x", "write")).toMatchObject({
      status: 409,
      message: expect.stringContaining("a folder and a file have the same name"),
    });
    expect(explain(err("ENOENT"), "x", "read")).toMatchObject({ status: 404 });
    expect(explain(err("EIO"), "x", "read")).toMatchObject({ status: 500, message: "cannot read x: EIO" });
  });

  it("deploying under a path whose parent is a file says so (409), not a raw errno (500)", async () => {
    const h = home();
    const store = createArtifactStore(h);
    await store.deploy("userstores/A.xml", "<a/>");
    await expect(store.deploy("userstores/A.xml/B.xml", "<b/>")).rejects.toMatchObject({ status: 409 });
  });
});
