/**
 * A route file as the scan finds it, shared by `scan.ts` and `walk.ts` (which builds them).
 *
 * @module
 */

import type { Method } from "./method.ts";
import type { Segment } from "./segment.ts";

/**
 * A route file found by `scanFolders` (`scan.ts`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { RouteFile } from "./route_file.ts";
 *
 * const file: RouteFile = {
 *   file: "/project/@api/hello.ts",
 *   relative: "@api/hello.ts",
 *   folder: "/@api",
 *   method: null,
 *   segments: [{ type: "static", value: "api" }, { type: "static", value: "hello" }],
 * };
 * assert.equal(file.folder, "/@api");
 * ```
 */
export interface RouteFile {
  /** Absolute path (root joined with `relative` by `/`). */
  file: string;
  /** POSIX path relative to the root, e.g. `@api/notes/[id].get.ts`. */
  relative: string;
  /** The function folder, e.g. `/@api` or `/my/fns`. */
  folder: string;
  /** The method of the file, or `null` for every method. */
  method: Method | null;
  /** The full URL segments, mount point included. */
  segments: Segment[];
}

/**
 * A `_middleware.ts` file found by `scanFolders` (`scan.ts`): it runs for every route in its
 * folder and the folders below.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { MiddlewareFile } from "./route_file.ts";
 *
 * const file: MiddlewareFile = {
 *   file: "/project/@api/notes/_middleware.ts",
 *   relative: "@api/notes/_middleware.ts",
 *   dir: "@api/notes",
 *   folder: "/@api",
 *   mount: [{ type: "static", value: "api" }],
 * };
 * assert.equal(file.dir, "@api/notes");
 * ```
 */
export interface MiddlewareFile {
  /** Absolute path (root joined with `relative` by `/`). */
  file: string;
  /** POSIX path relative to the root, e.g. `@api/notes/_middleware.ts`. */
  relative: string;
  /** The folder it sits in, relative to the root, e.g. `@api/notes`. */
  dir: string;
  /** The function folder, e.g. `/@api` or `/my/fns`. */
  folder: string;
  /** The URL segments the function folder mounts at. */
  mount: Segment[];
}
