/**
 * Checks that a KV store opens and reads: `apifn start` fails fast on a broken store file, `apifn
 * dev` warns, and the health endpoint reports it.
 *
 * @module
 */
import { resolveKvLocation } from "../kv/engine/open.ts";
import type { KvService } from "../types.ts";

/**
 * Opens the store and reads one page of it.
 *
 * @param getKv Opens (or returns) the store, e.g. `app.getKv`.
 * @param options `timeoutMs`: give up after this long (default: wait).
 * @returns `undefined` when the store answers, else why not (SQLite's reason and the path).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStore } from "./store_check.ts";
 *
 * const broken = () => Promise.reject(new Error("Cannot open KV store 'kv.db': file is not a database"));
 * assert.equal(await checkStore(broken), "Cannot open KV store 'kv.db': file is not a database");
 * ```
 */
export async function checkStore(
  getKv: () => Promise<KvService>,
  options: { timeoutMs?: number } = {},
): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (async () => {
    const kv = await getKv();
    await kv.list({ prefix: [] }, { limit: 1 });
  })();
  const limit = options.timeoutMs === undefined ? undefined : new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The KV store did not answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
  });
  try {
    await (limit ? Promise.race([check, limit]) : check);
    return undefined;
  } catch (error) {
    check.catch(() => {});
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The store file a project uses, when it exists (not `:memory:`, a KV Connect URL, Deno Deploy's
 * KV, or a file not created yet).
 *
 * @param location The `kv` option or flag, `APIFN_KV`, or the `apifn.kv` setting, as resolved
 *   by `kvFromSettings`.
 * @param root The project root.
 * @returns The absolute path, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { existingStoreFile } from "./store_check.ts";
 *
 * assert.equal(await existingStoreFile(":memory:", "/app"), undefined);
 * assert.equal(await existingStoreFile("no/such/kv.db", "/nowhere"), undefined);
 * ```
 */
export async function existingStoreFile(
  location: string | undefined,
  root: string,
): Promise<string | undefined> {
  const resolved = resolveKvLocation(location, { root });
  if (resolved === undefined || resolved === ":memory:" || /^https?:\/\//i.test(resolved)) {
    return undefined;
  }
  try {
    await Deno.stat(resolved);
    return resolved;
  } catch {
    return undefined;
  }
}

/**
 * Checks the store file a project uses, when it exists: opens it (through `getKv`) and reads
 * one page.
 *
 * @param location The location as resolved by `kvFromSettings` (flag, `APIFN_KV`, setting).
 * @param root The project root.
 * @param getKv Opens the store at `path` (e.g. the app's `getKv`).
 * @returns `undefined` when there is no file or it answers, else its path and SQLite's reason.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStoreFile } from "./store_check.ts";
 *
 * const root = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${root}/kv.db`, "not a database");
 * const broken = () => Promise.reject(new Error(`Cannot open KV store '${root}/kv.db': file is not a database`));
 * assert.deepEqual(await checkStoreFile("kv.db", root, broken), {
 *   path: `${root}/kv.db`,
 *   reason: "file is not a database",
 * });
 * await Deno.remove(root, { recursive: true });
 * ```
 */
export async function checkStoreFile(
  location: string | undefined,
  root: string,
  getKv: (path: string) => Promise<KvService>,
): Promise<{ path: string; reason: string } | undefined> {
  const path = await existingStoreFile(location, root);
  if (path === undefined) return undefined;
  const problem = await checkStore(() => getKv(path));
  if (problem === undefined) return undefined;
  const prefix = `Cannot open KV store '${path}': `;
  return { path, reason: problem.startsWith(prefix) ? problem.slice(prefix.length) : problem };
}
