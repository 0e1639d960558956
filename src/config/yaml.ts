/**
 * Parsing YAML config text with errors that name the file and line.
 *
 * @module
 */

import { parse, YAMLParseError } from "yaml";

/**
 * Parses YAML (or JSON) text. Throws a `SyntaxError` naming the file and, when the parser knows
 * it, the line.
 *
 * @param text The file's text.
 * @param path The file, for messages.
 * @param label What the file is, for messages (default `config file`).
 * @returns The parsed value (`null` for an empty document).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseYamlText } from "./yaml.ts";
 *
 * assert.deepEqual(parseYamlText("a: [1, 2]\n", "x.yaml"), { a: [1, 2] });
 * assert.throws(() => parseYamlText("a: [\n", "x.yaml"), {
 *   name: "SyntaxError",
 *   message: /^Cannot parse config file 'x\.yaml' at line 2: /,
 * });
 * ```
 */
export function parseYamlText(text: string, path: string, label = "config file"): unknown {
  try {
    return parse(text) ?? null;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const reason = error.message.split("\n", 1)[0]!.replace(/ at line \d+, column \d+:?$/, "");
    // Errors outside the parser proper (e.g. an unresolved alias) carry no position.
    const line = error instanceof YAMLParseError ? error.linePos?.[0]?.line : undefined;
    const where = line === undefined ? "" : ` at line ${line}`;
    throw new SyntaxError(`Cannot parse ${label} '${path}'${where}: ${reason}`, {
      cause: error,
    });
  }
}
