/**
 * The document as text: YAML for a `.yaml` / `.yml` file, JSON otherwise.
 *
 * @module
 */
import { stringify } from "yaml";
import type { OpenApiDocument } from "./types.ts";

/**
 * Whether a file name asks for YAML (`.yaml` or `.yml`, any case).
 *
 * @param file The file name, or `undefined` for standard output (JSON).
 * @returns Whether to write YAML.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { wantsYaml } from "./output.ts";
 *
 * assert.equal(wantsYaml("openapi.YML"), true);
 * assert.equal(wantsYaml("openapi.json"), false);
 * assert.equal(wantsYaml(undefined), false);
 * ```
 */
export function wantsYaml(file: string | undefined): boolean {
  return file !== undefined && /\.ya?ml$/i.test(file);
}

/**
 * Formats the document for a file: YAML by {@linkcode wantsYaml}, else JSON indented by two
 * spaces; both end with a newline.
 *
 * @param document The document.
 * @param file Where it goes (`undefined`: standard output).
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatDocument } from "./output.ts";
 *
 * const document = { openapi: "3.1.0", info: { title: "t", version: "1" } };
 * assert.equal(formatDocument(document, "a.yaml"), "openapi: 3.1.0\ninfo:\n  title: t\n  version: \"1\"\n");
 * assert.equal(JSON.parse(formatDocument(document, undefined)).openapi, "3.1.0");
 * ```
 */
export function formatDocument(document: OpenApiDocument, file: string | undefined): string {
  if (wantsYaml(file)) return stringify(document, { aliasDuplicateObjects: false });
  return JSON.stringify(document, null, 2) + "\n";
}
