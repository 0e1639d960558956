/**
 * The route table: route definitions compiled into a segment trie that matches
 * `(method, pathname)` to a route and its params, or to 404/405/OPTIONS/400 outcomes. Its types
 * live in `route_types.ts` (the trie and the matcher need them too) and are re-exported here.
 *
 * @module
 */

import { findRouteConflicts } from "./conflicts.ts";
import { createMatcher } from "./match.ts";
import { METHODS } from "./method.ts";
import { compareRoutes } from "./order.ts";
import type { Route, RouteDefinition, RouteTable } from "./route_types.ts";
import { checkSegments, formatSegments } from "./segment.ts";

export type { MatchResult, Route, RouteDefinition, RouteTable } from "./route_types.ts";

/**
 * Compiles route definitions into a {@linkcode RouteTable}.
 *
 * Precedence, per segment and regardless of definition order: static, then `[param]`, then
 * `[...rest]`, then `[[...rest]]`, backtracking when a branch matches no route. A pattern
 * answers method M with its M file, else (HEAD) its GET file, else its method-less file; when
 * it has none, the next matching pattern is tried. A path matched by patterns that all lack M
 * gives `method-not-allowed` (`options` for OPTIONS) with their methods in `allow`.
 *
 * The pathname is split on `/`, then each segment is decoded once with `decodeURIComponent`,
 * so `%2F` stays inside one segment. One trailing slash is ignored; empty segments match
 * nothing; matching is case-sensitive; methods are upper case (`"get"` is an unknown method,
 * served only by method-less files).
 *
 * @throws {Error} `Cannot build route table: N route conflicts`, then one line per conflict
 * naming every file, when two definitions have the same method (or both none) and the same
 * pattern, ignoring parameter names.
 * @throws {TypeError} When a definition has an unknown method or invalid segments.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRouteTable } from "./table.ts";
 *
 * const table = createRouteTable([
 *   { method: "GET", segments: [{ type: "static", value: "notes" }], file: "notes.get.ts", data: "list" },
 *   { method: "GET", segments: [{ type: "static", value: "notes" }, { type: "param", name: "id" }], file: "notes/[id].get.ts", data: "one" },
 * ]);
 * const found = table.match("GET", "/notes/a%2Fb");
 * assert.equal(found.kind === "route" && found.route.data, "one");
 * assert.deepEqual(found.kind === "route" && found.params, { id: "a/b" });
 * assert.deepEqual(table.match("POST", "/notes"), {
 *   kind: "method-not-allowed",
 *   allow: "GET, HEAD, OPTIONS",
 * });
 * ```
 */
export function createRouteTable<T>(definitions: Iterable<RouteDefinition<T>>): RouteTable<T> {
  const list = [...definitions];
  for (const definition of list) checkDefinition(definition);
  const conflicts = findRouteConflicts(list);
  if (conflicts.length > 0) {
    const count = `${conflicts.length} route conflict${conflicts.length === 1 ? "" : "s"}`;
    throw new Error(
      [`Cannot build route table: ${count}`, ...conflicts.map((c) => `  ${c}`)].join("\n"),
    );
  }
  const routes: Route<T>[] = list.map((definition) => {
    const segments = definition.segments.map((segment) => Object.freeze({ ...segment }));
    return {
      method: definition.method,
      segments,
      file: definition.file,
      data: definition.data,
      path: formatSegments(segments),
    };
  });
  routes.sort(compareRoutes);
  Object.freeze(routes);
  return { routes, match: createMatcher(routes) };
}

function checkDefinition(definition: RouteDefinition<unknown>): void {
  const { method, segments, file } = definition;
  let problem: string | undefined;
  if (method !== null && !(METHODS as readonly unknown[]).includes(method)) {
    problem = `unknown method '${method}'`;
  } else if (!Array.isArray(segments)) {
    problem = "segments is not an array";
  } else {
    problem = checkSegments(segments);
  }
  if (problem !== undefined) throw new TypeError(`Cannot add route from '${file}': ${problem}`);
}
