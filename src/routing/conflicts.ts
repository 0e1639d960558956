/**
 * Finds route definitions that would answer the same request: same method and same pattern.
 *
 * @module
 */

import type { Method } from "./method.ts";
import { formatSegments, type Segment } from "./segment.ts";

/**
 * Lists conflicts between definitions, one line per conflict, naming every file involved.
 *
 * Two definitions conflict when they have the same method (or both none) and the same pattern
 * with parameter names ignored: `x.get.ts` and `x/index.get.ts`, `[a].get.ts` and `[b].get.ts`,
 * or one route in two folders. A method file beside a method-less file is not a conflict.
 * Lines and the files in each line are sorted, so the report does not depend on input order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { findRouteConflicts } from "./conflicts.ts";
 *
 * const conflicts = findRouteConflicts([
 *   { method: "GET", segments: [{ type: "param", name: "a" }], file: "[a].get.ts" },
 *   { method: "GET", segments: [{ type: "param", name: "b" }], file: "[b].get.ts" },
 *   { method: null, segments: [{ type: "param", name: "c" }], file: "[c].ts" },
 * ]);
 * assert.deepEqual(conflicts, ["GET /[a]: '[a].get.ts', '[b].get.ts' (as /[b])"]);
 * ```
 */
export function findRouteConflicts(
  definitions: readonly { method: Method | null; segments: readonly Segment[]; file: string }[],
): string[] {
  const groups = new Map<string, (typeof definitions)[number][]>();
  for (const definition of definitions) {
    const key = `${definition.method ?? "*"} ${patternKey(definition.segments)}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [definition]);
    else group.push(definition);
  }
  const conflicts: string[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    group.sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    const first = group[0]!;
    const path = formatSegments(first.segments);
    const files = group.map((definition) => {
      const own = formatSegments(definition.segments);
      return own === path ? `'${definition.file}'` : `'${definition.file}' (as ${own})`;
    });
    conflicts.push(`${first.method ?? "ANY"} ${path}: ${files.join(", ")}`);
  }
  return conflicts.sort();
}

/** A key equal for patterns that match the same paths: parameter names are left out. */
function patternKey(segments: readonly Segment[]): string {
  return JSON.stringify(
    segments.map((segment) => segment.type === "static" ? segment.value : [segment.type]),
  );
}
