/**
 * Which file answers which method on which OpenAPI path, asked of the real route table, so the
 * document follows the same precedence as requests do (a method file before a method-less one,
 * a static segment before a parameter, HEAD by the GET file).
 *
 * @module
 */
import type { RouteInfo } from "../app/route_info.ts";
import { type Method, METHODS } from "../routing/method.ts";
import { createRouteTable } from "../routing/table.ts";
import {
  parseDisplayPath,
  type PathTemplate,
  type TemplateParam,
  toPathTemplates,
} from "./path_template.ts";

/** One method of one path, and the route that answers it. */
export interface PathOperation {
  /** The path (names from the first route listed on it). */
  path: PathTemplate;
  /** The method, upper case. */
  method: Method;
  /** The route that answers it. */
  route: RouteInfo;
  /** The route's own parameters, in order (names and kinds may differ from the path's). */
  params: TemplateParam[];
}

/**
 * Lists every operation of a route list: each route's paths (two for an optional catch-all),
 * and on each path the methods whose answer comes from a route listed on that path. A
 * method-less file gets every method its path does not give to a method file; HEAD is listed
 * only where a HEAD or method-less file answers it (not the GET file's automatic HEAD), OPTIONS
 * only where a file answers it.
 *
 * @param routes The routes, as `app.routes` gives them.
 * @returns The operations, sorted by path, then method.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listPathOperations } from "./path_operations.ts";
 *
 * const operations = listPathOperations([
 *   { method: "GET", path: "/api/echo", file: "@api/echo.get.ts" },
 *   { method: "*", path: "/api/echo", file: "@api/echo.ts" },
 * ]);
 * assert.deepEqual(operations.map((o) => `${o.method} ${o.route.file}`), [
 *   "GET @api/echo.get.ts",
 *   "POST @api/echo.ts",
 *   "PUT @api/echo.ts",
 *   "PATCH @api/echo.ts",
 *   "DELETE @api/echo.ts",
 *   "OPTIONS @api/echo.ts",
 * ]);
 * ```
 */
export function listPathOperations(routes: readonly RouteInfo[]): PathOperation[] {
  const table = createRouteTable(routes.map((route) => ({
    method: route.method === "*" ? null : route.method as Method,
    segments: parseDisplayPath(route.path),
    file: route.file,
    data: route,
  })));
  const keysOf = new Map<RouteInfo, Set<string>>();
  const paths = new Map<string, PathTemplate>();
  for (const { data } of table.routes) {
    const templates = toPathTemplates(data.path);
    keysOf.set(data, new Set(templates.map((t) => t.key)));
    for (const template of templates) {
      if (!paths.has(template.key)) paths.set(template.key, template);
    }
  }
  const operations: PathOperation[] = [];
  const sorted = [...paths.values()].sort((a, b) => compare(a.template, b.template));
  for (const path of sorted) {
    for (const method of METHODS) {
      // The template itself is a path the table matches: `{id}` is a segment like any other.
      const match = table.match(method, path.template);
      if (match.kind !== "route") continue;
      const route = match.route.data;
      if (!keysOf.get(route)?.has(path.key)) continue;
      if (method === "HEAD" && route.method === "GET") continue;
      const own = toPathTemplates(route.path).find((t) => t.key === path.key)!;
      operations.push({ path, method, route, params: own.params });
    }
  }
  return operations;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
