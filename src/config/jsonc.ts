/**
 * A small JSONC reader: comments and trailing commas, as allowed in
 * `deno.json` and `deno.jsonc`.
 *
 * @module
 */

/**
 * Blanks out `//` and `/* *\/` comments and trailing commas of JSONC text so
 * `JSON.parse` accepts it. Every removed character becomes a space (newlines
 * are kept), so positions and line numbers stay those of the original text.
 * Comment markers inside strings are left alone.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripJsonc } from "./jsonc.ts";
 *
 * const text = '{\n  // the URL\n  "url": "http://x", /* note *\/\n}';
 * assert.deepEqual(JSON.parse(stripJsonc(text)), { url: "http://x" });
 * assert.equal(stripJsonc(text).length, text.length);
 * ```
 */
export function stripJsonc(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (char === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      const end = commentEnd(text, i);
      out += blank(text.slice(i, end));
      i = end;
    } else if (char === ",") {
      const next = text[skipInsignificant(text, i + 1)];
      out += next === "}" || next === "]" ? " " : ",";
      i++;
    } else {
      out += char;
      i++;
    }
  }
  return out;
}

/**
 * Returns the 1-based line of the character at `position` in `text`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { lineAt } from "./jsonc.ts";
 *
 * assert.equal(lineAt("a\nb\nc", 4), 3);
 * ```
 */
export function lineAt(text: string, position: number): number {
  let line = 1;
  const end = Math.min(position, text.length);
  for (let i = 0; i < end; i++) {
    if (text[i] === "\n") line++;
  }
  return line;
}

/** Index just past the string literal starting at `start` (or the end of the line). */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const char = text[i];
    if (char === "\\") i += 2;
    else if (char === '"') return i + 1;
    else if (char === "\n") return i;
    else i++;
  }
  return text.length;
}

/** Index just past the comment starting at `start`. */
function commentEnd(text: string, start: number): number {
  if (text[start + 1] === "/") {
    const newline = text.indexOf("\n", start);
    return newline === -1 ? text.length : newline;
  }
  const close = text.indexOf("*/", start + 2);
  return close === -1 ? text.length : close + 2;
}

/** Index of the next character that is neither whitespace nor inside a comment. */
function skipInsignificant(text: string, start: number): number {
  let i = start;
  while (i < text.length) {
    const char = text[i]!;
    if (char === " " || char === "\t" || char === "\n" || char === "\r") i++;
    else if (char === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) {
      i = commentEnd(text, i);
    } else break;
  }
  return i;
}

function blank(comment: string): string {
  return comment.replace(/[^\r\n]/g, " ");
}
