/**
 * What the scanner needs from a file system ({@linkcode FsAdapter}) and the entries it reads
 * ({@linkcode FsEntry}): the interfaces `fs.ts` and `memory_fs.ts` implement.
 *
 * @module
 */

/**
 * One directory entry. For a symbolic link, `isFile` and `isDirectory` describe its target
 * (both `false` when the link is broken) and `isSymlink` is `true`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import type { FsEntry } from "./fs_adapter.ts";
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
 * import type { FsAdapter } from "./fs_adapter.ts";
 * import { createMemoryFs } from "./memory_fs.ts";
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
