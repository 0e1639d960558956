/**
 * Operation ids and tags derived from paths, the same on every run: they depend on the method
 * and the path template only, and clashes are settled in the document's sorted order.
 *
 * @module
 */

/**
 * The tag of a path: its first segment after a leading `/api` (`/api/notes/{id}` → `notes`),
 * else its first segment; `root` for `/` and paths that start with a parameter.
 *
 * @param template An OpenAPI path template.
 * @returns The tag.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveTag } from "./operation_ids.ts";
 *
 * assert.equal(deriveTag("/api/notes/{id}"), "notes");
 * assert.equal(deriveTag("/blog/posts"), "blog");
 * assert.equal(deriveTag("/api"), "api");
 * ```
 */
export function deriveTag(template: string): string {
  const parts = template.split("/").filter((part) => part !== "");
  const first = parts[0] === "api" && parts.length > 1 ? parts[1]! : parts[0];
  return first === undefined || first.startsWith("{") ? "root" : decodeSegment(first);
}

/**
 * The operation id of a method on a path: the method, then the path's words in camel case,
 * a parameter as `By` + its name, without a leading `api` segment
 * (`GET /api/notes/{id}` → `getNotesById`).
 *
 * @param method The method, any case.
 * @param template An OpenAPI path template.
 * @returns The id (letters and digits only).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveOperationId } from "./operation_ids.ts";
 *
 * assert.equal(deriveOperationId("GET", "/api/notes/{id}"), "getNotesById");
 * assert.equal(deriveOperationId("post", "/api/feed.xml"), "postFeedXml");
 * assert.equal(deriveOperationId("get", "/"), "getRoot");
 * ```
 */
export function deriveOperationId(method: string, template: string): string {
  const parts = template.split("/").filter((part) => part !== "");
  if (parts[0] === "api" && parts.length > 1) parts.shift();
  const words: string[] = [];
  for (const part of parts) {
    if (part.startsWith("{")) words.push("by", ...wordsOf(part.slice(1, -1)));
    else words.push(...wordsOf(decodeSegment(part)));
  }
  if (words.length === 0) words.push("root");
  return method.toLowerCase() + words.map(capitalize).join("");
}

/**
 * Hands out unique ids: the first request for an id gets it, later ones get `id2`, `id3`, …
 * (ids asked for with `reserve` are never handed to others).
 *
 * @returns `reserve` for ids written by hand, `take` for derived ones.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createIdAllocator } from "./operation_ids.ts";
 *
 * const ids = createIdAllocator();
 * ids.reserve("getNotes");
 * assert.equal(ids.take("getNotes"), "getNotes2");
 * assert.equal(ids.take("getNotes"), "getNotes3");
 * ```
 */
export function createIdAllocator(): {
  reserve(id: string): boolean;
  take(id: string): string;
} {
  const used = new Set<string>();
  return {
    reserve(id) {
      if (used.has(id)) return false;
      used.add(id);
      return true;
    },
    take(id) {
      let candidate = id;
      for (let n = 2; used.has(candidate); n++) candidate = `${id}${n}`;
      used.add(candidate);
      return candidate;
    },
  };
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function wordsOf(text: string): string[] {
  return text.split(/[^A-Za-z0-9]+/).filter((word) => word !== "");
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
