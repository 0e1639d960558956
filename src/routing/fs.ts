/**
 * The file system seen by the scanner: an adapter over `Deno` APIs, and an in-memory one for
 * tests (re-exported from `memory_fs.ts`).
 *
 * @module
 */

export { createMemoryFs, type MemoryFs } from "./memory_fs.ts";

/**
 * One directory entry. For a symbolic link, `isFile` and `isDirectory` describe its target
 * (both `false` when the link is broken) and `isSymlink` is `true`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FsEntry } from "./fs.ts";
 *
 * const entry: FsEntry = { name: "notes.get.ts", isFile: true, isDirectory: false, isSymlink: false };
 * assert.equal(entry.isFile, true);
 * ```
 */
export interface FsEntry {
  /** The entry's name (no path). */
  name: string;
  /** Whether the entry (or the symlink's target) is a file. */
  isFile: boolean;
  /** Whether the entry (or the symlink's target) is a directory. */
  isDirectory: boolean;
  /** Whether the entry is a symbolic link. */
  isSymlink: boolean;
}

/**
 * What the scanner needs from a file system. Paths are absolute and use `/`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createMemoryFs, type FsAdapter } from "./fs.ts";
 *
 * const fs: FsAdapter = createMemoryFs({ "@api/hello.ts": {} });
 * assert.equal(await fs.isDirectory("/project/@api"), true);
 * ```
 */
export interface FsAdapter {
  /** The directory's entries, in any order; iterating throws `Deno.errors.NotFound` when missing. */
  readDir(path: string): AsyncIterable<FsEntry>;
  /** Whether `path` is a directory (following symlinks); `false` when missing. */
  isDirectory(path: string): Promise<boolean>;
  /** The canonical path (symlinks resolved), used to stop symlink cycles; optional. */
  realPath?(path: string): Promise<string>;
}

/**
 * The real file system, on `Deno.readDir`, `Deno.stat` and `Deno.realPath`.
 *
 * Symbolic links are followed, to files and to directories, wherever they point; the entry
 * reports its target's kind. Cycles (a link to an ancestor directory) are stopped by the
 * scanner through `realPath`. Needs read permission for the scanned folders.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { denoFs } from "./fs.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/hello.ts`, "export default () => new Response();");
 * const names = [];
 * for await (const entry of denoFs.readDir(dir)) names.push(entry.name);
 * assert.deepEqual(names, ["hello.ts"]);
 * assert.equal(await denoFs.isDirectory(`${dir}/missing`), false);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export const denoFs: FsAdapter = {
  readDir: readDenoDir,
  isDirectory: isDenoDirectory,
  realPath: realDenoPath,
};

function realDenoPath(path: string): Promise<string> {
  return Deno.realPath(path);
}

async function* readDenoDir(path: string): AsyncIterable<FsEntry> {
  for await (const entry of Deno.readDir(path)) {
    if (!entry.isSymlink) {
      yield {
        name: entry.name,
        isFile: entry.isFile,
        isDirectory: entry.isDirectory,
        isSymlink: false,
      };
      continue;
    }
    let target: Deno.FileInfo | undefined;
    try {
      target = await Deno.stat(`${path}/${entry.name}`);
    } catch (error) {
      // A broken link, or a link to itself: neither a file nor a directory.
      const broken = error instanceof Deno.errors.NotFound ||
        error instanceof Deno.errors.FilesystemLoop;
      if (!broken) throw error;
    }
    yield {
      name: entry.name,
      isFile: target?.isFile ?? false,
      isDirectory: target?.isDirectory ?? false,
      isSymlink: true,
    };
  }
}

async function isDenoDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory) {
      return false;
    }
    throw error;
  }
}
