import { Children, type ReactNode } from "react";

/**
 * Two fenced code blocks side by side: the Carbon 4.4 XML form (left) and the deployment.toml form (right).
 * The blocks are ordinary markdown fences inside the tag, so they get the same offline highlighting as any other.
 */
export function ConfigCompare({
  legacyLabel = "Carbon 4.4: axis2.xml",
  tomlLabel = "Carbon 4.5+: deployment.toml",
  children,
}: {
  legacyLabel?: string;
  tomlLabel?: string;
  children: ReactNode;
}): ReactNode {
  const blocks = Children.toArray(children).filter((c) => typeof c !== "string" || c.trim() !== "");
  const [legacy, toml, ...rest] = blocks;
  if (!legacy || !toml || rest.length > 0) {
    throw new Error(`ConfigCompare needs exactly two code blocks (XML then TOML), got ${blocks.length}`);
  }
  return (
    <div className="config-compare">
      <figure>
        <figcaption>{legacyLabel}</figcaption>
        {legacy}
      </figure>
      <figure>
        <figcaption>{tomlLabel}</figcaption>
        {toml}
      </figure>
    </div>
  );
}
