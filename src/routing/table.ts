/**
 * The route table: route definitions compiled into a segment trie that matches
 * `(method, pathname)` to a route and its params, or to 404/405/OPTIONS/400 outcomes.
 *
 * @module
 */

import { findRouteConflicts } from "./conflicts.ts";
import { createMatcher } from "./match.ts";
import { type Method, METHODS } from "./method.ts";
import { compareRoutes } from "./order.ts";
import { checkSegments, formatSegments, type Segment } from "./segment.ts";

/**
 * One route to add to a table: a method (`null`: every method), URL segments, the file that
 * defines it and caller data (e.g. the loaded handler).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { RouteDefinition } from "./table.ts";
 *
 * const definition: RouteDefinition<string> = {
 *   method: "GET",
 *   segments: [{ type: "static", value: "api" }, { type: "static", value: "notes" }],
 *   file: "/project/@api/notes.get.ts",
 *   data: "list notes",
 * };
 * assert.equal(definition.method, "GET");
 * ```
 */
export interface RouteDefinition<T> {
  /** The method served, or `null` for every method. */
  method: Method | null;
  /** The URL pattern. */
  segments: Segment[];
  /** The file that defines the route, named in conflict messages. */
  file: string;
  /** Caller data returned with the match. */
  data: T;
}

/**
 * A route of a table: its definition plus its display path (`/api/notes/[id]`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRouteTable } from "./table.ts";
 *
 * const table = createRouteTable([
 *   { method: null, segments: [{ type: "param", name: "id" }], file: "/p/[id].ts", data: 1 },
 * ]);
 * assert.equal(table.routes[0]?.path, "/[id]");
 * ```
 */
export interface Route<T> extends RouteDefinition<T> {
  /** The display path, as `formatSegments` writes it. */
  path: string;
}

/**
 * The outcome of {@linkcode RouteTable.match}.
 *
 * - `route`: a handler; `params` maps `[x]` to a string and catch-alls to string arrays.
 * - `options`: OPTIONS on a known path without an OPTIONS handler; answer 204 with `Allow`.
 * - `method-not-allowed`: the path exists for other methods; answer 405 with `Allow`.
 * - `not-found`: no route has this path.
 * - `bad-request`: the path has a malformed percent-escape.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { MatchResult } from "./table.ts";
 *
 * const result: MatchResult<unknown> = { kind: "method-not-allowed", allow: "GET, HEAD, OPTIONS" };
 * assert.equal(result.kind, "method-not-allowed");
 * ```
 */
export type MatchResult<T> =
  | { kind: "route"; route: Route<T>; params: Record<string, string | string[]> }
  | { kind: "options"; allow: string }
  | { kind: "method-not-allowed"; allow: string }
  | { kind: "not-found" }
  | { kind: "bad-request"; message: string };

/**
 * A compiled route table.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRouteTable, type RouteTable } from "./table.ts";
 *
 * const table: RouteTable<null> = createRouteTable([]);
 * assert.deepEqual(table.match("GET", "/"), { kind: "not-found" });
 * ```
 */
export interface RouteTable<T> {
  /** Every route, in match order (precedence order). */
  readonly routes: readonly Route<T>[];
  /** Matches a method and a raw (still percent-encoded) `URL.pathname`. */
  match(method: string, pathname: string): MatchResult<T>;
}

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
