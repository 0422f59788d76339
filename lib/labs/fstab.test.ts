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
    [`server:/userstores ${HOME}/a nfs`, "fstab-source", /write nfs:\/<share>.*nfs:\/userstores, nfs:\/eventpublishers/],
    [`nfs:/userstores/primary ${HOME}/a nfs`, "fstab-source", /whole shares only: use nfs:\/userstores/],
    [`nfs:/tenants ${HOME}/a nfs`, "fstab-unknown-share", /no share "tenants"/],
    [`nfs:/userstores repository/deployment nfs`, "fstab-mount-point", /absolute path/],
    [`nfs:/userstores /etc/nginx nfs`, "fstab-mount-point", /outside this node's home/],
    [`nfs:/userstores ${HOME} nfs`, "fstab-mount-point", /outside this node's home/],
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
