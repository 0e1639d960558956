/**
 * Parameters arrive as strings; their schemas speak of integers, booleans and arrays. These
 * turn the strings into the declared types before validation (a string that is not a valid
 * integer stays a string, so the validator reports it).
 *
 * @module
 */
import type { JsonSchema } from "./types.ts";

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The declared types of a schema (`type`, as a list), or none. */
export function typesOf(schema: JsonSchema | undefined): string[] {
  if (typeof schema !== "object" || schema === null) return [];
  const type = schema.type;
  if (typeof type === "string") return [type];
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : [];
}

/**
 * Turns one string into the first declared scalar type it can be: `integer`, `number`,
 * `boolean` (`true`/`false`) or `null` (`null`); otherwise gives the string back.
 *
 * @param raw The string as received.
 * @param schema The parameter's (or item's) JSON Schema.
 * @returns The coerced value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { coerceScalar } from "./coerce.ts";
 *
 * assert.equal(coerceScalar("20", { type: "integer" }), 20);
 * assert.equal(coerceScalar("2.5", { type: "integer" }), "2.5");
 * assert.equal(coerceScalar("true", { type: "boolean" }), true);
 * assert.equal(coerceScalar("abc", { type: ["integer", "string"] }), "abc");
 * ```
 */
export function coerceScalar(raw: string, schema: JsonSchema | undefined): unknown {
  for (const type of typesOf(schema)) {
    if (type === "integer" && INTEGER.test(raw)) return Number(raw);
    if (type === "number" && NUMBER.test(raw)) return Number(raw);
    if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
    if (type === "null" && raw === "null") return null;
    if (type === "string") return raw;
  }
  return raw;
}

/** How an array parameter is written (OpenAPI `style`, `explode`). */
export type ArrayStyle = "repeat" | "," | " " | "|";

/**
 * The separator of an array parameter's values: `repeat` for a query key repeated once per
 * value (`form` with `explode`, the query default), else the character between values
 * (`form` without `explode` and `simple`: `,`; `spaceDelimited`: ` `; `pipeDelimited`: `|`).
 *
 * @param where The parameter's location.
 * @param style The declared `style`, if any.
 * @param explode The declared `explode`, if any.
 * @returns The separator.
 * @throws {TypeError} For a style apifn does not read (`matrix`, `label`, `deepObject`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { arrayStyle } from "./coerce.ts";
 *
 * assert.equal(arrayStyle("query", undefined, undefined), "repeat");
 * assert.equal(arrayStyle("query", "form", false), ",");
 * assert.equal(arrayStyle("header", undefined, undefined), ",");
 * ```
 */
export function arrayStyle(
  where: string,
  style: string | undefined,
  explode: boolean | undefined,
): ArrayStyle {
  const given = style ?? (where === "query" || where === "cookie" ? "form" : "simple");
  if (given === "form") return (explode ?? true) && where === "query" ? "repeat" : ",";
  if (given === "simple") return ",";
  if (given === "spaceDelimited" && where === "query") return " ";
  if (given === "pipeDelimited" && where === "query") return "|";
  throw new TypeError(`style '${given}' is not supported for ${where} parameters`);
}

/**
 * Coerces a parameter's received strings to its schema: an `array` schema gets a list (the
 * repeated values, or the one value split at the style's separator) with each item coerced to
 * `items`; any other schema gets the one value coerced (several values stay a list of strings,
 * which the validator rejects).
 *
 * @param values The strings received (a repeated query key: several; a catch-all: its segments).
 * @param schema The parameter's JSON Schema.
 * @param style How an array is written.
 * @returns The coerced value.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { coerceParameter } from "./coerce.ts";
 *
 * const tags = { type: "array", items: { type: "integer" } };
 * assert.deepEqual(coerceParameter(["1", "2"], tags, "repeat"), [1, 2]);
 * assert.deepEqual(coerceParameter(["1,2,x"], tags, ","), [1, 2, "x"]);
 * assert.equal(coerceParameter(["7"], { type: "integer" }, ","), 7);
 * ```
 */
export function coerceParameter(
  values: readonly string[],
  schema: JsonSchema | undefined,
  style: ArrayStyle,
): unknown {
  if (typesOf(schema).includes("array")) {
    const items = typeof schema === "object" ? schema.items : undefined;
    const list = style === "repeat" || values.length !== 1
      ? values
      : values[0] === ""
      ? []
      : values[0]!.split(style);
    return list.map((value) => coerceScalar(value, items));
  }
  if (values.length !== 1) return [...values];
  return coerceScalar(values[0]!, schema);
}
