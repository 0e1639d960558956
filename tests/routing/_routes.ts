/**
 * Helpers for route table tests: tables written as file names, and match results as short text.
 *
 * @module
 */

import { parseRouteFile } from "../../src/routing/filename.ts";
import {
  createRouteTable,
  type RouteDefinition,
  type RouteTable,
} from "../../src/routing/table.ts";

/** A definition from a route file name (relative to a folder); `data` is the file name. */
export function definitionOf(file: string): RouteDefinition<string> {
  const parsed = parseRouteFile(file);
  if (parsed === null) throw new TypeError(`Not a route file: '${file}'`);
  return { ...parsed, file, data: file };
}

/** A route table from route file names. */
export function tableOf(...files: string[]): RouteTable<string> {
  return createRouteTable(files.map(definitionOf));
}

/**
 * A match as text: `file {params}`, `405 <allow>`, `options <allow>`, `404` or `400 <message>`.
 */
export function outcome(table: RouteTable<string>, method: string, pathname: string): string {
  const result = table.match(method, pathname);
  switch (result.kind) {
    case "route":
      assertSameRoute(table, result.route.data);
      return `${result.route.data} ${JSON.stringify(result.params)}`;
    case "options":
      return `options ${result.allow}`;
    case "method-not-allowed":
      return `405 ${result.allow}`;
    case "not-found":
      return "404";
    case "bad-request":
      return `400 ${result.message}`;
  }
}

function assertSameRoute(table: RouteTable<string>, file: string): void {
  if (!table.routes.some((route) => route.data === file)) {
    throw new Error(`Matched a route missing from table.routes: '${file}'`);
  }
}

/** A copy of `items` in a pseudo-random order determined by `seed`. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}
