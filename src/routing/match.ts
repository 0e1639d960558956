/**
 * The segment trie behind {@linkcode RouteTable.match}. Static children live in a `Map`, so a
 * lookup does not slow down as routes are added.
 *
 * @module
 */

import { METHODS } from "./method.ts";
import type { MatchResult, Route, RouteTable } from "./route_types.ts";
import { buildTrie, type Compiled, type Endpoint, METHOD_INDEX, type TrieNode } from "./trie.ts";

/** Per-match search state. */
interface Search {
  segments: string[];
  /** Index of the method in `METHODS`, or -1. */
  method: number;
  /** Values of the dynamic segments on the current branch. */
  captures: (string | string[])[];
  /** Union of the `allow` bits of patterns that matched the path but not the method. */
  allow: number;
}

const GET = METHODS.indexOf("GET");
const HEAD = METHODS.indexOf("HEAD");
/** `Allow` header values by bit mask over `METHODS`. */
const ALLOW: readonly string[] = Array.from(
  { length: 1 << METHODS.length },
  (_, mask) => METHODS.filter((_, i) => mask & (1 << i)).join(", "),
);
const SLASH = 47;
const NOT_FOUND = Object.freeze({ kind: "not-found" } as const);

/**
 * Builds the `match` function of a route table from routes free of conflicts.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMatcher } from "./match.ts";
 *
 * const match = createMatcher([
 *   { method: "GET", segments: [{ type: "rest", name: "path" }], file: "[...path].get.ts", data: 0, path: "/[...path]" },
 * ]);
 * const result = match("HEAD", "/a/b");
 * assert.deepEqual(result.kind === "route" && result.params, { path: ["a", "b"] });
 * ```
 */
export function createMatcher<T>(routes: readonly Route<T>[]): RouteTable<T>["match"] {
  const { root, exact } = buildTrie(routes);
  return function match(method: string, pathname: string): MatchResult<T> {
    const methodIndex = METHOD_INDEX.get(method) ?? -1;
    const escaped = pathname.includes("%");
    // Fast path: a path without escapes that names a fully static pattern, which outranks any
    // other pattern; when it lacks the method, the full search below also collects `allow`.
    if (!escaped) {
      const last = pathname.length - 1;
      // One trailing slash is dropped, unless it follows another one (`//` is an empty segment).
      const trailing = last > 0 && pathname.charCodeAt(last) === SLASH &&
        pathname.charCodeAt(last - 1) !== SLASH;
      const endpoint = exact.get(trailing ? pathname.slice(0, last) : pathname);
      const found = endpoint && routeFor(endpoint, methodIndex);
      if (found) return { kind: "route", route: found.route, params: {} };
    }
    const segments = splitPath(pathname, escaped);
    if (segments === undefined) return NOT_FOUND;
    if (typeof segments === "string") return { kind: "bad-request", message: segments };
    const search: Search = { segments, method: methodIndex, captures: [], allow: 0 };
    const found = find(root, 0, search);
    if (found !== undefined) {
      const params: Record<string, string | string[]> = {};
      const { names } = found;
      for (let i = 0; i < names.length; i++) params[names[i]!] = search.captures[i]!;
      return { kind: "route", route: found.route, params };
    }
    if (search.allow === 0) return NOT_FOUND;
    const allow = ALLOW[search.allow]!;
    return method === "OPTIONS"
      ? { kind: "options", allow }
      : { kind: "method-not-allowed", allow };
  };
}

/**
 * Splits a raw pathname on `/` into segments, decoding those with escapes when `escaped`;
 * `undefined` when it can match nothing (no leading `/`, or an empty segment other than one
 * trailing slash), a message string for a malformed escape.
 */
function splitPath(pathname: string, escaped: boolean): string[] | string | undefined {
  if (pathname.charCodeAt(0) !== SLASH) return undefined;
  const length = pathname.length;
  if (length === 1) return [];
  const end = pathname.charCodeAt(length - 1) === SLASH ? length - 1 : length;
  const segments: string[] = [];
  let start = 1;
  while (true) {
    let slash = pathname.indexOf("/", start);
    if (slash === -1 || slash > end) slash = end;
    if (slash === start) return undefined;
    const segment = pathname.slice(start, slash);
    if (escaped && segment.includes("%")) {
      try {
        segments.push(decodeURIComponent(segment));
      } catch {
        const shown = segment.length > 60 ? `${segment.slice(0, 60)}…` : segment;
        return `Cannot decode path segment '${shown}': malformed percent-encoding`;
      }
    } else {
      segments.push(segment);
    }
    if (slash === end) return segments;
    start = slash + 1;
  }
}

/** Depth-first search in precedence order; returns the first route that handles the method. */
function find<T>(node: TrieNode<T>, index: number, search: Search): Compiled<T> | undefined {
  const { segments, captures } = search;
  let found: Compiled<T> | undefined;
  if (index === segments.length) {
    if (node.end !== undefined && (found = pick(node.end, search)) !== undefined) return found;
    if (node.optionalRest !== undefined) {
      captures.push([]);
      if ((found = pick(node.optionalRest, search)) !== undefined) return found;
      captures.pop();
    }
    return undefined;
  }
  const segment = segments[index]!;
  const child = node.statics?.get(segment);
  if (child !== undefined && (found = find(child, index + 1, search)) !== undefined) return found;
  if (node.param !== undefined) {
    captures.push(segment);
    if ((found = find(node.param, index + 1, search)) !== undefined) return found;
    captures.pop();
  }
  if (node.rest === undefined && node.optionalRest === undefined) return undefined;
  const rest = segments.slice(index);
  captures.push(rest);
  if (node.rest !== undefined && (found = pick(node.rest, search)) !== undefined) return found;
  if (node.optionalRest !== undefined && (found = pick(node.optionalRest, search)) !== undefined) {
    return found;
  }
  captures.pop();
  return undefined;
}

/** The pattern's route for the method, or else records the pattern's methods for `Allow`. */
function pick<T>(endpoint: Endpoint<T>, search: Search): Compiled<T> | undefined {
  const found = routeFor(endpoint, search.method);
  if (found === undefined) search.allow |= endpoint.allow;
  return found;
}

/** The pattern's route for a method index: its own, else GET for HEAD, else the method-less one. */
function routeFor<T>(endpoint: Endpoint<T>, method: number): Compiled<T> | undefined {
  if (method >= 0) {
    const own = endpoint.byMethod[method] ?? (method === HEAD ? endpoint.byMethod[GET] : undefined);
    if (own !== undefined) return own;
  }
  return endpoint.any;
}
