/** Turning raw strings into typed values, with a diagnostic (not an exception) when that fails. */
import type { Diagnostic } from "./model";
import { diagnostic, type Position } from "./diagnostics";
import type { TomlJson } from "./deployment-toml";

const PLACEHOLDER = /\$\{[^}]*\}|\$env\{[^}]*\}|\$ref\{[^}]*\}|\$sys\{[^}]*\}|\{\{[^}]*\}\}/;

export function hasPlaceholder(value: string): boolean {
  return PLACEHOLDER.test(value);
}

export type IntegerContext = {
  file: string;
  key: string;
  at: Position;
  fallback: number;
  /** How to say what is used instead, when not the fallback number itself (e.g. "no proxy port"). */
  fallbackText?: string;
  min?: number;
  max?: number;
  diagnostics: Array<Diagnostic>;
};

/**
 * A TOML number or integer-looking string (XML text is always a string). A placeholder resolved only at
 * startup gives a warning and the fallback; anything else non-integer is an error and the fallback.
 */
export function toInteger(value: TomlJson | undefined, context: IntegerContext): number {
  if (value === null || value === undefined) return context.fallback;
  const text = typeof value === "number" ? String(value) : typeof value === "string" ? value.trim() : null;
  const using = context.fallbackText ?? String(context.fallback);
  const min = context.min ?? Number.MIN_SAFE_INTEGER;
  const max = context.max ?? Number.MAX_SAFE_INTEGER;
  if (text !== null && /^-?\d+$/.test(text)) {
    const parsed = Number.parseInt(text, 10);
    if (parsed >= min && parsed <= max) return parsed;
    context.diagnostics.push(
      diagnostic(
        "error",
        "value-out-of-range",
        context.file,
        context.at,
        `${context.key} is ${parsed}, expected a value from ${min} to ${max}. Using ${using}; fix the value.`,
        context.key,
      ),
    );
    return context.fallback;
  }
  if (text !== null && hasPlaceholder(text)) {
    context.diagnostics.push(
      diagnostic(
        "warning",
        "value-placeholder",
        context.file,
        context.at,
        `${context.key} is the placeholder ${text}, resolved only when the server starts; assuming ${using}. Write a literal number to make the configuration explicit.`,
        context.key,
      ),
    );
    return context.fallback;
  }
  context.diagnostics.push(
    diagnostic(
      "error",
      "value-not-integer",
      context.file,
      context.at,
      `${context.key} must be an integer but is ${JSON.stringify(value)}. Using ${using}; write a whole number instead.`,
      context.key,
    ),
  );
  return context.fallback;
}

/** XML text of a value WSO2 renders from TOML: `&amp;` written in a TOML string reaches the JDBC driver as `&`. */
export function decodeXmlEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (whole, entity: string) => {
    switch (entity) {
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return '"';
      case "apos":
        return "'";
      default: {
        const code = entity.startsWith("#x")
          ? Number.parseInt(entity.slice(2), 16)
          : Number.parseInt(entity.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
    }
  });
}

export function scalarToString(value: TomlJson): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
