/**
 * The file system seen by the scanner: an adapter over `Deno` APIs, and an in-memory one for
 * tests (re-exported from `memory_fs.ts`), with the interfaces they implement (from
 * `fs_adapter.ts`).
 *
 * @module
 */

import type { FsAdapter, FsEntry } from "./fs_adapter.ts";

export type { FsAdapter, FsEntry } from "./fs_adapter.ts";
export { createMemoryFs, type MemoryFs } from "./memory_fs.ts";

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
