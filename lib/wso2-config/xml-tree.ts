/**
 * A small positioned element tree built with saxes. WSO2's XML files are read through this so every
 * element carries the line/column of its start tag, comments vanish (saxes never hands them to us,
 * which is how commented-out look-alikes are ignored), and a malformed file becomes diagnostics
 * instead of an exception.
 */
import { SaxesParser } from "saxes";
import type { Diagnostic } from "./model";
import { diagnostic, type Position } from "./diagnostics";

export type XmlElement = {
  /** Qualified name as written (`svns:secretAlias`). */
  name: string;
  /** Name without a namespace prefix; carbon.xml puts <Server> in a default namespace, which we ignore. */
  local: string;
  attributes: Record<string, string>;
  children: Array<XmlElement>;
  /** Concatenated direct text and CDATA (entities decoded), untrimmed. */
  text: string;
  /** Position of the `<` of the start tag, 1-based. */
  line: number;
  column: number;
};

export type XmlParseResult = { root: XmlElement | null; diagnostics: Array<Diagnostic> };

/** saxes can report many follow-on errors after the first one; a few are enough to fix a file. */
const MAX_SYNTAX_DIAGNOSTICS = 5;

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Remove the `file:line:col: ` prefix saxes puts in front of its messages. */
function bareMessage(message: string): string {
  return message.replace(/^(?:[^:\n]*:)?\d+:\d+: /, "").replace(/\.+$/, "");
}

export function parseXmlTree(text: string, file: string): XmlParseResult {
  const diagnostics: Array<Diagnostic> = [];
  const parser = new SaxesParser({ position: true, xmlns: false });
  const stack: Array<XmlElement> = [];
  let root: XmlElement | null = null;
  let pendingStart: Position = { line: 1, column: 1 };

  function report(message: string): void {
    if (diagnostics.length >= MAX_SYNTAX_DIAGNOSTICS) return;
    diagnostics.push(
      diagnostic(
        "error",
        "xml-syntax",
        file,
        { line: parser.line, column: parser.column + 1 },
        `${bareMessage(message)}. The file is not well-formed XML; fix the markup at this position.`,
      ),
    );
  }

  parser.on("error", (error) => report(error.message));
  parser.on("opentagstart", (tag) => {
    // The parser has read `<name` plus the character that ended the name; step back to the `<`.
    pendingStart = { line: parser.line, column: Math.max(1, parser.column - tag.name.length - 1) };
  });
  parser.on("opentag", (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) {
      attributes[key] = String(value);
    }
    const element: XmlElement = {
      name: tag.name,
      local: localName(tag.name),
      attributes,
      children: [],
      text: "",
      line: pendingStart.line,
      column: pendingStart.column,
    };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else root ??= element;
    if (!tag.isSelfClosing) stack.push(element);
  });
  parser.on("closetag", (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on("text", (value) => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  });
  parser.on("cdata", (value) => {
    const current = stack[stack.length - 1];
    if (current) current.text += value;
  });

  try {
    parser.write(text).close();
  } catch (error) {
    // saxes only throws when an error handler itself throws, but never let parsing escape as an exception.
    report(error instanceof Error ? error.message : String(error));
  }
  if (root === null && diagnostics.length === 0) {
    diagnostics.push(
      diagnostic(
        "error",
        "xml-no-root",
        file,
        { line: 1, column: 1 },
        "The file has no root element. Restore the file's content.",
      ),
    );
  }
  return { root, diagnostics };
}

export function childElements(element: XmlElement, local: string): Array<XmlElement> {
  return element.children.filter((child) => child.local === local);
}

export function firstChild(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((child) => child.local === local);
}

/** Trimmed text of the first child named `local`, or null when there is none. */
export function childText(element: XmlElement, local: string): string | null {
  const child = firstChild(element, local);
  return child === undefined ? null : child.text.trim();
}

/** Depth-first search for every element named `local` under (and including) `element`. */
export function descendants(element: XmlElement, local: string): Array<XmlElement> {
  const found: Array<XmlElement> = [];
  const visit = (node: XmlElement): void => {
    if (node.local === local) found.push(node);
    for (const child of node.children) visit(child);
  };
  visit(element);
  return found;
}

export function positionOf(element: XmlElement): Position {
  return { line: element.line, column: element.column };
}
