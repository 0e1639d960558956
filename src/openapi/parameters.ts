/**
 * An operation's `parameters`, compiled once: where each one is read from (the path, the
 * query, a header, a cookie), how its strings become the declared types, and its check.
 *
 * @module
 */
import type { ProblemError } from "../http/errors.ts";
import { parseCookies } from "../http/cookies.ts";
import { type ArrayStyle, arrayStyle, coerceParameter, typesOf } from "./coerce.ts";
import { isStandardSchema } from "./json_schema.ts";
import { compileSchema, type SchemaCheck, type SchemaResult } from "./schema_check.ts";
import type { OpenApiOperation, OpenApiParameter } from "./types.ts";

/** A path parameter of the route, from its file name (`[id]`, or a catch-all `[...rest]`). */
export interface PathParameter {
  /** The name in brackets. */
  name: string;
  /** Whether it is a catch-all (its value is a list of segments). */
  rest: boolean;
}

/** Validated parameter values by location and name (coerced, or a Standard Schema's output). */
export type ParameterValues = Record<
  "path" | "query" | "header" | "cookie",
  Record<string, unknown>
>;

/** What checking the parameters of a request gives. */
export interface ParameterOutcome {
  /** The values that passed. */
  values: ParameterValues;
  /** One entry per error (empty: all passed). */
  errors: ProblemError[];
}

interface Compiled {
  name: string;
  in: OpenApiParameter["in"];
  required: boolean;
  standard: boolean;
  /** A catch-all: its value is its segments (joined with `/` for a schema that is no array). */
  rest: boolean;
  schema: OpenApiParameter["schema"];
  style: ArrayStyle;
  check: SchemaCheck | undefined;
}

/** OpenAPI: header parameters with these names are ignored (the request's own headers). */
const IGNORED_HEADERS = new Set(["accept", "content-type", "authorization"]);

function compileOne(parameter: OpenApiParameter, path: readonly PathParameter[]): Compiled {
  const where = parameter.in;
  const what = `parameter '${parameter.name}' in ${where}`;
  if (!["path", "query", "header", "cookie"].includes(where)) {
    throw new TypeError(`${what}: 'in' must be path, query, header or cookie`);
  }
  const fromPath = path.find((p) => p.name === parameter.name);
  if (where === "path" && fromPath === undefined) {
    const names = path.map((p) => `'${p.name}'`).join(", ") || "none";
    throw new TypeError(`${what} is not in the file name (its path parameters: ${names})`);
  }
  const schema = parameter.schema;
  const standard = isStandardSchema(schema);
  if (!standard && typesOf(schema).includes("object")) {
    throw new TypeError(`${what}: object parameters are not supported`);
  }
  let style: ArrayStyle;
  try {
    style = fromPath?.rest ? "repeat" : arrayStyle(where, parameter.style, parameter.explode);
  } catch (error) {
    throw new TypeError(`${what}: ${(error as Error).message}`);
  }
  let check: SchemaCheck | undefined;
  try {
    check = schema === undefined ? undefined : compileSchema(schema);
  } catch (error) {
    throw new TypeError(`${what}: its schema does not compile: ${(error as Error).message}`);
  }
  const required = where === "path" || parameter.required === true;
  const rest = fromPath?.rest === true;
  return { name: parameter.name, in: where, required, standard, rest, schema, style, check };
}

/** The query of a request URL, without parsing the rest of it. */
function queryOf(href: string): URLSearchParams {
  const start = href.indexOf("?");
  if (start === -1) return new URLSearchParams();
  const end = href.indexOf("#", start);
  return new URLSearchParams(href.slice(start + 1, end === -1 ? undefined : end));
}

