/**
 * The precedence order of routes, as the matcher tries them.
 *
 * @module
 */

import { type Method, METHODS } from "./method.ts";
import { formatSegments, type Segment } from "./segment.ts";

const RANK = { "static": 0, "param": 1, "rest": 2, "optional-rest": 3 } as const;

/**
 * Compares two routes by precedence, for `Array.prototype.sort`.
 *
 * Segment by segment: static before `[param]` before `[...rest]` before `[[...rest]]`
 * (statics alphabetically among themselves, so routes sharing a prefix stay together), a
 * shorter pattern before its longer extensions; then method files (in `METHODS` order) before
 * the method-less file; then by display path and file.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareRoutes } from "./order.ts";
 *
 * const routes = [
 *   { method: null, segments: [{ type: "rest", name: "all" }], file: "[...all].ts" },
 *   { method: null, segments: [{ type: "param", name: "id" }], file: "[id].ts" },
 *   { method: null, segments: [{ type: "static", value: "about" }], file: "about.ts" },
 * ] as const;
 * assert.deepEqual([...routes].sort(compareRoutes).map((route) => route.file), [
 *   "about.ts",
 *   "[id].ts",
 *   "[...all].ts",
 * ]);
 * ```
 */
export function compareRoutes(
  a: { method: Method | null; segments: readonly Segment[]; file: string },
  b: { method: Method | null; segments: readonly Segment[]; file: string },
): number {
  const length = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const x = a.segments[i]!;
    const y = b.segments[i]!;
    if (x.type !== y.type) return RANK[x.type] - RANK[y.type];
    if (x.type === "static" && y.type === "static" && x.value !== y.value) {
      return x.value < y.value ? -1 : 1;
    }
  }
  if (a.segments.length !== b.segments.length) return a.segments.length - b.segments.length;
  const methods = methodRank(a.method) - methodRank(b.method);
  if (methods !== 0) return methods;
  return compareStrings(formatSegments(a.segments), formatSegments(b.segments)) ||
    compareStrings(a.file, b.file);
}

function methodRank(method: Method | null): number {
  return method === null ? METHODS.length : METHODS.indexOf(method);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
