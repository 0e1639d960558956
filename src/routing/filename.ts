/**
 * Parses a route file's path inside a function folder (`notes/[id].get.ts`) into URL segments
 * and an optional method. Pure: no file system access.
 *
 * @module
 */

import { type Method, METHODS } from "./method.ts";
import { checkSegments, type Segment } from "./segment.ts";

/**
 * A route file's URL segments (relative to its function folder) and method (`null`: every
 * method).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ParsedRouteFile } from "./filename.ts";
 *
 * const parsed: ParsedRouteFile = { segments: [{ type: "static", value: "hello" }], method: null };
 * assert.equal(parsed.method, null);
 * ```
 */
export interface ParsedRouteFile {
  /** URL segments relative to the function folder. */
  segments: Segment[];
  /** The method of the file's suffix, or `null` when the file answers every method. */
  method: Method | null;
}

/**
 * Options of {@linkcode parseRouteFile}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ParseRouteFileOptions } from "./filename.ts";
 *
 * const options: ParseRouteFileOptions = { displayPath: "@api/notes.get.ts" };
 * assert.equal(options.displayPath, "@api/notes.get.ts");
 * ```
 */
export interface ParseRouteFileOptions {
  /** The path named in error messages (default: `relativePath`). */
  displayPath?: string;
}

const EXTENSIONS = new Set(["ts", "js", "mts", "mjs", "tsx", "jsx"]);
const DECLARATION_EXTENSIONS = new Set(["ts", "mts"]);
const METHOD_SUFFIXES: ReadonlyMap<string, Method> = new Map(
  METHODS.map((method) => [method.toLowerCase(), method]),
);

/**
 * Parses a route file path, POSIX and relative to its function folder, into URL segments and a
 * method; returns `null` for files that are not routes.
 *
 * Not routes: extensions other than `.ts .js .mts .mjs .tsx .jsx`, declaration files
 * (`.d.ts`, `.d.mts`), tests (`*_test.ts`, `*.test.ts`) and anything under a file or folder
 * whose name starts with `_` or `.`. A lower-case method suffix (`.get`, `.post`, …) restricts
 * the file to that method; other dots stay in the name (`feed.xml.get.ts` → `/feed.xml`).
 * `index` maps to its folder. `[id]`, `[...rest]` and `[[...rest]]` are dynamic segments, in
 * file and folder names.
 *
 * @throws {SyntaxError} `Cannot parse route file '<path>': <reason>` when a name cannot be
 * parsed, e.g. two parameters in one segment (`[a][b].ts`), static text beside a
 * parameter (`foo-[id].ts`), or a `\` or control character (U+0000–U+001F, U+007F) in a file
 * or folder name (shown escaped as `\uXXXX`).
 * @throws {TypeError} When the path is empty or has empty components (`a//b.ts`, `/a.ts`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRouteFile } from "./filename.ts";
 *
 * assert.deepEqual(parseRouteFile("notes/[id].get.ts"), {
 *   segments: [{ type: "static", value: "notes" }, { type: "param", name: "id" }],
 *   method: "GET",
 * });
 * assert.deepEqual(parseRouteFile("index.ts"), { segments: [], method: null });
 * assert.equal(parseRouteFile("_util.ts"), null);
 * assert.throws(() => parseRouteFile("[a][b].ts"), SyntaxError);
 * ```
 */
