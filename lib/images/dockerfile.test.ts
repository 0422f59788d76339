import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IMAGE_CATALOG, IMAGE_NAMES } from "./catalog";
import { importChanges, renderDockerfile } from "./dockerfile";
import { imageHash, MissingImageInputError, REPO_ROOT } from "./inputs";

describe("online Dockerfiles", () => {
  it.each(IMAGE_NAMES)(
    "images/%s/Dockerfile is the catalog's rendering (run `clusterlab images dockerfiles` if not)",
    (name) => {
      const committed = fs.readFileSync(path.join(REPO_ROOT, "images", name, "Dockerfile"), "utf8");
      expect(committed).toBe(renderDockerfile(IMAGE_CATALOG[name]));
    },
  );

  it("keeps pre-install files on one RUN line and runs as the image's user", () => {
    const text = renderDockerfile(IMAGE_CATALOG.postgres);
    expect(text).toContain(
      "printf 'create_main_cluster = false\\n' > /etc/postgresql-common/createcluster.d/clusterlab.conf",
    );
    expect(text.split("\n").filter((l) => l.startsWith("FROM"))).toEqual(["FROM debian:bookworm-slim"]);
    expect(text).toContain("USER postgres");
    expect(text).not.toMatch(/--chmod/);
  });

  it("import changes carry the same settings plus the hash label", () => {
    const changes = importChanges(IMAGE_CATALOG.nginx, { "io.clusterlab.image-hash": "abc" });
    expect(changes).toContain("USER www-data");
    expect(changes).toContain('ENTRYPOINT ["/usr/local/bin/clusterlab-entrypoint"]');
    expect(changes).toContain("EXPOSE 80");
    expect(changes).toContain("LABEL io.clusterlab.image-hash=abc");
  });
});

describe("imageHash", () => {
  it("changes when a copied file changes, and says how to fix a missing input", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "clusterlab-hash-"));
    const bundle = path.join(dir, "carbon-node.mjs");
    fs.writeFileSync(bundle, "one");
    const first = imageHash(IMAGE_CATALOG["carbon-node"], {
      overrides: { "dist/carbon-node/carbon-node.mjs": bundle },
    });
    fs.writeFileSync(bundle, "two");
    const second = imageHash(IMAGE_CATALOG["carbon-node"], {
      overrides: { "dist/carbon-node/carbon-node.mjs": bundle },
    });
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(second).not.toBe(first);
    expect(imageHash(IMAGE_CATALOG.nginx)).toBe(imageHash(IMAGE_CATALOG.nginx));
    expect(() => imageHash(IMAGE_CATALOG["carbon-node"], { root: dir })).toThrow(MissingImageInputError);
    expect(() => imageHash(IMAGE_CATALOG["carbon-node"], { root: dir })).toThrow(/npm run build:carbon-node/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
