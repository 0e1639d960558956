/**
 * Which file a path names right now: its device and inode. A store opens its
 * SQLite file more than once (Deno KV's connection, then the index narrowing's
 * and the direct reader's); comparing identities tells whether they all have
 * the same file, even if something renamed another file over the path
 * meanwhile.
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

/**
 * The identity of the file at `path`, creating it empty first when there is
 * none (SQLite takes an empty file for a new database), so that the identity
 * is known before anything else opens the file.
 *
 * @param path A file path in an existing folder.
 * @returns Its identity, or `undefined` when it cannot be created or inspected
 * (the caller's own open then reports why).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { claimFile, fileIdentity } from "./file_identity.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const identity = claimFile(`${dir}/kv.sqlite3`);
 * assert.ok(identity);
 * assert.equal((await Deno.stat(`${dir}/kv.sqlite3`)).size, 0);
 * assert.equal(claimFile(`${dir}/kv.sqlite3`), identity); // already there: the same file
 * assert.equal(fileIdentity(`${dir}/kv.sqlite3`), identity);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function claimFile(path: string): string | undefined {
  const existing = fileIdentity(path);
  if (existing !== undefined) return existing;
  try {
    // SQLite's own permissions for a new database file.
    Deno.openSync(path, { write: true, createNew: true, mode: 0o644 }).close();
  } catch {
    // Created by another process meanwhile, or not creatable: look again.
  }
  return fileIdentity(path);
}

/**
 * Whether `path` now names another file than the one whose identity was taken.
 *
 * @param path A file path.
 * @param identity A {@linkcode fileIdentity} taken earlier; `undefined` (none could be taken)
 * never counts as another file.
 * @returns `true` when the path names another file, or none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileIdentity, isOtherFile } from "./file_identity.ts";
 *
 * const path = await Deno.makeTempFile();
 * const identity = fileIdentity(path);
 * assert.equal(isOtherFile(path, identity), false);
 * assert.equal(isOtherFile(path, undefined), false);
 * await Deno.rename(await Deno.makeTempFile(), path);
 * assert.equal(isOtherFile(path, identity), true);
 * await Deno.remove(path);
 * ```
 */
export function isOtherFile(path: string, identity: string | undefined): boolean {
  return identity !== undefined && fileIdentity(path) !== identity;
}
