/**
 * A small rehype plugin: every h2/h3 gets an `id` so hints and other pages can link to a section. A heading that
 * starts with "Step N" gets `step-N` (check hints point at README steps that way); others get a slug of their text.
 * Written here rather than adding rehype-slug, because we need the `step-N` rule anyway and it is twenty lines.
 */
type HastNode = {
  type: string;
  tagName?: string;
  value?: string;
  properties?: Record<string, unknown>;
  children?: HastNode[];
};

function textOf(node: HastNode): string {
  if (node.type === "text") return node.value ?? "";
  return (node.children ?? []).map(textOf).join("");
}

export function headingId(text: string): string {
  const step = /^\s*step\s+(\d+)\b/i.exec(text);
  if (step?.[1]) return `step-${step[1]}`;
  return text
    .toLowerCase()
    .replace(/[^a-z0-9\s-]/g, "")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, 80);
}

export function rehypeHeadingIds() {
  return (tree: HastNode): void => {
    const used = new Set<string>();
    const visit = (node: HastNode): void => {
      if (node.type === "element" && (node.tagName === "h2" || node.tagName === "h3") && !node.properties?.id) {
        const base = headingId(textOf(node)) || "section";
        let id = base;
        for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
        used.add(id);
        node.properties = { ...node.properties, id };
      }
      for (const child of node.children ?? []) visit(child);
    };
    visit(tree);
  };
}
