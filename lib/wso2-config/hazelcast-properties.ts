/**
 * repository/conf/hazelcast.properties in java.util.Properties syntax: `#`/`!` comments, `=`, `:` or
 * whitespace separators, backslash line continuations and escapes. Values are always strings.
 */
import type { Diagnostic } from "./model";
import { diagnostic, type ParseResult, type Position } from "./diagnostics";

export const HAZELCAST_PROPERTIES_FILE = "repository/conf/hazelcast.properties";

export type HazelcastPropertiesRaw = { properties: Record<string, string> };

function unescape(value: string): string {
  return value.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_match, escaped: string) => {
    if (escaped.length === 5) return String.fromCharCode(Number.parseInt(escaped.slice(1), 16));
    switch (escaped) {
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "r":
        return "\r";
      case "f":
        return "\f";
      default:
        return escaped;
    }
  });
}

/** Count trailing backslashes: an odd count means the line continues. */
function continues(line: string): boolean {
  let count = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === "\\"; i -= 1) count += 1;
  return count % 2 === 1;
}

export function parseHazelcastProperties(
  text: string,
  file: string = HAZELCAST_PROPERTIES_FILE,
): ParseResult<HazelcastPropertiesRaw> {
  const raw: HazelcastPropertiesRaw = { properties: {} };
  const diagnostics: Array<Diagnostic> = [];
  const positions: Record<string, Position> = {};
  const lines = text.split(/\r\n|\r|\n/);
  for (let index = 0; index < lines.length; index += 1) {
    const startLine = index + 1;
    let logical = (lines[index] ?? "").replace(/^[ \t\f]+/, "");
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) continue;
    while (continues(logical) && index + 1 < lines.length) {
      index += 1;
      logical = logical.slice(0, -1) + (lines[index] ?? "").replace(/^[ \t\f]+/, "");
    }
    if (continues(logical)) logical = logical.slice(0, -1);
    const match = /^((?:\\.|[^=:\s\\])*)[ \t\f]*(?:[=:][ \t\f]*)?([\s\S]*)$/.exec(logical);
    const key = unescape(match?.[1] ?? "");
    if (key === "") {
      diagnostics.push(
        diagnostic(
          "warning",
          "properties-empty-key",
          file,
          { line: startLine, column: 1 },
          "This line has a value but no key. Write it as key=value or remove it.",
        ),
      );
      continue;
    }
    if (/[\u0000-\u0008\u000e-\u001f]/.test(logical)) {
      diagnostics.push(
        diagnostic(
          "warning",
          "properties-control-character",
          file,
          { line: startLine, column: 1 },
          `The entry for ${key} contains control characters; Hazelcast will read them literally. Remove them.`,
          key,
        ),
      );
    }
    raw.properties[key] = unescape(match?.[2] ?? "");
    positions[key] = { line: startLine, column: 1 };
  }
  return { raw, diagnostics, positions };
}
