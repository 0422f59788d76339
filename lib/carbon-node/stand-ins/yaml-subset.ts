/**
 * A small, strict parser for the YAML that Kubernetes RBAC manifests are written in, so rbac.yaml can be
 * read without a new npm dependency (ADR 0028). Supported: `---`-separated documents, block mappings,
 * block sequences (`- item`, `- key: value` maps), flow sequences of scalars (`[get, list]`), plain,
 * 'single' and "double" quoted scalars, `#` comments. Anything else (anchors, multi-line strings, flow
 * maps, tabs) is an error naming the line, rather than a silent misreading.
 */
export type YamlValue = string | Array<YamlValue> | { [key: string]: YamlValue };

export class YamlSubsetError extends Error {
  override name = "YamlSubsetError";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

type Line = { no: number; indent: number; text: string };

function stripComment(raw: string): string {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i += 1) {
    const c = raw[i];
    if (quote !== null) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#" && (i === 0 || raw[i - 1] === " ")) return raw.slice(0, i);
  }
  return raw;
}

function scalar(text: string, no: number): string {
  const t = text.trim();
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new YamlSubsetError(no, `unterminated double-quoted string ${t}`);
    return t.slice(1, -1).replace(/\\(["\\])/g, "$1");
  }
  if (t.startsWith("'")) {
    if (!t.endsWith("'") || t.length < 2) throw new YamlSubsetError(no, `unterminated single-quoted string ${t}`);
    return t.slice(1, -1).replace(/''/g, "'");
  }
  if (/^[&*!|>{%@`]/.test(t))
    throw new YamlSubsetError(
      no,
      `"${t}" uses YAML syntax this reader does not support (anchors, tags, block scalars, flow maps); write a plain or quoted value`,
    );
  return t;
}

function value(text: string, no: number): YamlValue {
  const t = text.trim();
  if (t.startsWith("[")) {
    if (!t.endsWith("]")) throw new YamlSubsetError(no, `flow sequence ${t} must end with ] on the same line`);
    const inner = t.slice(1, -1).trim();
    return inner === "" ? [] : inner.split(",").map((part) => scalar(part, no));
  }
  return scalar(t, no);
}

/** Split `key: rest`; null when the line is not a mapping entry. */
function keyValue(text: string, no: number): { key: string; rest: string } | null {
  const match = /^("[^"]*"|'[^']*'|[^\s:"'][^:]*?)\s*:(?:\s+(.*)|\s*)$/.exec(text);
  if (match === null) return null;
  return { key: scalar(match[1] ?? "", no), rest: (match[2] ?? "").trim() };
}

class Parser {
  private index = 0;
  constructor(private readonly lines: Array<Line>) {}

  private peek(): Line | undefined {
    return this.lines[this.index];
  }

  parseBlock(indent: number): YamlValue {
    const first = this.peek();
    if (first === undefined || first.indent < indent) return "";
    return first.text.startsWith("- ") || first.text === "-"
      ? this.parseSequence(first.indent)
      : this.parseMapping(first.indent);
  }

  private parseSequence(indent: number): Array<YamlValue> {
    const out: Array<YamlValue> = [];
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      // A sequence written at its key's indentation ends at the next key of that mapping.
      if (!(line.text.startsWith("- ") || line.text === "-")) break;
      const rest = line.text.slice(1).trimStart();
      this.index += 1;
      if (rest === "") {
        out.push(this.parseBlock(indent + 1));
      } else if (
        keyValue(rest, line.no) !== null &&
        !rest.startsWith("[") &&
        !rest.startsWith('"') &&
        !rest.startsWith("'")
      ) {
        // `- key: value` starts a mapping whose other keys sit where `key` sits.
        const itemIndent = indent + (line.text.length - rest.length);
        this.index -= 1;
        this.lines[this.index] = { no: line.no, indent: itemIndent, text: rest };
        out.push(this.parseMapping(itemIndent));
      } else {
        out.push(value(rest, line.no));
      }
    }
    const next = this.peek();
    if (next !== undefined && next.indent > indent) throw new YamlSubsetError(next.no, "unexpected indentation");
    return out;
  }

  private parseMapping(indent: number): { [key: string]: YamlValue } {
    const out: { [key: string]: YamlValue } = {};
    for (let line = this.peek(); line !== undefined && line.indent === indent; line = this.peek()) {
      const entry = keyValue(line.text, line.no);
      if (entry === null) throw new YamlSubsetError(line.no, `expected "key: value" but found "${line.text}"`);
      if (Object.hasOwn(out, entry.key))
        throw new YamlSubsetError(line.no, `key "${entry.key}" appears twice in one mapping`);
      this.index += 1;
      if (entry.rest !== "") {
        out[entry.key] = value(entry.rest, line.no);
        continue;
      }
      const child = this.peek();
      // A sequence may sit at the same indentation as its key (kubectl's own output style).
      if (
        child !== undefined &&
        (child.indent > indent || (child.indent === indent && (child.text.startsWith("- ") || child.text === "-")))
      ) {
        out[entry.key] = this.parseBlock(child.indent);
      } else out[entry.key] = "";
    }
    const next = this.peek();
    if (next !== undefined && next.indent > indent) throw new YamlSubsetError(next.no, "unexpected indentation");
    return out;
  }

  done(): boolean {
    return this.index >= this.lines.length;
  }

  current(): Line | undefined {
    return this.peek();
  }
}

/** Parse every document of `text`; empty documents are skipped. */
export function parseYamlDocuments(text: string): Array<YamlValue> {
  const documents: Array<Array<Line>> = [[]];
  text.split(/\r?\n/).forEach((raw, i) => {
    const no = i + 1;
    if (/^\t/.test(raw) || /^ *\t/.test(raw))
      throw new YamlSubsetError(no, "tabs are not allowed for indentation in YAML; use spaces");
    const stripped = stripComment(raw).replace(/\s+$/, "");
    if (stripped.trim() === "") return;
    if (stripped === "---") {
      documents.push([]);
      return;
    }
    if (stripped === "...") return;
    const indent = stripped.length - stripped.trimStart().length;
    documents[documents.length - 1]?.push({ no, indent, text: stripped.trimStart() });
  });
  return documents
    .filter((lines) => lines.length > 0)
    .map((lines) => {
      const parser = new Parser(lines);
      const result = parser.parseBlock(lines[0]?.indent ?? 0);
      if (!parser.done())
        throw new YamlSubsetError(
          parser.current()?.no ?? 0,
          "unexpected indentation (dedent below the document's first line)",
        );
      return result;
    });
}
