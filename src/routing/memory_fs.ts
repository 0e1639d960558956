/**
 * An in-memory {@linkcode FsAdapter} whose files are module objects, so routing and app tests
 * run without touching the disk.
 *
 * @module
 */

import type { FsAdapter, FsEntry } from "./fs_adapter.ts";

/**
 * An in-memory file system that can also `load` a file's module object.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryFs, type MemoryFs } from "./memory_fs.ts";
 *
 * const fs: MemoryFs = createMemoryFs({ "@api/hello.ts": { default: () => new Response("hi") } });
 * const module = await fs.load("/project/@api/hello.ts");
 * assert.equal(typeof module.default, "function");
 * ```
 */
export type MemoryFs = FsAdapter & {
  /** The module object stored for the file at absolute `path`; rejects with `Deno.errors.NotFound`. */
  load(path: string): Promise<Record<string, unknown>>;
};

/**
 * Creates an in-memory file system from `{ relativePath: moduleObject }`.
 *
 * Keys are POSIX paths relative to `options.root` (default `/project`; a Windows root is
 * written with `/`, as in `C:/project`); every folder on the way
 * exists, and so does the root. Values are what `load(absolutePath)` returns: any object, e.g.
 * `{ default: handler }`; `load` rejects with a `TypeError` for non-object values (handy for
 * files that are not modules, such as `README.md`). There are no symbolic links.
 *
 * @throws {TypeError} When the root is not absolute, a key is empty, absolute or has `.`, `..`
 * or empty components, or a path is both a file and a folder.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryFs } from "./memory_fs.ts";
 *
 * const fs = createMemoryFs({ "@api/notes.get.ts": { default: () => new Response() } });
 * const names = [];
 * for await (const entry of fs.readDir("/project/@api")) names.push(entry.name);
 * assert.deepEqual(names, ["notes.get.ts"]);
 * assert.equal(await fs.isDirectory("/project/@api/notes.get.ts"), false);
 * ```
 */
export function createMemoryFs(
  files: Record<string, unknown>,
  options: { root?: string } = {},
): MemoryFs {
  const root = normalizePath(options.root ?? "/project");
  if (!root.startsWith("/") && !/^[A-Za-z]:\//.test(root)) {
    throw new TypeError(`Cannot create memory file system: root '${options.root}' is not absolute`);
  }
  /** Directory path → child name → `true` for folders, `false` for files. */
  const dirs = new Map<string, Map<string, boolean>>([[root, new Map()]]);
  const modules = new Map<string, unknown>();
  for (const [key, value] of Object.entries(files)) {
    const parts = key.split("/");
    if (parts.some((part) => part === "" || part === "." || part === "..")) {
      throw new TypeError(
        `Cannot create memory file system: path '${key}' must be relative, without '.', '..' or empty components`,
      );
    }
    let dir = root;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      const isLast = i === parts.length - 1;
      const children = dirs.get(dir)!;
      const path = joinPath(dir, name);
      const known = children.get(name);
      if (known !== undefined && (isLast || !known)) {
        throw new TypeError(
          `Cannot create memory file system: path '${path}' is given twice or as both a file and a folder`,
        );
      }
      children.set(name, !isLast);
      if (isLast) modules.set(path, value);
      else if (!dirs.has(path)) dirs.set(path, new Map());
      dir = path;
    }
  }
  return {
    async *readDir(path: string): AsyncIterable<FsEntry> {
      const children = dirs.get(normalizePath(path));
      if (children === undefined) {
        throw new Deno.errors.NotFound(`No such directory: '${path}'`);
      }
      for (const [name, isDirectory] of [...children]) {
        yield { name, isFile: !isDirectory, isDirectory, isSymlink: false };
      }
    },
    isDirectory(path: string): Promise<boolean> {
      return Promise.resolve(dirs.has(normalizePath(path)));
    },
    realPath(path: string): Promise<string> {
      const normalized = normalizePath(path);
      if (dirs.has(normalized) || modules.has(normalized)) return Promise.resolve(normalized);
      return Promise.reject(new Deno.errors.NotFound(`No such file or directory: '${path}'`));
    },
    load(path: string): Promise<Record<string, unknown>> {
      const normalized = normalizePath(path);
      if (!modules.has(normalized)) {
        return Promise.reject(new Deno.errors.NotFound(`No such file: '${path}'`));
      }
      const module = modules.get(normalized);
      if (typeof module !== "object" || module === null) {
        return Promise.reject(
          new TypeError(`Cannot load '${path}': the memory file system holds no module object`),
        );
      }
      return Promise.resolve(module as Record<string, unknown>);
    },
  };
}

/** Collapses repeated slashes and drops a trailing slash (the root `/` stays). */
function normalizePath(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, "/");
  return collapsed.length > 1 && collapsed.endsWith("/") ? collapsed.slice(0, -1) : collapsed;
}

function joinPath(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}
