/**
 * ClusterLab's one YAML reader, for the block-style subset that WSO2 Stream Processor / IS Analytics `deployment.yaml`
 * files and Kubernetes RBAC manifests (the kube-apiserver stand-in, ADR 0028) are written in: nested mappings,
 * sequences (of scalars or of mappings, `- key: value`), one-line flow sequences of scalars (`[get, list]`), plain
 * and quoted scalars, `#` comments, and `---`-separated documents (parseYamlStream).
 * The repository declares no YAML dependency (only transitive copies sit in node_modules), so this is written
 * here on purpose (docs/decisions/0034-is-analytics-worker-model.md). Every node keeps its 1-based position, so
 * diagnostics point at the line the learner edits. Anything outside the subset (flow maps, block scalars, aliases,
 * tags, tabs) becomes a diagnostic, and the value is kept as text or skipped, never guessed. Anchors only label a
 * node and are dropped.
 */
import type { Diagnostic } from "./model";
import { diagnostic, type Position } from "./diagnostics";

export type YamlScalar = { kind: "scalar"; value: string; at: Position };
export type YamlNull = { kind: "null"; at: Position };
export type YamlMap = { kind: "map"; entries: Array<{ key: string; at: Position; value: YamlNode }>; at: Position };
export type YamlSeq = { kind: "seq"; items: Array<YamlNode>; at: Position };
export type YamlNode = YamlScalar | YamlNull | YamlMap | YamlSeq;

type Line = { indent: number; text: string; line: number };

/** `&name rest` -> `rest`: anchors only label a node (WSO2's metrics block uses them); the node is read as usual. */
function dropAnchor(text: string): string {
  return /^&[^\s]+(\s|$)/.test(text) ? text.replace(/^&[^\s]+\s*/, "") : text;
}

/** Cut a trailing comment: `#` at the start or after whitespace, outside quotes. */
function stripComment(text: string): string {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === "#" && (i === 0 || text[i - 1] === " " || text[i - 1] === "\t")) {
      return text.slice(0, i);
    }
  }
  return text;
}

/** `key: value` split at the first `: ` (or a trailing `:`) outside quotes; null when the text is not a mapping entry. */
function splitKey(text: string): { key: string; rest: string; restOffset: number } | null {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
    } else if ((ch === '"' || ch === "'") && i === 0) {
      quote = ch;
    } else if (ch === ":" && (i === text.length - 1 || text[i + 1] === " ")) {
      const rawKey = text.slice(0, i).trim();
      const key = /^(["']).*\1$/.test(rawKey) ? rawKey.slice(1, -1) : rawKey;
      const after = text.slice(i + 1);
      const rest = after.trim();
      return { key, rest, restOffset: i + 1 + (after.length - after.trimStart().length) };
    }
  }
  return null;
}

export function parseYamlSubset(text: string, file: string): { root: YamlNode; diagnostics: Array<Diagnostic> } {
  const diagnostics: Array<Diagnostic> = [];
  const [lines = []] = readLines(text, file, diagnostics, false);
  return { root: parseDocument(lines, file, diagnostics), diagnostics };
}

/** Every `---`-separated document of `text` (empty ones skipped), with the diagnostics of all of them. */
export function parseYamlStream(
  text: string,
  file: string,
): { documents: Array<YamlNode>; diagnostics: Array<Diagnostic> } {
  const diagnostics: Array<Diagnostic> = [];
  const documents = readLines(text, file, diagnostics, true)
    .filter((lines) => lines.length > 0)
    .map((lines) => parseDocument(lines, file, diagnostics));
  return { documents, diagnostics };
}

/** The content lines of each document (comments and blank lines dropped); tab indentation is a diagnostic. */
function readLines(
  text: string,
  file: string,
  diagnostics: Array<Diagnostic>,
  splitDocuments: boolean,
): Array<Array<Line>> {
  const documents: Array<Array<Line>> = [[]];
  text.split(/\r?\n/).forEach((raw, i) => {
    const lineNo = i + 1;
    if (/^\s*\.\.\.\s*$/.test(raw)) return; // document end marker
    if (/^\s*---\s*$/.test(raw)) {
      if (splitDocuments) documents.push([]);
      return;
    }
    const content = stripComment(raw).replace(/\s+$/, "");
    if (content.trim() === "") return;
    const indent = content.length - content.trimStart().length;
    if (content.slice(0, indent).includes("\t")) {
      diagnostics.push(
        diagnostic(
          "error",
          "yaml-tab-indent",
          file,
          { line: lineNo, column: 1 },
          "This line is indented with a tab; YAML allows only spaces. Replace the tab with spaces.",
        ),
      );
    }
    documents[documents.length - 1]?.push({ indent, text: content.trimStart(), line: lineNo });
  });
  return documents;
}

