/**
 * Answers an operation from its description, as Redocly's mock server does: the first `2XX`
 * response (or the one `Prefer: code=…` names), its first media type, and a body from the
 * media type's `examples` (the one `Prefer: example=…` names, else the first) or `example`, else
 * the schema's `examples` / `example`, else one made from the schema.
 *
 * @module
 */
import type { OpenApiMediaType, OpenApiOperation, OpenApiResponse } from "./types.ts";

/**
 * The mock response of an operation.
 *
 * @param operation The operation (dereferenced).
 * @param request The request (its `Prefer` header is read).
 * @returns The response.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { mockResponse } from "./mock.ts";
 *
 * const operation = {
 *   responses: {
 *     "200": { description: "OK", content: { "application/json": { example: { id: "n1" } } } },
 *     "404": { description: "Not found", content: { "application/json": { schema: {
 *       type: "object", properties: { error: { type: "string", example: "no such note" } },
 *     } } } },
 *   },
 * };
 * const ok = mockResponse(operation, new Request("http://x/"));
 * assert.deepEqual([ok.status, await ok.json()], [200, { id: "n1" }]);
 * const missing = mockResponse(operation, new Request("http://x/", { headers: { prefer: "code=404" } }));
 * assert.deepEqual([missing.status, await missing.json()], [404, { error: "no such note" }]);
 * ```
 */
export function mockResponse(operation: OpenApiOperation, request: Request): Response {
  const prefer = parsePrefer(request.headers.get("prefer"));
  const responses = (operation.responses ?? {}) as Record<string, OpenApiResponse>;
  const codes = Object.keys(responses);
  const code =
    (prefer.code !== undefined && codes.includes(prefer.code) ? prefer.code : undefined) ??
      codes.find((c) => /^2(\d\d|XX)$/i.test(c)) ?? codes.find((c) => c === "default") ?? codes[0];
  if (code === undefined) return new Response(null, { status: 204 });
  const status = /^\d{3}$/.test(code)
    ? Number(code)
    : /^[1-5]XX$/i.test(code)
    ? Number(code[0]) * 100
    : 200;
  const headers = new Headers({ "x-apifn-mock": "true" });
  const [type, media] = Object.entries(responses[code]?.content ?? {})[0] ?? [];
  const empty = status === 204 || status === 304 || request.method === "HEAD";
  if (type === undefined || media === undefined || empty) {
    return new Response(null, { status, headers });
  }
  headers.set("content-type", type);
  const value = exampleOf(media, prefer.example);
  const body = /json/i.test(type) ? JSON.stringify(value ?? null) : String(value ?? "");
  return new Response(body, { status, headers });
}

function parsePrefer(header: string | null): { code?: string; example?: string } {
  const out: { code?: string; example?: string } = {};
  for (const part of (header ?? "").split(/[,;]/)) {
    const [name, value] = part.split("=", 2).map((s) => s.trim());
    if (value === undefined) continue;
    const unquoted = value.replace(/^"(.*)"$/, "$1");
    if (name?.toLowerCase() === "code") out.code = unquoted;
    if (name?.toLowerCase() === "example") out.example = unquoted;
  }
  return out;
}

function exampleOf(media: OpenApiMediaType, name: string | undefined): unknown {
  const examples = media.examples as Record<string, { value?: unknown }> | undefined;
  const named = name === undefined ? undefined : examples?.[name]?.value;
  if (named !== undefined) return named;
  if (media.example !== undefined) return media.example;
  const first = Object.values(examples ?? {}).find((example) => example?.value !== undefined);
  return first !== undefined ? first.value : sampleOf(media.schema, 0);
}

/**
 * A value for a schema: its `examples[0]`, `example`, `default`, `const` or first `enum`, else
 * one made from its type (every property of an object, one item of an array).
 */
function sampleOf(schema: unknown, depth: number): unknown {
  if (typeof schema !== "object" || schema === null || depth > 8) return null;
  const s = schema as Record<string, unknown>;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  for (const key of ["example", "default", "const"]) if (s[key] !== undefined) return s[key];
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ["oneOf", "anyOf"]) {
    if (Array.isArray(s[key])) return sampleOf((s[key] as unknown[])[0], depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    return Object.assign({}, ...s.allOf.map((part) => sampleOf(part, depth + 1)));
  }
  const type = Array.isArray(s.type) ? s.type.find((t) => t !== "null") : s.type;
  const properties = s.properties as Record<string, unknown> | undefined;
  if (type === "object" || properties) {
    return Object.fromEntries(
      Object.entries(properties ?? {}).map(([key, value]) => [key, sampleOf(value, depth + 1)]),
    );
  }
  if (type === "array") return s.items === undefined ? [] : [sampleOf(s.items, depth + 1)];
  if (type === "string") return s.format === "date-time" ? "1970-01-01T00:00:00Z" : "string";
  if (type === "integer" || type === "number") return typeof s.minimum === "number" ? s.minimum : 0;
  if (type === "boolean") return true;
  return null;
}
