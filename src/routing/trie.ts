/**
 * The segment trie compiled from routes: one node per URL position, static children in a `Map`,
 * and at most one `[param]` child, one `[...rest]` and one `[[...rest]]` pattern per node.
 *
 * @module
 */

import { METHODS } from "./method.ts";
import { formatSegments } from "./segment.ts";
import type { Route } from "./route_types.ts";

/**
 * The routes of one pattern (parameter names ignored), by method.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTrie } from "./trie.ts";
 *
 * const { root } = buildTrie([{ method: "GET", segments: [], file: "index.get.ts", data: 0, path: "/" }]);
 * assert.equal(root.end?.byMethod[0]?.route.file, "index.get.ts");
 * ```
 */
export interface Endpoint<T> {
  /** Routes by index in `METHODS`. */
  byMethod: (Compiled<T> | undefined)[];
  /** The method-less route. */
  any: Compiled<T> | undefined;
  /** `Allow` bits: own methods, HEAD when GET, OPTIONS. */
  allow: number;
}

/**
 * A route with the names of its dynamic segments, in order, to build `params` from captures.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTrie } from "./trie.ts";
 *
 * const { root } = buildTrie([
 *   { method: null, segments: [{ type: "param", name: "id" }], file: "[id].ts", data: 0, path: "/[id]" },
 * ]);
 * assert.deepEqual(root.param?.end?.any?.names, ["id"]);
 * ```
 */
export interface Compiled<T> {
  /** The route. */
  route: Route<T>;
  /** Names of the dynamic segments, in order. */
  names: string[];
}

/**
 * One URL position: static children by decoded value, the `[param]` child, and the patterns
 * ending here (`end`) or with a catch-all from here (`rest`, `optionalRest`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTrie } from "./trie.ts";
 *
 * const { root } = buildTrie([
 *   { method: "POST", segments: [{ type: "static", value: "a" }], file: "a.post.ts", data: 0, path: "/a" },
 * ]);
 * assert.equal(root.statics?.get("a")?.end?.allow, 0b1000010); // POST, OPTIONS
 * ```
 */
export interface TrieNode<T> {
  /** Children for static segments, by decoded value. */
  statics: Map<string, TrieNode<T>> | undefined;
  /** The child for a `[param]` segment (all parameter names share it). */
  param: TrieNode<T> | undefined;
  /** The pattern ending with `[...rest]` here (one or more segments). */
  rest: Endpoint<T> | undefined;
  /** The pattern ending with `[[...rest]]` here (zero or more segments). */
  optionalRest: Endpoint<T> | undefined;
  /** The pattern ending exactly here. */
  end: Endpoint<T> | undefined;
}

/**
 * The index of each method in `METHODS` (the bit of the method in `allow` masks).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { METHOD_INDEX } from "./trie.ts";
 *
 * assert.equal(METHOD_INDEX.get("POST"), 1);
 * assert.equal(METHOD_INDEX.get("PROPFIND"), undefined);
 * ```
 */
export const METHOD_INDEX: ReadonlyMap<string, number> = new Map(METHODS.map((m, i) => [m, i]));
const GET = METHODS.indexOf("GET");
const HEAD = METHODS.indexOf("HEAD");
const OPTIONS = METHODS.indexOf("OPTIONS");

/**
 * Builds the trie of conflict-free routes (checked by the table beforehand), plus `exact`:
 * the endpoints of fully static patterns by display path (`/api/notes`), for a fast path.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { buildTrie } from "./trie.ts";
 *
 * const { root } = buildTrie([
 *   { method: null, segments: [{ type: "rest", name: "all" }], file: "[...all].ts", data: 0, path: "/[...all]" },
 * ]);
 * assert.equal(root.rest?.any?.route.file, "[...all].ts");
 *
 * const { exact } = buildTrie([
 *   { method: "GET", segments: [{ type: "static", value: "a" }], file: "a.get.ts", data: 0, path: "/a" },
 * ]);
 * assert.equal(exact.get("/a")?.byMethod[0]?.route.file, "a.get.ts");
 * ```
 */
export function buildTrie<T>(
  routes: readonly Route<T>[],
): { root: TrieNode<T>; exact: Map<string, Endpoint<T>> } {
  const root = createNode<T>();
  const exact = new Map<string, Endpoint<T>>();
  for (const route of routes) {
    const endpoint = insert(root, route);
    if (route.segments.every((segment) => segment.type === "static")) {
      exact.set(formatSegments(route.segments), endpoint);
    }
  }
  return { root, exact };
}

/** Adds a route; returns the endpoint of its pattern. */
function insert<T>(root: TrieNode<T>, route: Route<T>): Endpoint<T> {
  let node = root;
  const names: string[] = [];
  let endpoint: Endpoint<T> | undefined;
  for (const segment of route.segments) {
    if (segment.type === "static") {
      node.statics ??= new Map();
      let child = node.statics.get(segment.value);
      if (child === undefined) node.statics.set(segment.value, child = createNode());
      node = child;
      continue;
    }
    names.push(segment.name);
    if (segment.type === "param") node = node.param ??= createNode();
    else if (segment.type === "rest") endpoint = node.rest ??= createEndpoint();
    else endpoint = node.optionalRest ??= createEndpoint();
  }
  endpoint ??= node.end ??= createEndpoint();
  const compiled = { route, names };
  if (route.method === null) {
    endpoint.any = compiled;
    return endpoint;
  }
  const index = METHOD_INDEX.get(route.method)!;
  endpoint.byMethod[index] = compiled;
  endpoint.allow |= 1 << index;
  if (index === GET) endpoint.allow |= 1 << HEAD;
  return endpoint;
}

function createNode<T>(): TrieNode<T> {
  return {
    statics: undefined,
    param: undefined,
    rest: undefined,
    optionalRest: undefined,
    end: undefined,
  };
}

function createEndpoint<T>(): Endpoint<T> {
  return {
    byMethod: new Array(METHODS.length).fill(undefined),
    any: undefined,
    allow: 1 << OPTIONS,
  };
}
