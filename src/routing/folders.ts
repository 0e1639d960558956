/**
 * Resolves the configured function folders (`apiFunctions.folders`) to mount points.
 *
 * @module
 */

import type { Segment } from "./segment.ts";

/**
 * A function folder: its path relative to the project root and the URL segments it mounts at.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FunctionFolder } from "./folders.ts";
 *
 * const folder: FunctionFolder = { path: "@api", mount: [{ type: "static", value: "api" }] };
 * assert.equal(folder.path, "@api");
 * ```
 */
export interface FunctionFolder {
  /** POSIX path relative to the root, without leading or trailing slash: `@api`, `my/fns`. */
  path: string;
  /** The URL segments of the folder: `@api` → `/api`; any other folder → its own path. */
  mount: Segment[];
}

/**
 * The folders to scan: `@api` first, then every extra folder in order, normalized
 * (`/my/fns/`, `my/fns`, `./my/fns` and `my\fns` are the same) and deduplicated.
 *
 * A folder inside another listed folder is dropped with a warning: its files are already
 * scanned, and mounted, as part of the outer folder. Names inside a folder path are taken
 * literally (a listed `/.well-known` folder is scanned although its name starts with `.`).
 *
 * @throws {TypeError} When a folder is not a string, is the root itself or lies outside it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveFolders } from "./folders.ts";
 *
 * const { folders, warnings } = resolveFolders(["/@api", "/blog/"]);
 * assert.deepEqual(folders.map((folder) => folder.path), ["@api", "blog"]);
 * assert.deepEqual(warnings, []);
 * assert.throws(() => resolveFolders(["../x"]), TypeError);
 * ```
 */
export function resolveFolders(
  extra: readonly string[],
): { folders: FunctionFolder[]; warnings: string[] } {
  if (!Array.isArray(extra)) {
    throw new TypeError("Cannot use function folders: folders must be an array of strings");
  }
  const paths: string[] = ["@api"];
  for (const folder of extra) {
    const path = normalizeFolder(folder);
    if (!paths.includes(path)) paths.push(path);
  }
  const folders: FunctionFolder[] = [];
  const warnings: string[] = [];
  for (const path of paths) {
    const outer = paths.find((other) => path.startsWith(other + "/"));
    if (outer !== undefined) {
      warnings.push(
        `Function folder '/${path}' is inside '/${outer}': its files are scanned as part of '/${outer}'`,
      );
      continue;
    }
    const mount: Segment[] = path === "@api"
      ? [{ type: "static", value: "api" }]
      : path.split("/").map((value) => ({ type: "static", value }));
    folders.push({ path, mount });
  }
  return { folders, warnings };
}

function normalizeFolder(folder: unknown): string {
  if (typeof folder !== "string") {
    throw new TypeError(`Cannot use function folder ${String(folder)}: it is not a string`);
  }
  const parts: string[] = [];
  for (const part of folder.replaceAll("\\", "/").split("/")) {
    if (part === "" || part === ".") continue;
    if (part !== "..") {
      parts.push(part);
    } else if (parts.pop() === undefined) {
      throw new TypeError(`Cannot use function folder '${folder}': it is outside the project root`);
    }
  }
  if (parts.length === 0) {
    throw new TypeError(`Cannot use function folder '${folder}': it is the project root`);
  }
  return parts.join("/");
}
