/**
 * The operations of an API description, each with the path the app serves it on (the
 * description's base path + its path) and the key routes are matched by.
 *
 * @module
 */
import type { Method } from "../routing/method.ts";
import type { ApiDescription } from "./description.ts";
import type {
  OpenApiMethod,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiReference,
} from "./types.ts";

const METHODS: readonly OpenApiMethod[] = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
];

/** One operation of a description. */
export interface DescribedOperation {
  /** The description's name under `apis:`. */
  api: string;
  /** The description's root file, relative to the project root. */
  file: string;
  /** Where it is in the description, e.g. `#/paths/~1notes/get`. */
  pointer: string;
  /** The method, upper case. */
  method: Method;
  /** The path as the app serves it: base path + the description's path (`/api/notes/{id}`). */
  path: string;
  /** The path with parameter names left out (`/api/notes/{}`), as `PathTemplate.key`. */
  key: string;
  /** The path's parameter names, in order. */
  params: string[];
  /** The operation, with the path item's parameters merged in (its own win). */
  operation: OpenApiOperation;
}

/**
 * Lists the operations of a description, in its order.
 *
 * @param api The description.
 * @returns The operations.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listDescribedOperations } from "./described_operations.ts";
 *
 * const [one] = listDescribedOperations({
 *   name: "notes",
 *   file: "/p/openapi.yaml",
 *   relative: "openapi.yaml",
 *   basePath: "/api",
 *   document: { openapi: "3.1.0", info: { title: "", version: "" }, paths: { "/notes/{id}": { get: {} } } },
 * });
 * assert.equal(one?.path, "/api/notes/{id}");
 * assert.equal(one?.key, "/api/notes/{}");
 * assert.equal(one?.pointer, "#/paths/~1notes~1{id}/get");
 * ```
 */
export function listDescribedOperations(api: ApiDescription): DescribedOperation[] {
  const out: DescribedOperation[] = [];
  for (const [path, item] of Object.entries(api.document.paths ?? {})) {
    if (typeof item !== "object" || item === null) continue;
    const full = api.basePath + (path === "/" && api.basePath !== "" ? "" : path);
    const params = [...full.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!);
    const key = full.replace(/\{[^}]*\}/g, "{}");
    for (const method of METHODS) {
      const operation = item[method];
      if (typeof operation !== "object" || operation === null) continue;
      out.push({
        api: api.name,
        file: api.relative,
        pointer: `#/paths/${path.replaceAll("~", "~0").replaceAll("/", "~1")}/${method}`,
        method: method.toUpperCase() as Method,
        path: full,
        key,
        params,
        operation: withPathParameters(operation, item.parameters),
      });
    }
  }
  return out;
}

function withPathParameters(
  operation: OpenApiOperation,
  shared: Array<OpenApiParameter | OpenApiReference> | undefined,
): OpenApiOperation {
  if (!Array.isArray(shared) || shared.length === 0) return operation;
  const own = operation.parameters ?? [];
  const id = (p: OpenApiParameter | OpenApiReference) => "$ref" in p ? p.$ref : `${p.in} ${p.name}`;
  const taken = new Set(own.map(id));
  return { ...operation, parameters: [...shared.filter((p) => !taken.has(id(p))), ...own] };
}
