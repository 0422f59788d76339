/**
 * The online build path: an image definition rendered as a Dockerfile whose build context is the
 * repository root (`docker build -f images/<name>/Dockerfile .` works by hand too). The committed
 * images/<name>/Dockerfile files are this function's output; a unit test keeps them in sync.
 */
import type { ImageDefinition } from "./catalog";

export const ONLINE_BASE_IMAGE = "debian:bookworm-slim";

export function renderDockerfile(definition: ImageDefinition, base: string = ONLINE_BASE_IMAGE): string {
  const lines = [
    `# GENERATED from lib/images/catalog.ts by \`clusterlab images dockerfiles\`: edit the catalog, not this file.`,
    `# Build context: the repository root. The --offline path installs the same packages via debootstrap.`,
    `FROM ${base}`,
  ];
  for (const file of definition.preInstallFiles) {
    const dir = file.target.slice(0, file.target.lastIndexOf("/")) || "/";
    // printf's format keeps the RUN on one line: newlines become \n, backslashes and % are escaped.
    const format = file.content.replace(/\\/g, "\\\\").replace(/%/g, "%%").replace(/\n/g, "\\n");
    lines.push(`RUN mkdir -p ${dir} && printf ${shellQuote(format)} > ${file.target}`);
  }
  lines.push(
    "RUN apt-get update \\",
    `    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${definition.packages.join(" ")} \\`,
    "    && apt-get clean && rm -rf /var/lib/apt/lists/*",
  );
  // No COPY --chmod: the classic builder (no BuildKit) lacks it; modes come from the context tar and setup.sh.
  for (const file of definition.files) lines.push(`COPY ${file.source} ${file.target}`);
  lines.push(
    `COPY ${definition.setup} /tmp/clusterlab-setup.sh`,
    "RUN sh /tmp/clusterlab-setup.sh && rm /tmp/clusterlab-setup.sh",
  );
  for (const [key, value] of Object.entries(definition.env)) lines.push(`ENV ${key}=${value}`);
  if (definition.expose.length > 0) lines.push(`EXPOSE ${definition.expose.join(" ")}`);
  lines.push(
    `WORKDIR ${definition.workdir}`,
    `USER ${definition.user}`,
    `ENTRYPOINT ${JSON.stringify(definition.entrypoint)}`,
  );
  return `${lines.join("\n")}\n`;
}

/** The same settings as `docker import --change` instructions (offline path). */
export function importChanges(definition: ImageDefinition, labels: Record<string, string>): Array<string> {
  return [
    ...Object.entries(definition.env).map(([key, value]) => `ENV ${key}=${value}`),
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    ...definition.expose.map((port) => `EXPOSE ${port}`),
    `WORKDIR ${definition.workdir}`,
    `USER ${definition.user}`,
    `ENTRYPOINT ${JSON.stringify(definition.entrypoint)}`,
    ...Object.entries(labels).map(([key, value]) => `LABEL ${key}=${value}`),
  ];
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
