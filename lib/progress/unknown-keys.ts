/**
 * zod objects strip unknown keys silently. For submissions we want to refuse them instead (a report with
 * fields we do not know is from a different tool or forged), without redefining lib/grading's schema:
 * compare the raw input with the parsed output and name every key the parse dropped.
 */
export function findUnknownKeys(input: unknown, parsed: unknown, at = ""): Array<string> {
  if (Array.isArray(input) && Array.isArray(parsed)) {
    return input.flatMap((item, index) => findUnknownKeys(item, parsed[index], `${at}[${index}]`));
  }
  if (isPlainObject(input) && isPlainObject(parsed)) {
    const unknown: Array<string> = [];
    for (const key of Object.keys(input)) {
      const where = at ? `${at}.${key}` : key;
      if (!(key in parsed)) unknown.push(where);
      else unknown.push(...findUnknownKeys(input[key], parsed[key], where));
    }
    return unknown;
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
