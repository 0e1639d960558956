/**
 * The patterns that key access rules: function file globs (`@api/admin/**`) and URL globs
 * (`/api/reports/*`), how they match, and how specific each one is.
 *
 * @module
 */

/** A compiled access-rule pattern. */
export interface AccessPattern {
  /** The key as written. */
  readonly key: string;
  /** `url` for keys that start with `/`, else `file`. */
  readonly kind: "url" | "file";
  /** No `*` anywhere. */
  readonly exact: boolean;
  /** Characters before the first `*` (the whole key when exact). */
  readonly literalPrefix: number;
  /** Number of `**` segments. */
  readonly deep: number;
  /** Number of other `*`. */
  readonly single: number;
  /** Whether the pattern matches a path given as segments. */
  test(segments: readonly string[]): boolean;
}

type SegmentMatcher = "**" | string | ((segment: string) => boolean);

/**
 * Compiles a rule key. Keys starting with `/` are URL patterns matched against the request's
 * decoded path segments (one trailing slash ignored); other keys are file patterns matched
 * against the function file's path relative to the project root (a leading `./` ignored).
 * `*` matches any characters within one segment, `**` (a whole segment) any number of
 * segments, including none; everything else is literal (so `[id]` is the file name's brackets).
 * Throws a `TypeError` for empty keys, empty segments and `**` inside a segment.
 *
 * @param key The rule key.
 * @returns The pattern.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessPattern } from "./access_pattern.ts";
 *
 * const admin = compileAccessPattern("@api/admin/**");
 * assert.equal(admin.kind, "file");
 * assert.equal(admin.test(["@api", "admin", "users", "[id].get.ts"]), true);
 * assert.equal(admin.test(["@api", "administrators.ts"]), false);
 * const reports = compileAccessPattern("/api/reports/*");
 * assert.equal(reports.test(["api", "reports", "q1"]), true);
 * assert.equal(reports.test(["api", "reports", "q1", "x"]), false);
 * ```
 */
export function compileAccessPattern(key: string): AccessPattern {
  const fail = (why: string) => new TypeError(`Cannot read access rule '${key}': ${why}`);
  if (typeof key !== "string" || key.trim() === "") throw fail("the key is empty");
  const kind = key.startsWith("/") ? "url" : "file";
  let body = kind === "url" ? key.slice(1) : key.replace(/^\.\//, "");
  if (kind === "url" && body.endsWith("/")) body = body.slice(0, -1);
  const parts = body === "" ? [] : body.split("/");
  const matchers: SegmentMatcher[] = parts.map((part) => {
    if (part === "") throw fail("it has an empty path segment");
    if (part === "**") return "**";
    if (part.includes("**")) throw fail("'**' must be a whole path segment");
    return part.includes("*") ? charGlob(part) : part;
  });
  const star = key.indexOf("*");
  const deep = parts.filter((part) => part === "**").length;
  const single = parts.reduce((n, part) => part === "**" ? n : n + part.split("*").length - 1, 0);
  return Object.freeze({
    key,
    kind,
    exact: star === -1,
    literalPrefix: star === -1 ? key.length : star,
    deep,
    single,
    test: (segments: readonly string[]) => matchSegments(matchers, segments),
  });
}

/** Greedy wildcard matching with one backtrack point: O(n·m), no exponential blow-up. */
function matchSegments(pattern: readonly SegmentMatcher[], segments: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let starP = -1;
  let starS = 0;
  while (s < segments.length) {
    const matcher = pattern[p];
    if (matcher === "**") {
      starP = p++;
      starS = s;
    } else if (matcher !== undefined && matchOne(matcher, segments[s]!)) {
      p++;
      s++;
    } else if (starP !== -1) {
      p = starP + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (pattern[p] === "**") p++;
  return p === pattern.length;
}

function matchOne(matcher: SegmentMatcher, segment: string): boolean {
  return typeof matcher === "string" ? matcher === segment : matcher(segment);
}

/** A matcher for one segment with `*` wildcards (same greedy algorithm over characters). */
function charGlob(pattern: string): (text: string) => boolean {
  return (text) => {
    let p = 0;
    let t = 0;
    let starP = -1;
    let starT = 0;
    while (t < text.length) {
      if (pattern[p] === "*") {
        starP = p++;
        starT = t;
      } else if (p < pattern.length && pattern[p] === text[t]) {
        p++;
        t++;
      } else if (starP !== -1) {
        p = starP + 1;
        t = ++starT;
      } else {
        return false;
      }
    }
    while (pattern[p] === "*") p++;
    return p === pattern.length;
  };
}

/**
 * Orders patterns from most to least specific: exact URLs, then exact files, then wildcard
 * patterns by longer literal prefix (characters before the first `*`), then fewer `**`, then
 * fewer `*`, then URL before file. Returns a negative number when `a` is more specific.
 *
 * @param a A pattern.
 * @param b Another pattern.
 * @returns The comparison.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compareSpecificity, compileAccessPattern } from "./access_pattern.ts";
 *
 * const keys = ["**", "@api/admin/**", "/api/admin/stats", "@api/admin/stats.get.ts", "@api/*"];
 * const sorted = keys.map(compileAccessPattern).sort(compareSpecificity).map((p) => p.key);
 * assert.deepEqual(sorted, [
 *   "/api/admin/stats",
 *   "@api/admin/stats.get.ts",
 *   "@api/admin/**",
 *   "@api/*",
 *   "**",
 * ]);
 * ```
 */
export function compareSpecificity(a: AccessPattern, b: AccessPattern): number {
  return rank(a) - rank(b) || b.literalPrefix - a.literalPrefix || a.deep - b.deep ||
    a.single - b.single || (a.kind === b.kind ? 0 : a.kind === "url" ? -1 : 1);
}

function rank(pattern: AccessPattern): number {
  if (!pattern.exact) return 2;
  return pattern.kind === "url" ? 0 : 1;
}
