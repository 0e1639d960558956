/**
 * Contract-first: which function serves which operation of the project's API descriptions.
 * An operation and a route match when they have the same method and the same path template
 * with parameter names left out (`/api/notes/{noteId}` is the route `/api/notes/[id]`).
 *
 * @module
 */
import type { RouteInfo } from "../app/route_info.ts";
import type { Method } from "../routing/method.ts";
import type { DescribedOperation } from "./described_operations.ts";
import { listPathOperations } from "./path_operations.ts";
import type { TemplateParam } from "./path_template.ts";
import type { OpenApiDocument } from "./types.ts";

/** An operation a function file serves. */
export interface FileOperation {
  /** The operation. */
  described: DescribedOperation;
  /** The method it is served for. */
  method: Method;
  /** The route's own path parameters on that path (their names may differ). */
  params: TemplateParam[];
}

/**
 * How the routes meet the project's API descriptions (`apis:` in `redocly.yaml`), as
 * `app.contract`, `apifn routes` and the startup log give it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ContractReport } from "@apifn/core";
 *
 * const report: ContractReport = {
 *   apis: [{ name: "books@v1", file: "openapi.yaml" }],
 *   document: { openapi: "3.1.0", info: { title: "Books", version: "1.0.0" } },
 *   withoutFunction: [],
 *   withoutOperation: [{ method: "GET", path: "/api/health", file: "@api/health.get.ts" }],
 * };
 * assert.equal(report.withoutOperation.length, 1);
 * ```
 */
export interface ContractReport {
  /** The descriptions (`apis:` in `redocly.yaml`). */
  apis: Array<{ name: string; file: string }>;
  /** The first description, dereferenced (`dev` serves it at `/_apifn/openapi.json`). */
  document: OpenApiDocument;
  /** Operations no function serves (`mocked`: answered from the description's examples). */
  withoutFunction: Array<
    { api: string; method: string; path: string; pointer: string; mocked: boolean }
  >;
  /** Functions no operation describes (`*`: a method-less file none of whose methods is). */
  withoutOperation: Array<{ method: string; path: string; file: string }>;
}

/** How the operations and the routes met. */
export interface ContractMatch {
  /** The operations each function file serves, by file (relative to the root). */
  byFile: Map<string, FileOperation[]>;
  /** Operations with no function. */
  missing: DescribedOperation[];
  /** Functions with no operation. */
  unmatched: ContractReport["withoutOperation"];
  /** An operation described twice (the first description wins). */
  warnings: string[];
}

/**
 * Matches operations to routes.
 *
 * @param operations The operations of every description, in order.
 * @param routes The routes, as `app.routes` gives them.
 * @returns The match.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { matchContract } from "./contract.ts";
 *
 * const described = {
 *   api: "notes", file: "openapi.yaml", pointer: "#/paths/~1notes~1{noteId}/get",
 *   method: "GET" as const, path: "/api/notes/{noteId}", key: "/api/notes/{}", params: ["noteId"],
 *   operation: {},
 * };
 * const match = matchContract([described], [
 *   { method: "GET", path: "/api/notes/[id]", file: "@api/notes/[id].get.ts" },
 *   { method: "GET", path: "/api/health", file: "@api/health.get.ts" },
 * ]);
 * assert.deepEqual(match.byFile.get("@api/notes/[id].get.ts")?.[0]?.params, [{ name: "id", kind: "param" }]);
 * assert.deepEqual(match.unmatched, [{ method: "GET", path: "/api/health", file: "@api/health.get.ts" }]);
 * assert.deepEqual(match.missing, []);
 * ```
 */
export function matchContract(
  operations: readonly DescribedOperation[],
  routes: readonly RouteInfo[],
): ContractMatch {
  const described = new Map<string, DescribedOperation>();
  const warnings: string[] = [];
  for (const operation of operations) {
    const id = `${operation.method} ${operation.key}`;
    const first = described.get(id);
    if (first === undefined) described.set(id, operation);
    else {
      warnings.push(
        `${operation.method} ${operation.path} is described by '${first.api}' and ` +
          `'${operation.api}': the first one is used`,
      );
    }
  }
  const byFile = new Map<string, FileOperation[]>();
  const served = new Set<DescribedOperation>();
  const unmatched: ContractReport["withoutOperation"] = [];
  const methodless = new Map<string, { path: string; file: string; served: boolean }>();
  for (const entry of listPathOperations(routes)) {
    const found = described.get(`${entry.method} ${entry.path.key}`);
    const { file } = entry.route;
    if (entry.route.method === "*") {
      const id = `${file} ${entry.path.key}`;
      const group = methodless.get(id) ?? { path: entry.path.template, file, served: false };
      group.served ||= found !== undefined;
      methodless.set(id, group);
    } else if (found === undefined) {
      unmatched.push({ method: entry.method, path: entry.path.template, file });
    }
    if (found === undefined) continue;
    served.add(found);
    const list = byFile.get(file) ?? [];
    list.push({ described: found, method: entry.method, params: entry.params });
    byFile.set(file, list);
  }
  for (const group of methodless.values()) {
    if (!group.served) unmatched.push({ method: "*", path: group.path, file: group.file });
  }
  const missing = [...described.values()].filter((operation) => !served.has(operation));
  return { byFile, missing, unmatched, warnings };
}