function parseDocument(lines: Array<Line>, file: string, diagnostics: Array<Diagnostic>): YamlNode {
  let cursor = 0;

  function scalar(raw: string, at: Position): YamlNode {
    if (raw === "" || raw === "~" || raw === "null") return { kind: "null", at };
    if (/^(["']).*\1$/.test(raw)) {
      const inner = raw.slice(1, -1);
      return { kind: "scalar", value: raw[0] === "'" ? inner.replaceAll("''", "'") : inner.replaceAll('\\"', '"'), at };
    }
    const flow = flowSequence(raw, at);
    if (flow !== null) return flow;
    if (/^[[{|>&*!]/.test(raw)) {
      diagnostics.push(
        diagnostic(
          raw.startsWith("*") ? "info" : "warning",
          "yaml-unsupported",
          file,
          at,
          `ClusterLab reads block-style YAML (and one-line lists of plain or quoted values); "${raw.slice(0, 40)}" (a flow map, nested or multi-line list, block scalar, alias or tag) is kept as plain text. Write the value as a plain scalar, a block mapping or a block list.`,
        ),
      );
    }
    return { kind: "scalar", value: raw, at };
  }

  /** `[a, "b", 'c']` on one line: a sequence of scalars; null for anything else (nested or unterminated lists). */
  function flowSequence(raw: string, at: Position): YamlSeq | null {
    if (!raw.startsWith("[") || !raw.endsWith("]")) return null;
    const inner = raw.slice(1, -1).trim();
    if (inner === "") return { kind: "seq", items: [], at };
    const parts: Array<string> = [];
    let quote: string | null = null;
    let start = 0;
    for (let i = 0; i < inner.length; i++) {
      const ch = inner[i];
      if (quote !== null) {
        if (ch === quote) quote = null;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === "[" || ch === "]" || ch === "{" || ch === "}") return null;
      else if (ch === ",") {
        parts.push(inner.slice(start, i).trim());
        start = i + 1;
      }
    }
    if (quote !== null) return null;
    parts.push(inner.slice(start).trim());
    return { kind: "seq", items: parts.map((part) => scalar(part, at)), at };
  }

  function parseBlock(indent: number): YamlNode {
    const first = lines[cursor];
    if (first === undefined) return { kind: "null", at: { line: 1, column: 1 } };
    return first.text === "-" || first.text.startsWith("- ") ? parseSeq(indent) : parseMap(indent);
  }

  /** The value after `key:` with nothing on its line: a deeper block, a same-indent sequence, or null. */
  function nestedValue(parentIndent: number, at: Position): YamlNode {
    const next = lines[cursor];
    if (next === undefined) return { kind: "null", at };
    if (next.indent > parentIndent) return parseBlock(next.indent);
    if (next.indent === parentIndent && (next.text === "-" || next.text.startsWith("- "))) return parseSeq(next.indent);
    return { kind: "null", at };
  }

  function parseMap(indent: number): YamlMap {
    const start = lines[cursor];
    const map: YamlMap = { kind: "map", entries: [], at: { line: start?.line ?? 1, column: indent + 1 } };
    while (cursor < lines.length) {
      const line = lines[cursor];
      if (line === undefined || line.indent < indent) break;
      if (line.indent > indent || line.text === "-" || line.text.startsWith("- ")) {
        if (line.indent === indent) break; // a sequence at this indent belongs to the caller
        diagnostics.push(
          diagnostic(
            "error",
            "yaml-indentation",
            file,
            { line: line.line, column: line.indent + 1 },
            `Unexpected indentation: this line is deeper than the mapping it is in (column ${indent + 1}). Align it with its sibling keys.`,
          ),
        );
        cursor++;
        continue;
      }
      const found = splitKey(line.text);
      const split = found === null ? null : { ...found, rest: dropAnchor(found.rest) };
      const at = { line: line.line, column: indent + 1 };
      cursor++;
      if (split === null) {
        diagnostics.push(
          diagnostic(
            "error",
            "yaml-syntax",
            file,
            at,
            `Expected "key: value" but found "${line.text.slice(0, 40)}". Add the colon, or indent the line under its key.`,
          ),
        );
        continue;
      }
      const value =
        split.rest === ""
          ? nestedValue(indent, at)
          : scalar(split.rest, { line: line.line, column: indent + split.restOffset + 1 });
      if (map.entries.some((e) => e.key === split.key)) {
        diagnostics.push(
          diagnostic(
            "warning",
            "yaml-duplicate-key",
            file,
            at,
            `${split.key} is set twice in the same mapping; the last one wins. Remove one of them.`,
            split.key,
          ),
        );
        map.entries = map.entries.filter((e) => e.key !== split.key);
      }
      map.entries.push({ key: split.key, at, value });
    }
    return map;
  }

  function parseSeq(indent: number): YamlSeq {
    const start = lines[cursor];
    const seq: YamlSeq = { kind: "seq", items: [], at: { line: start?.line ?? 1, column: indent + 1 } };
    while (cursor < lines.length) {
      const line = lines[cursor];
      if (line === undefined || line.indent !== indent || !(line.text === "-" || line.text.startsWith("- "))) break;
      const rest = dropAnchor(line.text.slice(1).trimStart());
      const itemIndent = indent + (line.text.length - rest.length);
      const at = { line: line.line, column: itemIndent + 1 };
      if (rest === "") {
        cursor++;
        seq.items.push(nestedValue(indent, at));
      } else if (splitKey(rest) !== null && !/^["']/.test(rest.trim())) {
        // `- key: value`: the item is a mapping whose keys line up with `key`; read it from a re-indented line.
        lines[cursor] = { indent: itemIndent, text: rest, line: line.line };
        seq.items.push(parseMap(itemIndent));
      } else {
        cursor++;
        seq.items.push(scalar(rest, at));
      }
    }
    return seq;
  }

  const root: YamlNode =
    lines.length === 0 ? { kind: "null", at: { line: 1, column: 1 } } : parseBlock(lines[0]!.indent);
  if (cursor < lines.length) {
    const left = lines[cursor]!;
    diagnostics.push(
      diagnostic(
        "error",
        "yaml-indentation",
        file,
        { line: left.line, column: left.indent + 1 },
        "The file continues at an indentation that matches no open block; the rest is not read. Check the indentation of this line.",
      ),
    );
  }
  return root;
}

/** The node at `keys` below `node` (mapping keys only), or undefined. Top-level SP keys contain dots: pass them whole. */
export function yamlGet(node: YamlNode | undefined, ...keys: Array<string>): YamlNode | undefined {
  let current = node;
  for (const key of keys) {
    if (current?.kind !== "map") return undefined;
    current = current.entries.find((e) => e.key === key)?.value;
  }
  return current;
}

/** Where the entry `keys` was written (its key's position), for diagnostics. */
export function yamlKeyAt(node: YamlNode | undefined, ...keys: Array<string>): Position | undefined {
  const parent = yamlGet(node, ...keys.slice(0, -1));
  if (parent?.kind !== "map") return undefined;
  return parent.entries.find((e) => e.key === keys[keys.length - 1])?.at;
}

export function yamlString(node: YamlNode | undefined): string | null {
  return node?.kind === "scalar" ? node.value : null;
}

/** Plain data for schema validation (zod): scalars as strings, null as "", mappings as objects, sequences as arrays. */
export type YamlValue = string | Array<YamlValue> | { [key: string]: YamlValue };

export function yamlToValue(node: YamlNode): YamlValue {
  switch (node.kind) {
    case "scalar":
      return node.value;
    case "null":
      return "";
    case "seq":
      return node.items.map(yamlToValue);
    case "map":
      return Object.fromEntries(node.entries.map((e) => [e.key, yamlToValue(e.value)]));
  }
}