export function parseRouteFile(
  relativePath: string,
  options: ParseRouteFileOptions = {},
): ParsedRouteFile | null {
  const display = options.displayPath ?? relativePath;
  if (typeof relativePath !== "string") {
    throw new TypeError(`Cannot parse route file '${display}': path is not a string`);
  }
  const parts = relativePath.split("/");
  if (parts.includes("")) {
    throw new TypeError(
      `Cannot parse route file '${display}': path must be relative, with no empty components`,
    );
  }
  for (const part of parts) {
    if (part.startsWith("_") || part.startsWith(".")) return null;
  }
  const fileName = parts.pop()!;
  const stem = routeStem(fileName);
  if (stem === null) return null;
  for (const part of [...parts, fileName]) {
    const problem = unsafeName(part);
    if (problem !== undefined) {
      throw new SyntaxError(`Cannot parse route file '${printable(display)}': ${problem}`);
    }
  }
  let name = stem;
  let method: Method | null = null;
  const dot = stem.lastIndexOf(".");
  const suffixMethod = dot > 0 ? METHOD_SUFFIXES.get(stem.slice(dot + 1)) : undefined;
  if (suffixMethod !== undefined) {
    name = stem.slice(0, dot);
    method = suffixMethod;
  }
  if (name !== "index") parts.push(name);
  const segments: Segment[] = [];
  try {
    for (const part of parts) segments.push(parseSegment(part));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new SyntaxError(`Cannot parse route file '${display}': ${error.message}`);
  }
  const problem = checkSegments(segments);
  if (problem !== undefined) {
    throw new SyntaxError(`Cannot parse route file '${display}': ${problem}`);
  }
  return { segments, method };
}

/**
 * Why a file or folder name cannot be part of a route, or `undefined`. A `\` is a separator
 * on Windows and turns into `/` in URLs, so `b\c.ts` could be taken for `b/c.ts`; control
 * characters cannot be typed or shown.
 */
function unsafeName(part: string): string | undefined {
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (code === 0x5c) return `a backslash in the name '${printable(part)}'`;
    if (code < 0x20 || code === 0x7f) {
      return `a control character (U+${hex(code)}) in the name '${printable(part)}'`;
    }
  }
  return undefined;
}

function hex(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, "0");
}

/** `text` with control characters written as `\uXXXX` (safe to print). */
function printable(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\u${hex(code)}` : char;
  }
  return out;
}

/** The file name without its extension, or `null` when the file is not a route module. */
function routeStem(fileName: string): string | null {
  const dot = fileName.lastIndexOf(".");
  if (dot <= 0) return null;
  const extension = fileName.slice(dot + 1);
  if (!EXTENSIONS.has(extension)) return null;
  const stem = fileName.slice(0, dot);
  if (stem.endsWith(".d") && DECLARATION_EXTENSIONS.has(extension)) return null;
  if (stem.endsWith("_test") || stem.endsWith(".test")) return null;
  return stem;
}

/** Parses one file or folder name; throws a `SyntaxError` whose message is the reason. */
function parseSegment(text: string): Segment {
  let depth = 0;
  let groups = 0;
  let groupStart = -1;
  let groupEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "[") {
      if (depth === 0) {
        groups++;
        groupStart = i;
      }
      depth++;
    } else if (char === "]") {
      depth--;
      if (depth < 0) throw new SyntaxError(`unbalanced brackets in '${text}'`);
      if (depth === 0) groupEnd = i + 1;
    }
  }
  if (depth !== 0) throw new SyntaxError(`unbalanced brackets in '${text}'`);
  if (groups === 0) return { type: "static", value: text };
  if (groups > 1) throw new SyntaxError("two parameters in one segment");
  if (groupStart !== 0 || groupEnd !== text.length) {
    throw new SyntaxError(
      `static text beside a parameter in '${text}': a parameter must be the whole segment`,
    );
  }
  if (text.startsWith("[[") && text.endsWith("]]")) {
    const inner = paramName(text.slice(2, -2), text);
    if (inner.startsWith("...")) {
      return { type: "optional-rest", name: paramName(inner.slice(3), text) };
    }
    throw new SyntaxError(
      `optional parameter '${text}' is not supported: only a catch-all can be optional, as in '[[...${inner}]]'`,
    );
  }
  const inner = text.slice(1, -1);
  if (inner.startsWith("...")) return { type: "rest", name: paramName(inner.slice(3), text) };
  return { type: "param", name: paramName(inner, text) };
}

/** Returns `name` or throws when it is empty (other name rules are checked by `checkSegments`). */
function paramName(name: string, text: string): string {
  if (name === "") throw new SyntaxError(`empty parameter name in '${text}'`);
  return name;
}
