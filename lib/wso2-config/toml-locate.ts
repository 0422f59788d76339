/**
 * smol-toml gives positions only for syntax errors. To put a line/column on a problem with a VALUE
 * (offset = "three"), this scanner finds where a dotted key was written: it follows table headers
 * (`[a.b]`, `[[a]]` with its index) and dotted keys (`pool_options.max_active = 5`). Good enough for
 * diagnostics; it never decides what a value is.
 */
import type { Position } from "./diagnostics";

function splitDottedKey(key: string): Array<string> {
  const parts: Array<string> = [];
  const pattern = /\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(key)) !== null && match[0] !== "") {
    const part = match[1] ?? "";
    parts.push(part.startsWith('"') || part.startsWith("'") ? part.slice(1, -1) : part);
    if (pattern.lastIndex >= key.length) break;
  }
  return parts;
}

type Written = { path: Array<string>; at: Position };

/** Scan once: every table header and key assignment with its full dotted path and position. */
function scan(text: string): Array<Written> {
  const written: Array<Written> = [];
  let table: Array<string> = [];
  const arrayCounts = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((line, index) => {
    const header = /^(\s*)\[\[\s*([^\]]+?)\s*\]\]/.exec(line) ?? /^(\s*)\[\s*([^\]]+?)\s*\]/.exec(line);
    if (header) {
      const parts = splitDottedKey(header[2] ?? "");
      if (line.trimStart().startsWith("[[")) {
        const name = parts.join(".");
        const count = arrayCounts.get(name) ?? 0;
        arrayCounts.set(name, count + 1);
        table = [...parts, String(count)];
      } else {
        table = parts;
      }
      written.push({ path: table, at: { line: index + 1, column: (header[1] ?? "").length + 1 } });
      return;
    }
    const assignment = /^(\s*)((?:"(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_.\s-])+?)\s*=/.exec(line);
    if (assignment) {
      written.push({
        path: [...table, ...splitDottedKey(assignment[2] ?? "")],
        at: { line: index + 1, column: (assignment[1] ?? "").length + 1 },
      });
    }
  });
  return written;
}

export type TomlLocator = (path: ReadonlyArray<string>) => Position;

/**
 * A locator for one text: position of the key `path` (e.g. ["server", "offset"] or
 * ["datasource", "0", "url"]), or of the first key written under it; when neither is written (a
 * default), the position of its closest written parent; else line 1.
 */
export function createTomlLocator(text: string): TomlLocator {
  const written = scan(text);
  return (path) => {
    let best: { depth: number; at: Position } = { depth: 0, at: { line: 1, column: 1 } };
    for (const entry of written) {
      let depth = 0;
      while (depth < entry.path.length && depth < path.length && entry.path[depth] === path[depth]) depth += 1;
      // The key itself, or the first key written under it (`a.b.c = 1` is where table `a.b` starts).
      if (depth === path.length) return entry.at;
      if (depth === entry.path.length && depth > best.depth) best = { depth, at: entry.at };
    }
    return best.at;
  };
}
