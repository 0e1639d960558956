/**
 * Which file a path names right now: its device and inode. A store opens
 * one SQLite file twice (Deno KV's connection, then the direct reader's);
 * comparing identities tells whether both connections really have the same
 * file, even if something renamed another file over the path meanwhile.
 *
 * @module
 */

/**
 * The identity of the file at `path` (`"<dev>:<ino>"`).
 *
 * @param path A file path.
 * @returns Its identity, or `undefined` when the path does not exist, cannot be
 * inspected, or the platform reports no inode (Windows).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileIdentity } from "./file_identity.ts";
 *
 * const path = await Deno.makeTempFile();
 * const before = fileIdentity(path);
 * assert.ok(before);
 * assert.equal(fileIdentity(path), before);
 * const other = await Deno.makeTempFile();
 * await Deno.rename(other, path); // another file now has this name
 * assert.notEqual(fileIdentity(path), before);
 * await Deno.remove(path);
 * assert.equal(fileIdentity(path), undefined);
 * ```
 */
export function fileIdentity(path: string): string | undefined {
  try {
    const info = Deno.statSync(path);
    if (info.ino === null || info.dev === null) return undefined;
    return `${info.dev}:${info.ino}`;
  } catch {
    return undefined;
  }
}
