import { describe, expect, it } from "vitest";
import { parseFstab } from "./fstab";

const HOME = "/opt/clusterlab/carbon";
const base = { file: "node1/fstab", home: HOME, shares: ["userstores", "eventpublishers"] };

describe("parseFstab", () => {
  it("reads NFS lines into mounts: comments and blank lines skipped, trailing slash dropped, ro honoured, neutral options accepted", () => {
    const text = [
      "# <file system> <mount point> <type> <options> <dump> <pass>",
      "",
      `nfs:/userstores   ${HOME}/repository/deployment/server/userstores/  nfs  defaults,_netdev,nfsvers=4.1  0 0`,
      `nfs:/eventpublishers ${HOME}/repository/deployment/server/eventpublishers nfs4 ro,hard # read-only here`,
    ].join("\n");
    expect(parseFstab({ ...base, text })).toEqual({
      mounts: [
        { share: "userstores", path: `${HOME}/repository/deployment/server/userstores`, readOnly: false },
        { share: "eventpublishers", path: `${HOME}/repository/deployment/server/eventpublishers`, readOnly: true },
      ],
      diagnostics: [],
    });
  });

  it("an empty or comment-only file mounts nothing", () => {
    expect(parseFstab({ ...base, text: "# nothing mounted yet\n\n" })).toEqual({ mounts: [], diagnostics: [] });
  });

  it.each([
    ["nfs:/userstores", "fstab-syntax", /found 1 field/],
    [
      `server:/userstores ${HOME}/a nfs`,
      "fstab-source",
      /write nfs:\/<share>.*nfs:\/userstores, nfs:\/eventpublishers/,
    ],
    [`nfs:/userstores/primary ${HOME}/a nfs`, "fstab-source", /whole shares only: use nfs:\/userstores/],
    [`nfs:/tenants ${HOME}/a nfs`, "fstab-unknown-share", /no share "tenants"/],
    [`nfs:/userstores repository/deployment nfs`, "fstab-mount-point", /absolute path/],
    [`nfs:/userstores /etc/nginx nfs`, "fstab-mount-point", /outside this node's home/],
    [`nfs:/userstores ${HOME} nfs`, "fstab-mount-point", /is the node's home itself/],
    [`nfs:/userstores ${HOME}/. nfs`, "fstab-mount-point", /is the node's home itself/],
    [`nfs:/userstores ${HOME}/a nfs ro,rw`, "fstab-options", /both ro and rw/],
    [`nfs:/userstores ${HOME}/a ext4`, "fstab-type", /speaks NFS/],
    [`nfs:/userstores ${HOME}/a nfs rw,bogus`, "fstab-options", /unknown mount option bogus/],
    [`nfs:/userstores ${HOME}/a nfs defaults x 0`, "fstab-syntax", /single digits/],
  ])("%s -> %s with a message that says what to write", (line, code, message) => {
    const { mounts, diagnostics } = parseFstab({ ...base, text: `# header\n${line}\n` });
    expect(mounts).toEqual([]);
    expect(diagnostics[0]).toMatchObject({ severity: "error", code, file: "node1/fstab", line: 2 });
    expect(diagnostics[0]?.message).toMatch(message);
    expect(diagnostics[0]?.column).toBeGreaterThan(0);
  });

  it("a folder mounted twice is reported on the second line", () => {
    const text = `nfs:/userstores ${HOME}/a nfs\nnfs:/eventpublishers ${HOME}/a/ nfs\n`;
    const { mounts, diagnostics } = parseFstab({ ...base, text });
    expect(mounts).toHaveLength(1);
    expect(diagnostics).toMatchObject([{ code: "fstab-duplicate", line: 2 }]);
  });

  it("a lab without a file server says so", () => {
    const { diagnostics } = parseFstab({ ...base, shares: [], text: `nfs:/userstores ${HOME}/a nfs` });
    expect(diagnostics[0]?.message).toMatch(/this lab has no file server/);
  });
});

describe("parseFstab: mounts that would hide or overlap", () => {
  const nodeFiles = [`${HOME}/repository/conf/deployment.toml`, `${HOME}/repository/conf/axis2/axis2.xml`];

  it.each([`${HOME}/repository`, `${HOME}/repository/conf`, `${HOME}/repository/conf/axis2`])(
    "a share on %s would hide the node's own files: error naming them",
    (mountPoint) => {
      const { mounts, diagnostics } = parseFstab({
        ...base,
        nodeFiles,
        text: `nfs:/userstores ${mountPoint} nfs defaults 0 0\n`,
      });
      expect(mounts).toEqual([]);
      expect(diagnostics[0]).toMatchObject({ code: "fstab-hides-files", line: 1, column: 17 });
      expect(diagnostics[0]?.message).toMatch(/would hide this node's own file/);
      expect(diagnostics[0]?.message).toContain("repository/conf/");
    },
  );

  it("a folder beside the node's files is fine", () => {
    const { mounts, diagnostics } = parseFstab({
      ...base,
      nodeFiles,
      text: `nfs:/userstores ${HOME}/repository/deployment/server/userstores nfs\n`,
    });
    expect(diagnostics).toEqual([]);
    expect(mounts).toHaveLength(1);
  });

  it("nested mounts are refused (either order), side by side is fine", () => {
    const nested = parseFstab({
      ...base,
      text: `nfs:/userstores ${HOME}/x nfs\nnfs:/eventpublishers ${HOME}/x/y nfs\n`,
    });
    expect(nested.diagnostics).toMatchObject([{ code: "fstab-nested", line: 2 }]);
    const reversed = parseFstab({
      ...base,
      text: `nfs:/userstores ${HOME}/x/y nfs\nnfs:/eventpublishers ${HOME}/x nfs\n`,
    });
    expect(reversed.diagnostics).toMatchObject([{ code: "fstab-nested", line: 2 }]);
    const sideBySide = parseFstab({
      ...base,
      text: `nfs:/userstores ${HOME}/x nfs\nnfs:/eventpublishers ${HOME}/xy nfs\n`,
    });
    expect(sideBySide.diagnostics).toEqual([]);
  });

  it("columns point at the field a diagnostic is about, even when its text appears earlier on the line", () => {
    const { diagnostics } = parseFstab({ ...base, text: `nfs:/userstores ${HOME}/nfs nfs nfs\n` });
    // "nfs" (the options field, an unknown option) is the 4th field, not the "nfs" inside the first one.
    expect(diagnostics[0]).toMatchObject({
      code: "fstab-options",
      column: `nfs:/userstores ${HOME}/nfs nfs `.length + 1,
    });
  });
});
