/**
 * Shared helpers of the KV tests: store factories (`:memory:` and SQLite
 * files in a temp dir), a fake clock, and a scoped store runner.
 *
 * @module
 */
import { openKv, type OpenKvOptions } from "../../src/kv/engine/open.ts";
import { DatabaseSync } from "node:sqlite";
import type { KvStore } from "../../src/kv/api/store.ts";

/** Opens fresh, empty stores of one kind. */
export interface StoreFactory {
  /** The backend's name, for test titles. */
  readonly name: string;
  /** Opens a new, empty store (sweeper off unless `options` say otherwise). */
  open(options?: OpenKvOptions): Promise<KvStore>;
  /** Removes what the factory created. */
  dispose(): Promise<void>;
}

/**
 * A factory of `:memory:` stores.
 *
 * @returns The factory.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryFactory } from "./_helpers.ts";
 *
 * const factory = memoryFactory();
 * const store = await factory.open();
 * assert.equal(await store.get(["missing"]), null);
 * await store.close();
 * ```
 */
export function memoryFactory(): StoreFactory {
  return {
    name: "memory",
    open: (options) => openKv(":memory:", { sweepIntervalMs: 0, ...options }),
    dispose: () => Promise.resolve(),
  };
}

/**
 * A factory of SQLite file stores, each a new file in one temp dir.
 *
 * @param defaults Options every store of the factory opens with (e.g. `now`).
 * @returns The factory; `dispose()` deletes the temp dir.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { fileFactory } from "./_helpers.ts";
 *
 * const factory = await fileFactory();
 * const store = await factory.open();
 * assert.equal(await store.get(["missing"]), null);
 * await store.close();
 * await factory.dispose();
 * ```
 */
export async function fileFactory(defaults: OpenKvOptions = {}): Promise<StoreFactory> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-test-" });
  let n = 0;
  return {
    name: "sqlite file",
    open: (options) =>
      openKv(`${dir}/store-${n++}.sqlite3`, { sweepIntervalMs: 0, ...defaults, ...options }),
    dispose: () => Deno.remove(dir, { recursive: true }),
  };
}

/**
 * Opens a store, runs `body` with it and closes it, even when `body` throws.
 *
 * @param factory Where to open the store.
 * @param body What to do with it.
 * @param options Store options.
 * @returns When closed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { memoryFactory, withStore } from "./_helpers.ts";
 *
 * await withStore(memoryFactory(), async (store) => {
 *   await store.set(["a"], 1);
 *   assert.equal(await store.get(["a"]), 1);
 * });
 * ```
 */
export async function withStore(
  factory: StoreFactory,
  body: (store: KvStore) => Promise<void>,
  options: OpenKvOptions = {},
): Promise<void> {
  const store = await factory.open(options);
  try {
    await body(store);
  } finally {
    await store.close();
  }
}

/** A clock the test moves by hand (epoch milliseconds). */
export class FakeClock {
  #t: number;

  /**
   * Starts the clock.
   *
   * @param start The first reading.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { FakeClock } from "./_helpers.ts";
   *
   * const clock = new FakeClock(10);
   * clock.advance(5);
   * assert.equal(clock.now(), 15);
   * ```
   */
  constructor(start = 1_700_000_000_000) {
    this.#t = start;
  }

  /** The current reading; pass it as the store's `now`. */
  readonly now = (): number => this.#t;

  /**
   * Moves the clock forward.
   *
   * @param ms Milliseconds.
   */
  advance(ms: number): void {
    this.#t += ms;
  }
}

/**
 * Keys `[prefix..., i]` for `i` in `0..n-1`.
 *
 * @param prefix The leading parts.
 * @param n How many keys.
 * @returns The keys.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { numberedKeys } from "./_helpers.ts";
 *
 * assert.deepEqual(numberedKeys(["p"], 2), [["p", 0], ["p", 1]]);
 * ```
 */
export function numberedKeys(
  prefix: (string | number | boolean)[],
  n: number,
): (string | number | boolean)[][] {
  return Array.from({ length: n }, (_, i) => [...prefix, i]);
}

/** A Deno KV handle that counts the reads made through it. */
export function countingReads(kv: Deno.Kv): { kv: Deno.Kv; reads: string[] } {
  const reads: string[] = [];
  const proxy = new Proxy(kv, {
    get(target, name) {
      const value = Reflect.get(target, name, target);
      if (typeof value !== "function") return value;
      if (name === "list" || name === "get" || name === "getMany") {
        return (...args: unknown[]) => {
          reads.push(String(name));
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { kv: proxy, reads };
}

/**
 * The definition of Deno KV's expiry index in a SQLite file, as `sqlite_master` holds it.
 *
 * @param path The Deno KV file.
 * @returns The `CREATE INDEX` statement, or `undefined` when there is no such index.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { expiryIndexSql } from "./_helpers.ts";
 *
 * const path = await Deno.makeTempFile({ suffix: ".sqlite3" });
 * (await Deno.openKv(path)).close();
 * assert.match(expiryIndexSql(path)!, /^CREATE INDEX kv_expiration_ms_idx/);
 * await Deno.remove(path);
 * ```
 */
export function expiryIndexSql(path: string): string | undefined {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const row = db.prepare("SELECT sql FROM sqlite_master WHERE name = ?").get(
      "kv_expiration_ms_idx",
    );
    return row?.sql === undefined ? undefined : String(row.sql);
  } finally {
    db.close();
  }
}
