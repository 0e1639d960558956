/**
 * The project's own API descriptions: `apis:` in `redocly.yaml` (Redocly's format,
 * `apis: { notes@v1: { root: ./openapi.yaml } }`), each read as YAML or JSON with every `$ref`
 * inlined (across files, relative to the file that holds it, and `#/components/…` within one).
 *
 * @module
 */
import { relative, resolve } from "node:path";
import { resolveRefs } from "../config/refs.ts";
import { parseYamlText } from "../config/yaml.ts";
import type { OpenApiDocument } from "./types.ts";

const LABEL = "API description";

/** One API description, read and dereferenced. */
export interface ApiDescription {
  /** Its name under `apis:` (e.g. `notes@v1`). */
  name: string;
  /** The root file (absolute). */
  file: string;
  /** The root file, relative to the project root (shown in messages). */
  relative: string;
  /** The document with every `$ref` replaced by its target. */
  document: OpenApiDocument;
  /** The path of its first server URL, without a trailing `/` (`""`: none). */
  basePath: string;
}

/**
 * Reads the descriptions `apis:` lists. Rejects with an `Error` naming the file and pointer for
 * a missing file or target and for a cycle (a recursive schema is one: write it without `$ref`
 * back to itself), a `SyntaxError` for a file that does not parse, a `TypeError` for an entry
 * without `root` or a document that is not OpenAPI 3.
 *
 * @param root The project root (absolute); `root:` paths are relative to it.
 * @param config The effective `redocly.yaml`.
 * @param files Receives the absolute path of every file read.
 * @returns The descriptions, in the order listed (none when `apis:` is absent).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadDescriptions } from "./description.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/note.yaml`, "type: object\n");
 * await Deno.writeTextFile(`${root}/openapi.yaml`, `openapi: 3.1.0
 * info: { title: Notes, version: "1" }
 * servers: [{ url: https://example.com/api }]
 * paths:
 *   /notes:
 *     get:
 *       responses:
 *         "200": { description: OK, content: { application/json: { schema: { $ref: ./note.yaml } } } }
 * `);
 * const [api] = await loadDescriptions(root, { apis: { "notes@v1": { root: "./openapi.yaml" } } });
 * assert.equal(api?.basePath, "/api");
 * const ok = api?.document.paths?.["/notes"]?.get?.responses?.["200"];
 * assert.deepEqual(ok, { description: "OK", content: { "application/json": { schema: { type: "object" } } } });
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function loadDescriptions(
  root: string,
  config: Record<string, unknown>,
  files: string[] = [],
): Promise<ApiDescription[]> {
  const apis = config.apis;
  if (apis === undefined || apis === null) return [];
  if (!isRecord(apis)) throw new TypeError("Cannot read redocly.yaml: 'apis' must be a mapping");
  const out: ApiDescription[] = [];
  for (const [name, entry] of Object.entries(apis)) {
    if (!isRecord(entry) || typeof entry.root !== "string" || entry.root === "") {
      throw new TypeError(`Cannot read redocly.yaml: 'apis.${name}.root' must be a file path`);
    }
    const file = resolve(root, entry.root);
    let text: string;
    try {
      text = await Deno.readTextFile(file);
    } catch (error) {
      const why = error instanceof Deno.errors.NotFound ? "file not found" : `${error}`;
      throw new Error(`Cannot read ${LABEL} '${name}' ('${file}'): ${why}`, { cause: error });
    }
    files.push(file);
    const parsed = parseYamlText(text, file, LABEL);
    const document = await resolveRefs(parsed, file, { files, label: LABEL });
    checkDocument(document, file);
    out.push({
      name,
      file,
      relative: relative(root, file).replaceAll("\\", "/"),
      document,
      basePath: basePathOf(document),
    });
  }
  return out;
}

function checkDocument(document: unknown, file: string): asserts document is OpenApiDocument {
  const fail = (why: string) => new TypeError(`Cannot use ${LABEL} '${file}': ${why}`);
  if (!isRecord(document)) throw fail("it is not a mapping");
  if (typeof document.openapi !== "string" || !document.openapi.startsWith("3.")) {
    throw fail("'openapi' must be a 3.x version (OpenAPI 3.0 or 3.1)");
  }
  if (document.paths !== undefined && !isRecord(document.paths)) {
    throw fail("'paths' must be a mapping");
  }
}

/**
 * The path of the first server's URL: variables take their defaults, a trailing `/` is left
 * out (`https://x.example/api/` → `/api`; none, or `/` → `""`).
 *
 * @param document The description.
 * @returns The base path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { basePathOf } from "./description.ts";
 *
 * const servers = [{ url: "{scheme}://example.com/{base}/", variables: { base: { default: "api" } } }];
 * assert.equal(basePathOf({ openapi: "3.1.0", info: { title: "", version: "" }, servers }), "/api");
 * ```
 */
export function basePathOf(document: OpenApiDocument): string {
  const server = document.servers?.[0] as
    | { url?: unknown; variables?: Record<string, { default?: unknown }> }
    | undefined;
  if (typeof server?.url !== "string") return "";
  const url = server.url.replace(/\{([^}]*)\}/g, (_, name: string) => {
    const value = server.variables?.[name]?.default;
    return typeof value === "string" ? value : "x";
  });
  let path: string;
  try {
    path = new URL(url, "http://localhost/").pathname;
  } catch {
    return "";
  }
  return path.replace(/\/+$/, "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
