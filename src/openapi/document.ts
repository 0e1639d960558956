/**
 * The OpenAPI 3.1 document of a project: every route of the scan, each operation from its
 * function file's `openapi` export (imported with the app's loader), completed by
 * `operation.ts`, with ids and tags that stay the same from run to run.
 *
 * @module
 */
import { resolve } from "node:path";
import type { RouteInfo } from "../app/route_info.ts";
import type { ModuleLoader } from "../app/modules.ts";
import { readInfo } from "./info.ts";
import { describeOperation, ERROR_RESPONSE, SECURITY_SCHEME } from "./document_operation.ts";
import { createIdAllocator, deriveOperationId, deriveTag } from "./operation_ids.ts";
import { listPathOperations } from "./path_operations.ts";
import type { OpenApiDocument, OpenApiInfo, OpenApiMethod, OpenApiPathItem } from "./types.ts";

/** The OpenAPI version written. */
export const OPENAPI_VERSION = "3.1.0";

/** What {@linkcode buildOpenApiDocument} reads. */
export interface DocumentSource {
  /** The project root (absolute): route files are relative to it. */
  root: string;
  /** The routes, as `app.routes` gives them. */
  routes: readonly RouteInfo[];
  /** Imports a function file by absolute path (the app's loader). */
  load: ModuleLoader;
  /** The `info` (default: read from `redocly.yaml` and `deno.json` under `root`). */
  info?: OpenApiInfo;
  /** Receives problems that leave something out of the document (default: none). */
  warn?: (message: string) => void;
}

/**
 * Builds the document.
 *
 * @param source The routes, how to import their files, and the project.
 * @returns The document.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildOpenApiDocument } from "./document.ts";
 *
 * const modules: Record<string, Record<string, unknown>> = {
 *   "/p/@api/notes/[id].get.ts": { openapi: { summary: "One note" }, default: () => {} },
 * };
 * const document = await buildOpenApiDocument({
 *   root: "/p",
 *   routes: [{ method: "GET", path: "/api/notes/[id]", file: "@api/notes/[id].get.ts" }],
 *   load: (file) => Promise.resolve(modules[file]!),
 *   info: { title: "Notes", version: "1.0.0" },
 * });
 * const operation = document.paths?.["/api/notes/{id}"]?.get;
 * assert.equal(operation?.operationId, "getNotesById");
 * assert.equal(operation?.summary, "One note");
 * assert.deepEqual(operation?.tags, ["notes"]);
 * ```
 */
export async function buildOpenApiDocument(source: DocumentSource): Promise<OpenApiDocument> {
  const warn = source.warn ?? (() => {});
  const modules = new Map<string, Promise<unknown>>();
  function declared(file: string): Promise<unknown> {
    let found = modules.get(file);
    if (!found) {
      found = source.load(resolve(source.root, file)).then(
        (module) => module?.openapi,
        (error) => warn(`${file}: not imported, so described from its name only (${error})`),
      );
      modules.set(file, found);
    }
    return found;
  }
  const described = [];
  for (const entry of listPathOperations(source.routes)) {
    const { operation, operationId } = describeOperation({
      method: entry.method,
      path: entry.path,
      params: entry.params,
      file: entry.route.file,
      declared: await declared(entry.route.file),
      access: entry.route.access,
      warn,
    });
    const own = operationId !== undefined && entry.route.method === "*"
      ? operationId + capitalize(entry.method.toLowerCase())
      : operationId;
    described.push({ entry, operation, own });
  }
  // Ids written in files first, then derived ones, both in the document's order.
  const ids = createIdAllocator();
  const wanted = described.map(({ entry, own }) => {
    if (own === undefined || ids.reserve(own)) return own;
    warn(`${entry.route.file}: operationId '${own}' is used by another operation: derived instead`);
    return undefined;
  });
  const paths: Record<string, OpenApiPathItem> = {};
  const tags = new Map<string, string | undefined>();
  let secured = false;
  described.forEach(({ entry, operation }, i) => {
    const operationId = wanted[i] ?? ids.take(deriveOperationId(entry.method, entry.path.template));
    const item = paths[entry.path.template] ??= {};
    item[entry.method.toLowerCase() as OpenApiMethod] = { operationId, ...operation };
    for (const tag of operation.tags ?? []) {
      if (!tags.has(tag) || tags.get(tag) === undefined) tags.set(tag, tagPrefix(tag, entry));
    }
    secured ||= operation.security?.some((scheme) => SECURITY_SCHEME in scheme) ?? false;
  });
  return {
    openapi: OPENAPI_VERSION,
    info: source.info ?? await readInfo(source.root),
    servers: [{ url: "/", description: "The server that serves this document" }],
    security: [{}],
    tags: [...tags].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(([name, prefix]) => ({
      name,
      description: prefix === undefined
        ? `Operations tagged \`${name}\` by their function files.`
        : `The functions under \`${prefix}\`.`,
    })),
    paths,
    components: {
      ...(secured ? { securitySchemes: { [SECURITY_SCHEME]: USER_SCHEME } } : {}),
      schemas: { Error: ERROR_SCHEMA },
      responses: {
        [ERROR_RESPONSE.split("/").pop()!]: {
          description: "An error, from apifn (body too large, malformed JSON, access rules, " +
            "time limit, a crash) or from the function",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
    },
  };
}

const ERROR_SCHEMA = {
  type: "object",
  required: ["error"],
  properties: {
    error: { type: "string", description: "What went wrong" },
    requestId: { type: "string", description: "The request's id, as in the server log" },
  },
};

const USER_SCHEME = {
  type: "http",
  scheme: "bearer",
  bearerFormat: "JWT",
  description: "The caller, as apifn decides it (a JWT, or the project's own authentication). " +
    "Routes behind an access rule (`rbac` in redocly.yaml) answer 401 without a user, 403 " +
    "when the user's teams may not call them.",
};

/** The path prefix a derived tag stands for, or `undefined` for a tag written in a file. */
function tagPrefix(
  tag: string,
  entry: { path: { template: string } },
): string | undefined {
  if (deriveTag(entry.path.template) !== tag) return undefined;
  const parts = entry.path.template.split("/");
  const at = parts[1] === "api" && parts.length > 2 ? 2 : 1;
  return tag === "root" ? "/" : parts.slice(0, at + 1).join("/");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
