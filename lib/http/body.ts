/**
 * Reading a JSON request body with a hard size cap counted in bytes while the body streams in (a client cannot
 * make the server buffer more than the cap: security review L4), then validating it with a zod schema.
 * `requireJsonType` refuses other content types with 415; the classroom API needs it against cross-site form
 * posts, while the console's own token header already forces a CORS preflight (see ADR 0016).
 */
import type { z } from "zod";
import { HttpError } from "./json";

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export type BodyOptions = { maxBytes?: number; requireJsonType?: boolean };

export async function readJsonBody(request: Request, options: BodyOptions = {}): Promise<unknown> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (options.requireJsonType ?? true) {
    const type = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type))
      throw new HttpError(415, "Send the body as JSON with the header Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  const text = await readCapped(request, maxBytes);
  if (text.trim() === "") throw new HttpError(400, "The request body is empty; send a JSON object.");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "The request body is not valid JSON.");
  }
}

export async function parseJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: BodyOptions = {},
): Promise<z.infer<S>> {
  const body = await readJsonBody(request, options);
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new HttpError(
      400,
      "Some fields are missing or invalid; see issues.",
      parsed.error.issues
        .slice(0, 20)
        .map((issue) => `${issue.path.map(String).join(".") || "(body)"}: ${issue.message}`),
    );
  }
  return parsed.data;
}

/** The body as UTF-8 text, refused with 413 as soon as more than `maxBytes` bytes arrived. */
export async function readCapped(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Array<Uint8Array> = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new HttpError(400, "The request body is not valid UTF-8 text.");
  }
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(
    413,
    `The request body is larger than the ${Math.round(maxBytes / 1024)} KiB this endpoint accepts.`,
  );
}
