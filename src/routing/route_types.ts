/**
 * The types of a route table: a route as defined and as compiled, the table, and the outcome of a
 * match. Kept apart from `table.ts` so the trie and the matcher it builds can use them.
 *
 * @module
 */

import type { Method } from "./method.ts";
import type { Segment } from "./segment.ts";

/**
 * One route to add to a table: a method (`null`: every method), URL segments, the file that
 * defines it and caller data (e.g. the loaded handler).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { RouteDefinition } from "./route_types.ts";
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
 * import type { MatchResult } from "./route_types.ts";
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