/** Reads a parameter's strings from the request (`undefined`: absent). */
function readRaw(
  parameter: Compiled,
  request: Request,
  params: Record<string, string | string[]>,
  lazy: { query?: URLSearchParams; cookies?: Record<string, string> },
): readonly string[] | undefined {
  switch (parameter.in) {
    case "path": {
      const value = params[parameter.name];
      return value === undefined ? undefined : typeof value === "string" ? [value] : value;
    }
    case "query": {
      const values = (lazy.query ??= queryOf(request.url)).getAll(parameter.name);
      return values.length === 0 ? undefined : values;
    }
    case "header": {
      const value = request.headers.get(parameter.name);
      return value === null ? undefined : [value];
    }
    case "cookie": {
      lazy.cookies ??= parseCookies(request.headers.get("cookie"));
      const value = Object.hasOwn(lazy.cookies, parameter.name)
        ? lazy.cookies[parameter.name]
        : undefined;
      return value === undefined ? undefined : [value];
    }
  }
}

function addResult(
  outcome: ParameterOutcome,
  parameter: Compiled,
  result: SchemaResult,
): void {
  if (result.issues === undefined) {
    outcome.values[parameter.in][parameter.name] = result.value;
    return;
  }
  for (const issue of result.issues) {
    const where = issue.pointer === "" ? {} : { pointer: issue.pointer };
    outcome.errors.push({ in: parameter.in, name: parameter.name, ...where, detail: issue.detail });
  }
}

/** Checks the parameters of one request. */
export type ParameterCheck = (
  request: Request,
  params: Record<string, string | string[]>,
) => ParameterOutcome | Promise<ParameterOutcome>;

/**
 * Compiles an operation's `parameters` against the route's path parameters. A path parameter
 * must be in the file name (declaring it only adds a schema); header parameters named `Accept`,
 * `Content-Type` and `Authorization` are ignored, as OpenAPI says.
 *
 * @param operation The operation.
 * @param path The route's path parameters.
 * @returns The check, or `undefined` when there is nothing to check.
 * @throws {TypeError} For a `$ref`, a path parameter not in the file name, an unsupported
 * style or object parameter, or a schema that does not compile.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileParameters } from "./parameters.ts";
 *
 * const check = compileParameters({
 *   parameters: [{ name: "limit", in: "query", schema: { type: "integer", maximum: 100 } }],
 * }, [])!;
 * const good = await check(new Request("http://x/?limit=20"), {});
 * assert.deepEqual(good, { values: { path: {}, query: { limit: 20 }, header: {}, cookie: {} }, errors: [] });
 * const bad = await check(new Request("http://x/?limit=x"), {});
 * assert.deepEqual(bad.errors, [{ in: "query", name: "limit", detail: "must be integer" }]);
 * ```
 */
export function compileParameters(
  operation: OpenApiOperation,
  path: readonly PathParameter[],
): ParameterCheck | undefined {
  const compiled: Compiled[] = [];
  for (const parameter of operation.parameters ?? []) {
    if ("$ref" in parameter) {
      throw new TypeError(`a parameter is a $ref ('${parameter.$ref}'): declare it inline`);
    }
    if (parameter.in === "header" && IGNORED_HEADERS.has(parameter.name.toLowerCase())) continue;
    const one = compileOne(parameter, path);
    if (compiled.some((c) => c.in === one.in && c.name === one.name)) {
      throw new TypeError(`parameter '${one.name}' in ${one.in} is declared twice`);
    }
    compiled.push(one);
  }
  if (compiled.length === 0) return undefined;
  return (request, params) => {
    const outcome: ParameterOutcome = {
      values: { path: {}, query: {}, header: {}, cookie: {} },
      errors: [],
    };
    const lazy = {};
    const pending: Promise<void>[] = [];
    for (const parameter of compiled) {
      const raw = readRaw(parameter, request, params, lazy);
      if (raw === undefined) {
        if (parameter.required) {
          outcome.errors.push({ in: parameter.in, name: parameter.name, detail: "is required" });
        }
        continue;
      }
      const value = parameter.standard
        ? (parameter.rest || raw.length !== 1 ? [...raw] : raw[0])
        : parameter.rest && !typesOf(parameter.schema).includes("array")
        ? raw.join("/")
        : coerceParameter(raw, parameter.schema, parameter.style);
      const result = parameter.check ? parameter.check(value) : { value };
      if (result instanceof Promise) {
        pending.push(result.then((settled) => addResult(outcome, parameter, settled)));
      } else addResult(outcome, parameter, result);
    }
    return pending.length === 0 ? outcome : Promise.all(pending).then(() => outcome);
  };
}
