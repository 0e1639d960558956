/**
 * Opening a store: a SQLite file, `:memory:`, a KV Connect URL, or (on Deno
 * Deploy, with no location) the platform's own KV.
 *
 * @module
 */
import { migrateLayout } from "../layout/migrate.ts";
import { type Backend, LOCAL_LIMITS, REMOTE_LIMITS, withLockRetry } from "./backend.ts";
import { KvStore, type KvStoreOptions } from "../api/store.ts";

/** Options of {@linkcode openKv}. */
export interface OpenKvOptions extends KvStoreOptions {
  /** Directory a relative file location resolves against (default: the working directory). */
  root?: string;
  /** Override the backend's checks per commit (e.g. 10 for a `denokv` server behind a proxy URL). */
  maxChecks?: number;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

function join(root: string, path: string): string {
  if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) return path;
  return `${root.replace(/[\\/]+$/, "")}/${path}`;
}

/**
 * Decides where a store lives: `location`, else `APIFN_KV`, else Deno
 * Deploy's own KV (returns `undefined`), else `<root>/.apifn/kv.sqlite3`.
 *
 * @param location An explicit location.
 * @param options `root` for relative paths and the default file.
 * @returns A file path, `:memory:`, a URL, or `undefined` for Deno Deploy's KV.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveKvLocation } from "./open.ts";
 *
 * assert.equal(resolveKvLocation(":memory:"), ":memory:");
 * assert.equal(resolveKvLocation("data/kv.db", { root: "/app" }), "/app/data/kv.db");
 * ```
 */
export function resolveKvLocation(
  location?: string,
  options: { root?: string } = {},
): string | undefined {
  const chosen = location ?? env("APIFN_KV");
  const root = options.root ?? Deno.cwd();
  if (chosen === undefined) {
    if (env("DENO_DEPLOYMENT_ID")) return undefined;
    return join(root, ".apifn/kv.sqlite3");
  }
  if (typeof chosen !== "string" || chosen.length === 0) {
    throw new TypeError("Cannot open KV: the location must be a non-empty string");
  }
  if (chosen === ":memory:" || /^https?:\/\//i.test(chosen)) return chosen;
  return join(root, chosen);
}

/**
 * Opens a KV store.
 *
 * @param location A SQLite file path, `":memory:"`, or an `http(s)://` KV
 * Connect URL (token from `DENO_KV_ACCESS_TOKEN`). Default: `APIFN_KV`, else
 * Deno Deploy's KV when deployed, else `./.apifn/kv.sqlite3`.
 * @param options Tuning (clock, sweep interval, limits).
 * @returns The open store; call `close()` when done.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "./open.ts";
 *
 * const kv = await openKv(":memory:");
 * await kv.set(["greeting"], { text: "hello" }, { ttlInSeconds: 60 });
 * assert.deepEqual(await kv.get(["greeting"]), { text: "hello" });
 * await kv.close();
 * ```
 */
export async function openKv(location?: string, options: OpenKvOptions = {}): Promise<KvStore> {
  const resolved = resolveKvLocation(location, options);
  const remote = resolved !== undefined && /^https?:\/\//i.test(resolved);
  const file = resolved !== undefined && !remote && resolved !== ":memory:";
  if (file) {
    const dir = resolved.replace(/[\\/][^\\/]*$/, "");
    if (dir && dir !== resolved) await Deno.mkdir(dir, { recursive: true });
  }
  const limits = { ...(remote ? REMOTE_LIMITS : LOCAL_LIMITS) };
  if (options.maxChecks !== undefined) {
    if (!Number.isInteger(options.maxChecks) || options.maxChecks < 1) {
      throw new RangeError(
        `Cannot open KV with maxChecks ${options.maxChecks}: must be a positive integer`,
      );
    }
    limits.maxChecks = options.maxChecks;
  }
  const name = resolved ?? "Deno Deploy";
  let kv: Deno.Kv;
  try {
    // Two processes creating the same file at once: SQLite says "database is locked".
    kv = await withLockRetry(() => Deno.openKv(resolved));
  } catch (error) {
    throw new Error(`Cannot open KV store '${name}': ${(error as Error).message}`, {
      cause: error,
    });
  }
  const backend: Backend = { kv, limits };
  try {
    await migrateLayout(backend);
  } catch (error) {
    kv.close();
    throw new Error(`Cannot open KV store '${name}': ${(error as Error).message}`, {
      cause: error,
    });
  }
  let store: KvStore;
  try {
    // Deno KV's watch misses other processes' writes to a file: poll there.
    store = new KvStore(backend, { watchPollMs: file ? 500 : 0, ...options });
  } catch (error) {
    kv.close(); // bad options
    throw error;
  }
  backends.set(store, backend);
  return store;
}

const backends = new WeakMap<object, Backend>();

/**
 * The Deno KV connection under a store opened by {@linkcode openKv}, for apifn's own spaces
 * beside the data (the job queue); `undefined` for any other store.
 *
 * @param store A store.
 * @returns Its backend, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv, storeBackend } from "./open.ts";
 *
 * const kv = await openKv(":memory:");
 * assert.ok(storeBackend(kv)?.kv);
 * assert.equal(storeBackend({}), undefined);
 * await kv.close();
 * ```
 */
export function storeBackend(store: object): Backend | undefined {
  return backends.get(store);
}
