/**
 * Walks function folders in name order and parses every file name on the way.
 *
 * @module
 */

import { parseRouteFile } from "./filename.ts";
import type { FunctionFolder } from "./folders.ts";
import type { FsAdapter, FsEntry } from "./fs.ts";
import { METHODS } from "./method.ts";
import type { MiddlewareFile, RouteFile } from "./route_file.ts";
import { formatSegments } from "./segment.ts";

/**
 * Walks existing function folders: route files in walk order, one error line per file name that
 * cannot be parsed, and warnings (pushed to `options.warnings`).
 *
 * Entries whose name starts with `_` or `.` are skipped without descending, except
 * `_middleware.ts` (or `.js`, `.mts`, …) files, listed apart as middleware. Symbolic links are
 * followed; a directory whose real path is being walked already (a link to an ancestor) is
 * skipped with a warning. A directory removed while walking is treated as empty.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryFs } from "./fs.ts";
 * import { walkFolders } from "./walk.ts";
 *
 * const fs = createMemoryFs({ "blog/feed.xml.get.ts": {}, "blog/[a][b].ts": {} });
 * const folders = [{ path: "blog", mount: [{ type: "static" as const, value: "blog" }] }];
 * const { files, errors } = await walkFolders(fs, { root: "/project", folders, warnings: [] });
 * assert.deepEqual(files.map((file) => file.relative), ["blog/feed.xml.get.ts"]);
 * assert.deepEqual(errors, ["Cannot parse route file 'blog/[a][b].ts': two parameters in one segment"]);
 * ```
 */
export async function walkFolders(
  fs: FsAdapter,
  options: { root: string; folders: readonly FunctionFolder[]; warnings: string[] },
): Promise<{ files: RouteFile[]; middlewares: MiddlewareFile[]; errors: string[] }> {
  const walker = new Walker(fs, options.root, options.warnings);
  for (const folder of options.folders) await walker.walkFolder(folder);
  return walker.result();
}

/**
 * Joins an absolute root and a relative POSIX path with `/`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { joinPath } from "./walk.ts";
 *
 * assert.equal(joinPath("/project", "@api/a.ts"), "/project/@api/a.ts");
 * assert.equal(joinPath("C:/", "@api"), "C:/@api");
 * ```
 */
export function joinPath(root: string, relative: string): string {
  return root.endsWith("/") ? root + relative : `${root}/${relative}`;
}

/**
 * A folder's middleware file name: `_middleware` with a route file extension.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { MIDDLEWARE_NAME } from "./walk.ts";
 *
 * assert.ok(MIDDLEWARE_NAME.test("_middleware.ts"));
 * assert.ok(!MIDDLEWARE_NAME.test("_middleware_test.ts"));
 * ```
 */
export const MIDDLEWARE_NAME = /^_middleware\.(ts|js|mts|mjs|tsx|jsx)$/;

class Walker {
  #files: RouteFile[] = [];
  #middlewares: MiddlewareFile[] = [];
  #errors: string[] = [];
  #fs: FsAdapter;
  #root: string;
  #warnings: string[];
  /** Real paths of the directories being walked → their path relative to the root. */
  #ancestors = new Map<string, string>();

  constructor(fs: FsAdapter, root: string, warnings: string[]) {
    this.#fs = fs;
    this.#root = root;
    this.#warnings = warnings;
  }

  result(): { files: RouteFile[]; middlewares: MiddlewareFile[]; errors: string[] } {
    return { files: this.#files, middlewares: this.#middlewares, errors: this.#errors };
  }

  async walkFolder(folder: FunctionFolder): Promise<void> {
    await this.#walkDir(folder, "");
  }

  async #walkDir(folder: FunctionFolder, inner: string): Promise<void> {
    const relative = inner === "" ? folder.path : `${folder.path}/${inner}`;
    const path = joinPath(this.#root, relative);
    let real = path;
    const entries: FsEntry[] = [];
    try {
      if (this.#fs.realPath) real = await this.#fs.realPath(path);
      const loop = this.#ancestors.get(real);
      if (loop !== undefined) {
        this.#warnings.push(`Skipped '${relative}': a symbolic link back to '${loop}'`);
        return;
      }
      for await (const entry of this.#fs.readDir(path)) entries.push(entry);
    } catch (error) {
      // Removed while scanning (a rename during hot reload): nothing to list.
      if (error instanceof Deno.errors.NotFound) return;
      throw error;
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    this.#ancestors.set(real, relative);
    try {
      for (const entry of entries) {
        if (entry.isFile && MIDDLEWARE_NAME.test(entry.name)) {
          this.#addMiddleware(folder, relative, entry.name);
        }
        if (entry.name.startsWith("_") || entry.name.startsWith(".")) continue;
        const child = inner === "" ? entry.name : `${inner}/${entry.name}`;
        if (entry.isDirectory) await this.#walkDir(folder, child);
        else if (entry.isFile) this.#addFile(folder, child);
      }
    } finally {
      this.#ancestors.delete(real);
    }
  }

  #addMiddleware(folder: FunctionFolder, dir: string, name: string): void {
    const relative = `${dir}/${name}`;
    const other = this.#middlewares.find((m) => m.dir === dir);
    if (other !== undefined) {
      this.#errors.push(
        `Cannot use middleware file '${relative}': '${other.relative}' is in the same folder`,
      );
      return;
    }
    const file = joinPath(this.#root, relative);
    this.#middlewares.push({ file, relative, dir, folder: `/${folder.path}`, mount: folder.mount });
  }

  #addFile(folder: FunctionFolder, inner: string): void {
    const relative = `${folder.path}/${inner}`;
    let parsed;
    try {
      parsed = parseRouteFile(inner, { displayPath: relative });
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      this.#errors.push(error.message);
      return;
    }
    if (parsed === null) return;
    const segments = [...folder.mount, ...parsed.segments];
    const suffix = upperCaseMethodSuffix(inner);
    if (suffix !== undefined) {
      this.#warnings.push(
        `Route file '${relative}' answers every method at '${
          formatSegments(segments)
        }': did you mean '.${suffix.toLowerCase()}'?`,
      );
    }
    this.#files.push({
      file: joinPath(this.#root, relative),
      relative,
      folder: `/${folder.path}`,
      method: parsed.method,
      segments,
    });
  }
}

/** The method suffix written in the wrong case (`GET` in `hello.GET.ts`), if any. */
function upperCaseMethodSuffix(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const stem = name.slice(0, name.lastIndexOf("."));
  const suffix = stem.slice(stem.lastIndexOf(".") + 1);
  if (suffix === stem || suffix === suffix.toLowerCase()) return undefined;
  return (METHODS as readonly string[]).includes(suffix.toUpperCase()) ? suffix : undefined;
}
