/**
 * Walks the function folders through an {@linkcode FsAdapter} and lists their route files.
 *
 * @module
 */

import { type FunctionFolder, resolveFolders } from "./folders.ts";
import type { FsAdapter } from "./fs.ts";
import type { MiddlewareFile, RouteFile } from "./route_file.ts";
import { joinPath, walkFolders } from "./walk.ts";

export type { MiddlewareFile, RouteFile } from "./route_file.ts";

/**
 * What {@linkcode scanFolders} found: route files in a deterministic order, and warnings.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ScanResult } from "./scan.ts";
 *
 * const result: ScanResult = {
 *   files: [],
 *   middlewares: [],
 *   warnings: ["Function folder '/x' does not exist yet"],
 *   folders: ["/project/@api", "/project/x"],
 * };
 * assert.equal(result.warnings.length, 1);
 * ```
 */
export interface ScanResult {
  /** Route files: folder by folder (`@api` first), each walked in name order. */
  files: RouteFile[];
  /** `_middleware.ts` files: at most one per folder (two, e.g. `.ts` and `.js`, are an error). */
  middlewares: MiddlewareFile[];
  /** Problems that do not stop the scan (missing folder, `.GET` suffix, symlink cycle). */
  warnings: string[];
  /** Absolute paths of every function folder, existing or not (what a watcher watches). */
  folders: string[];
}

/**
 * Options of {@linkcode scanFolders}.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ScanOptions } from "./scan.ts";
 *
 * const options: ScanOptions = { root: "/project", folders: ["/blog"] };
 * assert.equal(options.root, "/project");
 * ```
 */
export interface ScanOptions {
  /** Absolute path of the project root. */
  root: string;
  /** Extra function folders, relative to the root; `@api` (mounted at `/api`) is always scanned. */
  folders?: string[];
}

/**
 * Lists every route file of the function folders.
 *
 * `@api` mounts at `/api`; every extra folder mounts at its own path. Files and folders are
 * walked in name order, so the result never depends on the order `readDir` returns. Symbolic
 * links are followed; a link back to a directory being walked is skipped with a warning.
 *
 * @throws {SyntaxError} `Cannot scan function folders: N invalid file names`, then one line per
 * invalid file, when any file name cannot be parsed.
 * @throws {TypeError} When the root is not absolute or a folder lies outside it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryFs } from "./fs.ts";
 * import { scanFolders } from "./scan.ts";
 *
 * const fs = createMemoryFs({ "@api/notes/[id].get.ts": {}, "@api/_util.ts": {} });
 * const { files, warnings } = await scanFolders(fs, { root: "/project" });
 * assert.deepEqual(files.map((file) => file.relative), ["@api/notes/[id].get.ts"]);
 * assert.equal(files[0]?.method, "GET");
 * assert.deepEqual(warnings, []);
 * ```
 */
export async function scanFolders(fs: FsAdapter, options: ScanOptions): Promise<ScanResult> {
  const root = normalizeRoot(options.root);
  const { folders, warnings } = resolveFolders(options.folders ?? []);
  const existing: FunctionFolder[] = [];
  const missing: string[] = [];
  for (const folder of folders) {
    if (await fs.isDirectory(joinPath(root, folder.path))) existing.push(folder);
    else missing.push(folder.path);
  }
  if (existing.length === 0) {
    warnings.push(`No function folder exists yet: ${missing.map((p) => `'/${p}'`).join(", ")}`);
  } else {
    for (const path of missing) {
      if (path !== "@api") warnings.push(`Function folder '/${path}' does not exist yet`);
    }
  }
  const { files, middlewares, errors } = await walkFolders(fs, {
    root,
    folders: existing,
    warnings,
  });
  if (errors.length > 0) {
    const count = `${errors.length} invalid file name${errors.length === 1 ? "" : "s"}`;
    throw new SyntaxError(
      [`Cannot scan function folders: ${count}`, ...errors.map((e) => `  ${e}`)].join("\n"),
    );
  }
  return {
    files,
    middlewares,
    warnings,
    folders: folders.map((folder) => joinPath(root, folder.path)),
  };
}

/** Accepts POSIX (`/x`) and Windows (`C:\x`, `\\server\x`) roots; Windows separators become `/`. */
function normalizeRoot(root: string): string {
  if (typeof root !== "string") {
    throw new TypeError("Cannot scan function folders: root is not a string");
  }
  const windows = /^[A-Za-z]:[\\/]/.test(root) || root.startsWith("\\\\");
  if (!windows && !root.startsWith("/")) {
    throw new TypeError(`Cannot scan function folders: root '${root}' is not an absolute path`);
  }
  const posix = windows ? root.replaceAll("\\", "/") : root;
  const trimmed = posix.replace(/\/+$/, "");
  return trimmed === "" || /^[A-Za-z]:$/.test(trimmed) ? `${trimmed}/` : trimmed;
}
