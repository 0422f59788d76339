/**
 * AWS Signature Version 4 for EC2 Query API GET requests (header form: Authorization + X-Amz-Date),
 * following AWS's published algorithm (canonical request -> string to sign -> HMAC chain). The training
 * node signs with it and the `ec2` stand-in verifies with it, so a wrong secret key fails the way it does
 * against EC2 (AuthFailure) instead of being waved through.
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";

const ALGORITHM = "AWS4-HMAC-SHA256";

function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function hmac(key: Buffer | string, text: string): Buffer {
  return createHmac("sha256", key).update(text, "utf8").digest();
}

/** RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
export function awsEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: ReadonlyArray<[string, string]>): string {
  return [...params]
    .map(([k, v]) => [awsEncode(k), awsEncode(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
}

/** `20261206T044300Z` */
export function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export type SigningInput = {
  host: string;
  query: ReadonlyArray<[string, string]>;
  region: string;
  service: string;
  accessKey: string;
  secretKey: string;
  date: Date;
};

function signature(input: Omit<SigningInput, "accessKey">, stamp: string): string {
  const day = stamp.slice(0, 8);
  const canonicalRequest = [
    "GET",
    "/",
    canonicalQuery(input.query),
    `host:${input.host}\nx-amz-date:${stamp}\n`,
    "host;x-amz-date",
    sha256Hex(""),
  ].join("\n");
  const scope = `${day}/${input.region}/${input.service}/aws4_request`;
  const toSign = [ALGORITHM, stamp, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${input.secretKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, input.region), input.service), "aws4_request");
  return hmac(kSigning, toSign).toString("hex");
}

/** Headers to send with a signed GET of `/?<query>` to `host`. */
export function signQueryRequest(input: SigningInput): { authorization: string; "x-amz-date": string } {
  const stamp = amzDate(input.date);
  const scope = `${stamp.slice(0, 8)}/${input.region}/${input.service}/aws4_request`;
  return {
    authorization: `${ALGORITHM} Credential=${input.accessKey}/${scope}, SignedHeaders=host;x-amz-date, Signature=${signature(input, stamp)}`,
    "x-amz-date": stamp,
  };
}

export type ParsedAuthorization = {
  accessKey: string;
  day: string;
  region: string;
  service: string;
  signedHeaders: string;
  signature: string;
};

export function parseAuthorization(header: string | undefined): ParsedAuthorization | null {
  if (header === undefined) return null;
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
  if (match === null) return null;
  const [, accessKey = "", day = "", region = "", service = "", signedHeaders = "", sig = ""] = match;
  return { accessKey, day, region, service, signedHeaders, signature: sig };
}

/** Does `auth` carry the signature `secretKey` would produce for this request? */
export function verifySignature(
  auth: ParsedAuthorization,
  request: { host: string; query: ReadonlyArray<[string, string]>; amzDate: string },
  secretKey: string,
): boolean {
  if (auth.signedHeaders !== "host;x-amz-date" || !request.amzDate.startsWith(auth.day)) return false;
  const expected = signature(
    {
      host: request.host,
      query: request.query,
      region: auth.region,
      service: auth.service,
      secretKey,
      date: new Date(0),
    },
    request.amzDate,
  );
  const a = Buffer.from(expected, "hex");
  const b = Buffer.from(auth.signature, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
