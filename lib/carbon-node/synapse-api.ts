/**
 * The ESB profile's teaching model of a Synapse REST API artifact (docs/decisions/0030-ei-esb-profile-model.md).
 * It understands a deliberately tiny subset and refuses everything else with a positioned error, so a learner
 * never believes a mediator "worked" here that the model does not run:
 *   <api name context>  one or more <resource methods [uri-template]>  whose <inSequence> is exactly
 *   <payloadFactory media-type="json"><format>…$1…</format><args><arg value|expression/></args></payloadFactory><respond/>
 * Expressions: `$ctx:uri.var.<name>` (a uri-template variable) only.
 */
import { z } from "zod";
import { firstChild, parseXmlTree, type XmlElement } from "@/lib/wso2-config/xml-tree";

export const HTTP_METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** One part of a uri-template: a literal segment or a `{name}` variable. */
export type TemplatePart = { kind: "literal"; text: string } | { kind: "var"; name: string };
export type PayloadArg = { kind: "value"; value: string } | { kind: "uri-var"; name: string };

export type SynapseResource = {
  methods: ReadonlyArray<HttpMethod>;
  /** null: no uri-template, the resource takes every path under the API's context. */
  template: ReadonlyArray<TemplatePart> | null;
  format: string;
  args: ReadonlyArray<PayloadArg>;
};
export type SynapseApi = { name: string; context: string; resources: ReadonlyArray<SynapseResource> };

/** A problem in an artifact, positioned like a config diagnostic (1-based). */
export type ArtifactProblem = { line: number; column: number; message: string };
export type ApiParse = { ok: true; api: SynapseApi } | { ok: false; problem: ArtifactProblem };

class ParseProblem extends Error {
  constructor(
    readonly at: { line: number; column: number },
    message: string,
  ) {
    super(message);
  }
}

const apiNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, "API names are 1-100 letters, digits, . _ -");
const contextSchema = z
  .string()
  .regex(
    /^\/[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/,
    'a context is a path such as "/hello" (starts with /, no trailing /)',
  );
const UNSUPPORTED = "the training node's ESB profile models only payloadFactory (media-type json) followed by respond";

function at(element: XmlElement): { line: number; column: number } {
  return { line: element.line, column: element.column };
}

function attribute(element: XmlElement, name: string, schema: z.ZodType<string>): string {
  const value = element.attributes[name];
  if (value === undefined) throw new ParseProblem(at(element), `<${element.local}> needs a ${name} attribute`);
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new ParseProblem(at(element), `${name}="${value}": ${parsed.error.issues[0]?.message ?? "invalid"}`);
  return parsed.data;
}

export function parseUriTemplate(template: string): Array<TemplatePart> | string {
  if (!template.startsWith("/")) return `uri-template "${template}" must start with /`;
  if (template === "/") return [];
  const parts: Array<TemplatePart> = [];
  for (const segment of template.slice(1).split("/")) {
    const variable = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(segment);
    if (variable?.[1]) parts.push({ kind: "var", name: variable[1] });
    else if (/^[A-Za-z0-9._~-]+$/.test(segment)) parts.push({ kind: "literal", text: segment });
    else
      return `uri-template segment "${segment}" is neither a literal (letters, digits, . _ ~ -) nor a {variable}; query templates (?a={a}) are not modelled`;
  }
  return parts;
}

function parseArg(arg: XmlElement, variables: ReadonlySet<string>): PayloadArg {
  const value = arg.attributes["value"];
  const expression = arg.attributes["expression"];
  if (value !== undefined) return { kind: "value", value };
  if (expression === undefined) throw new ParseProblem(at(arg), "<arg> needs a value or an expression attribute");
  const uriVar = /^\$ctx:uri\.var\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression.trim());
  if (!uriVar?.[1])
    throw new ParseProblem(at(arg), `expression "${expression}": only $ctx:uri.var.<name> is modelled here`);
  if (!variables.has(uriVar[1]))
    throw new ParseProblem(at(arg), `expression "${expression}": the resource's uri-template has no {${uriVar[1]}}`);
  return { kind: "uri-var", name: uriVar[1] };
}

