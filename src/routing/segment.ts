/**
 * URL pattern segments shared by file-name parsing, scanning and the route table.
 *
 * @module
 */

/**
 * One segment of a route pattern: a literal, `[name]` (one segment), `[...name]` (one or
 * more segments) or `[[...name]]` (zero or more segments).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Segment } from "./segment.ts";
 *
 * const segments: Segment[] = [{ type: "static", value: "notes" }, { type: "param", name: "id" }];
 * assert.equal(segments.length, 2);
 * ```
 */
export type Segment =
  | { type: "static"; value: string }
  | { type: "param"; name: string }
  | { type: "rest"; name: string }
  | { type: "optional-rest"; name: string };

const PARAM_NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/**
 * Formats segments as the display path of a route, e.g. `/api/notes/[id]`; no segments give `/`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSegments } from "./segment.ts";
 *
 * assert.equal(formatSegments([]), "/");
 * assert.equal(
 *   formatSegments([{ type: "static", value: "x" }, { type: "optional-rest", name: "rest" }]),
 *   "/x/[[...rest]]",
 * );
 * ```
 */
export function formatSegments(segments: readonly Segment[]): string {
  if (segments.length === 0) return "/";
  let path = "";
  for (const segment of segments) path += "/" + formatSegment(segment);
  return path;
}

/**
 * Formats one segment as it is written in a file name: `notes`, `[id]`, `[...rest]`, `[[...rest]]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSegment } from "./segment.ts";
 *
 * assert.equal(formatSegment({ type: "rest", name: "path" }), "[...path]");
 * ```
 */
export function formatSegment(segment: Segment): string {
  switch (segment.type) {
    case "static":
      return segment.value;
    case "param":
      return `[${segment.name}]`;
    case "rest":
      return `[...${segment.name}]`;
    case "optional-rest":
      return `[[...${segment.name}]]`;
  }
}

/**
 * Returns why a list of segments cannot form a route, or `undefined` when it can.
 *
 * Rules: parameter names match `[A-Za-z_$][A-Za-z0-9_$-]*` (not `__proto__`) and are unique,
 * a catch-all is the last segment, and static segments are not empty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkSegments } from "./segment.ts";
 *
 * assert.equal(checkSegments([{ type: "param", name: "id" }]), undefined);
 * assert.equal(
 *   checkSegments([{ type: "rest", name: "a" }, { type: "static", value: "b" }]),
 *   "catch-all '[...a]' must be the last segment",
 * );
 * ```
 */
export function checkSegments(segments: readonly Segment[]): string | undefined {
  const names = new Set<string>();
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.type === "static") {
      if (
        typeof segment.value !== "string" || segment.value === "" || segment.value.includes("/")
      ) {
        return `invalid static segment '${segment.value}': it must be a non-empty string without '/'`;
      }
      continue;
    }
    if (segment.type !== "param" && segment.type !== "rest" && segment.type !== "optional-rest") {
      return `unknown segment type '${(segment as { type: unknown }).type}'`;
    }
    const { name } = segment;
    if (typeof name !== "string" || !PARAM_NAME.test(name)) {
      return `invalid parameter name '${name}' in '${
        formatSegment(segment)
      }': names match [A-Za-z_$][A-Za-z0-9_$-]*`;
    }
    if (name === "__proto__") return `parameter name '__proto__' is reserved`;
    if (names.has(name)) return `parameter name '${name}' is used twice`;
    names.add(name);
    if (segment.type !== "param" && i !== segments.length - 1) {
      return `catch-all '${formatSegment(segment)}' must be the last segment`;
    }
  }
  return undefined;
}
