import { describe, expect, it } from "vitest";
import { dispatch, parseSynapseApi, parseUriTemplate, renderPayload, type SynapseApi } from "./synapse-api";

const HELLO = `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="http://ws.apache.org/ns/synapse" name="HelloAPI" context="/hello">
  <resource methods="GET" uri-template="/{name}">
    <inSequence>
      <payloadFactory media-type="json">
        <format>{"hello":"$1","from":"$2"}</format>
        <args>
          <arg evaluator="xml" expression="$ctx:uri.var.name"/>
          <arg value="ei"/>
        </args>
      </payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>`;

function parsed(text: string): SynapseApi {
  const result = parseSynapseApi(text, "api/Hello.xml");
  if (!result.ok) throw new Error(`${result.problem.line}:${result.problem.column} ${result.problem.message}`);
  return result.api;
}

describe("Synapse API subset", () => {
  it("parses an API with a templated resource and renders its payload", () => {
    const api = parsed(HELLO);
    expect(api.name).toBe("HelloAPI");
    expect(api.context).toBe("/hello");
    const match = dispatch([api], "GET", "/hello/ada%20l");
    if (match === null || "methodMismatch" in match) throw new Error("no match");
    expect(match.uriVars).toEqual({ name: "ada l" });
    expect(JSON.parse(renderPayload(match.resource, match.uriVars))).toEqual({ hello: "ada l", from: "ei" });
  });

  it("JSON-escapes arguments so a path variable cannot break the payload", () => {
    const api = parsed(HELLO);
    const match = dispatch([api], "GET", `/hello/${encodeURIComponent('a"b')}`);
    if (match === null || "methodMismatch" in match) throw new Error("no match");
    expect(JSON.parse(renderPayload(match.resource, match.uriVars))).toEqual({ hello: 'a"b', from: "ei" });
  });

  it("dispatches by context, then method and template", () => {
    const api = parsed(HELLO);
    expect(dispatch([api], "GET", "/other/x")).toBeNull();
    expect(dispatch([api], "POST", "/hello/x")).toEqual({ methodMismatch: true });
    expect(dispatch([api], "GET", "/hello/x/y")).toEqual({ methodMismatch: false });
    expect(dispatch([api], "GET", "/hellox")).toBeNull();
  });

  it("reports a syntax error with its line and column", () => {
    const broken = HELLO.replace("</inSequence>", "</inSequenc>");
    const result = parseSynapseApi(broken, "api/Hello.xml");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.line).toBe(13);
    expect(result.problem.message).toMatch(/close tag.*not well-formed/);
  });

  it("refuses mediators outside the subset at their position instead of pretending to run them", () => {
    const withLog = HELLO.replace(
      '<payloadFactory media-type="json">',
      '<log level="full"/><payloadFactory media-type="json">',
    );
    const result = parseSynapseApi(withLog, "api/Hello.xml");
    expect(result).toMatchObject({
      ok: false,
      problem: { line: 5, message: expect.stringMatching(/<log>: .*models only payloadFactory/) },
    });
    const xmlMedia = parseSynapseApi(HELLO.replace('media-type="json"', 'media-type="xml"'), "f");
    expect(xmlMedia).toMatchObject({ ok: false, problem: { line: 5 } });
  });

  it("checks attributes, expressions and argument counts", () => {
    expect(parseSynapseApi(HELLO.replace(' context="/hello"', ""), "f")).toMatchObject({
      ok: false,
      problem: { line: 2, message: expect.stringMatching(/context attribute/) },
    });
    expect(parseSynapseApi(HELLO.replace('context="/hello"', 'context="hello"'), "f")).toMatchObject({
      ok: false,
      problem: { line: 2 },
    });
    expect(parseSynapseApi(HELLO.replace("uri.var.name", "uri.var.nom"), "f")).toMatchObject({
      ok: false,
      problem: { line: 8, message: expect.stringMatching(/no \{nom\}/) },
    });
    expect(parseSynapseApi(HELLO.replace('"from":"$2"', '"from":"$3"'), "f")).toMatchObject({
      ok: false,
      problem: { line: 6, message: expect.stringMatching(/\$3/) },
    });
    expect(parseSynapseApi(HELLO.replace('methods="GET"', 'methods="FETCH"'), "f")).toMatchObject({
      ok: false,
      problem: { line: 3 },
    });
    expect(parseSynapseApi('<proxy name="p"/>', "f")).toMatchObject({
      ok: false,
      problem: { message: expect.stringMatching(/proxies/) },
    });
  });

  it("parses uri-templates into literals and variables", () => {
    expect(parseUriTemplate("/")).toEqual([]);
    expect(parseUriTemplate("/orders/{id}")).toEqual([
      { kind: "literal", text: "orders" },
      { kind: "var", name: "id" },
    ]);
    expect(parseUriTemplate("/q?x={x}")).toMatch(/not modelled/);
    expect(parseUriTemplate("x")).toMatch(/start with \//);
  });
});