function parseResource(resource: XmlElement): SynapseResource {
  const methodsText = resource.attributes["methods"];
  if (methodsText === undefined)
    throw new ParseProblem(at(resource), '<resource> needs a methods attribute, e.g. methods="GET"');
  const methods = methodsText.trim().split(/\s+/);
  const bad = methods.find((m) => !(HTTP_METHODS as ReadonlyArray<string>).includes(m));
  if (bad !== undefined)
    throw new ParseProblem(at(resource), `methods="${methodsText}": "${bad}" is not one of ${HTTP_METHODS.join(" ")}`);
  if (resource.attributes["url-mapping"] !== undefined)
    throw new ParseProblem(at(resource), "url-mapping is not modelled here; use uri-template");
  const templateText = resource.attributes["uri-template"];
  let template: Array<TemplatePart> | null = null;
  if (templateText !== undefined) {
    const parsed = parseUriTemplate(templateText);
    if (typeof parsed === "string") throw new ParseProblem(at(resource), parsed);
    template = parsed;
  }
  const variables = new Set((template ?? []).flatMap((p) => (p.kind === "var" ? [p.name] : [])));
  const inSequence = firstChild(resource, "inSequence");
  if (!inSequence) throw new ParseProblem(at(resource), "<resource> needs an <inSequence>");
  const [factory, respond, ...rest] = inSequence.children;
  if (!factory || factory.local !== "payloadFactory")
    throw new ParseProblem(
      factory ? at(factory) : at(inSequence),
      `${factory ? `<${factory.local}>: ` : "empty <inSequence>: "}${UNSUPPORTED}`,
    );
  if (factory.attributes["media-type"] !== "json")
    throw new ParseProblem(
      at(factory),
      `<payloadFactory media-type="${factory.attributes["media-type"] ?? "xml (the default)"}">: ${UNSUPPORTED}`,
    );
  if (!respond || respond.local !== "respond")
    throw new ParseProblem(
      respond ? at(respond) : at(factory),
      `${respond ? `<${respond.local}>: ` : "no <respond/> after <payloadFactory>: "}${UNSUPPORTED}`,
    );
  const extra = rest[0];
  if (extra) throw new ParseProblem(at(extra), `<${extra.local}> after <respond/>: ${UNSUPPORTED}`);
  const format = firstChild(factory, "format");
  if (!format) throw new ParseProblem(at(factory), "<payloadFactory> needs a <format>");
  const argsElement = firstChild(factory, "args");
  const args = (argsElement?.children ?? []).map((arg) => {
    if (arg.local !== "arg") throw new ParseProblem(at(arg), `<${arg.local}> inside <args>: only <arg> is allowed`);
    return parseArg(arg, variables);
  });
  const text = format.text.trim();
  const highest = Math.max(0, ...[...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
  if (highest > args.length)
    throw new ParseProblem(at(format), `the format uses $${highest} but <args> has ${args.length} <arg>`);
  return { methods: methods as Array<HttpMethod>, template, format: text, args };
}

/** Parse one API artifact; `file` only names it in messages. Never throws. */
export function parseSynapseApi(text: string, file: string): ApiParse {
  const tree = parseXmlTree(text, file);
  const syntax = tree.diagnostics.find((d) => d.severity === "error");
  if (syntax) return { ok: false, problem: { line: syntax.line, column: syntax.column, message: syntax.message } };
  const root = tree.root;
  if (!root) return { ok: false, problem: { line: 1, column: 1, message: "the file has no root element" } };
  try {
    if (root.local !== "api")
      throw new ParseProblem(
        at(root),
        `<${root.local}> at the root: this folder holds REST APIs (<api name context>); proxies, sequences and endpoints are not modelled`,
      );
    const name = attribute(root, "name", apiNameSchema);
    const context = attribute(root, "context", contextSchema);
    const resources = root.children.map((child) => {
      if (child.local !== "resource")
        throw new ParseProblem(at(child), `<${child.local}> inside <api>: only <resource> is modelled`);
      return parseResource(child);
    });
    if (resources.length === 0) throw new ParseProblem(at(root), "<api> needs at least one <resource>");
    return { ok: true, api: { name, context, resources } };
  } catch (error) {
    if (error instanceof ParseProblem) return { ok: false, problem: { ...error.at, message: error.message } };
    throw error;
  }
}

export type ApiMatch = { api: SynapseApi; resource: SynapseResource; uriVars: Record<string, string> };

/** Synapse-style dispatch in the model: the longest matching context, then the first resource matching method and template. */
export function dispatch(
  apis: Iterable<SynapseApi>,
  method: string,
  pathname: string,
): ApiMatch | { methodMismatch: boolean } | null {
  const candidates = [...apis]
    .filter((a) => pathname === a.context || pathname.startsWith(`${a.context}/`))
    .sort((a, b) => b.context.length - a.context.length);
  const api = candidates[0];
  if (!api) return null;
  const rest = pathname.slice(api.context.length);
  const segments = rest.split("/").filter((s) => s !== "");
  let pathMatched = false;
  for (const resource of api.resources) {
    const uriVars = matchTemplate(resource.template, segments);
    if (!uriVars) continue;
    pathMatched = true;
    if ((resource.methods as ReadonlyArray<string>).includes(method)) return { api, resource, uriVars };
  }
  return { methodMismatch: pathMatched };
}

function matchTemplate(
  template: ReadonlyArray<TemplatePart> | null,
  segments: ReadonlyArray<string>,
): Record<string, string> | null {
  if (template === null) return {};
  if (template.length !== segments.length) return null;
  const vars: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const segment = segments[i] ?? "";
    if (part.kind === "literal" && part.text !== segment) return null;
    if (part.kind === "var") {
      try {
        vars[part.name] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    }
  }
  return vars;
}

/** The payloadFactory's output: `$n` replaced by the n-th argument (JSON-escaped, as the value sits in a JSON string). */
export function renderPayload(resource: SynapseResource, uriVars: Readonly<Record<string, string>>): string {
  return resource.format.replace(/\$(\d+)/g, (whole, n: string) => {
    const arg = resource.args[Number(n) - 1];
    if (!arg) return whole;
    const value = arg.kind === "value" ? arg.value : (uriVars[arg.name] ?? "");
    return JSON.stringify(value).slice(1, -1);
  });
}
