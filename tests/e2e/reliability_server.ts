/**
 * Helpers of the reliability tests: a real `apifn start` process over the reliability fixture
 * (`fixtures/reliability`) on a SQLite file store, with bounded output capture (long runs log
 * many lines), plus small client utilities. Long variants run with `APIFN_LONG=1`.
 *
 * @module
 */

import { type ServerProcess, startServer } from "./_server.ts";
/**
 * The fixture project: functions for crash, contention, soak, shutdown and TTL tests.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FIXTURE } from "./reliability_server.ts";
 *
 * assert.ok((await Deno.stat(`${FIXTURE}/@api/counter.post.ts`)).isFile);
 * ```
 */
export const FIXTURE: string = new URL("./fixtures/reliability", import.meta.url).pathname;

/**
 * Whether the long variants run (`APIFN_LONG=1`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LONG } from "./reliability_server.ts";
 *
 * assert.equal(LONG, Deno.env.get("APIFN_LONG") === "1");
 * ```
 */
export const LONG: boolean = Deno.env.get("APIFN_LONG") === "1";

/** A running `apifn start` process. */
export type ApifnProcess = ServerProcess;

/**
 * Starts `apifn start --root <fixture> --kv <kv>` on a free port and waits until it listens.
 *
 * @param kv The SQLite file of the store.
 * @returns The running process.
 *
 * @example Usage
 * ```ts ignore
 * import { startApifn } from "./reliability_server.ts";
 *
 * const server = await startApifn("/tmp/kv.sqlite3");
 * await fetch(`${server.url}/api/stats`);
 * await server.stop();
 * ```
 */
export function startApifn(kv: string): Promise<ApifnProcess> {
  return startServer("start", ["--root", FIXTURE, "--kv", kv], { keep: 65_536 });
}

/**
 * The nearest-rank percentile of some numbers.
 *
 * @param values The numbers.
 * @param p 0 to 100.
 * @returns The value, `NaN` for none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "./reliability_server.ts";
 *
 * assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p / 100 * sorted.length))) - 1]!;
}

/**
 * Runs `worker(i)` for i = 0… with `concurrency` loops until `until()` is true or the items
 * run out.
 *
 * @param concurrency Parallel loops.
 * @param worker Called with a running index; return `false` to stop that loop.
 * @returns When every loop stopped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pool } from "./reliability_server.ts";
 *
 * const seen: number[] = [];
 * await pool(3, async (i) => {
 *   if (i >= 10) return false;
 *   seen.push(i);
 * });
 * assert.equal(seen.length, 10);
 * ```
 */
export async function pool(
  concurrency: number,
  worker: (index: number, loop: number) => Promise<boolean | void>,
): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, loop) => {
    for (;;) if ((await worker(next++, loop)) === false) return;
  }));
}

/**
 * A deterministic, self-describing payload of `size` characters for entry `id`: whoever reads it
 * back can rebuild it from `id` and `size` and compare.
 *
 * @param id The entry id.
 * @param size Characters.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { payload } from "./reliability_server.ts";
 *
 * assert.equal(payload("a1", 7), "a1;a1;a");
 * ```
 */
export function payload(id: string, size: number): string {
  const unit = `${id};`;
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Removes a SQLite store and its `-wal`/`-shm` files.
 *
 * @param path The store file.
 * @returns When removed.
 *
 * @example Usage
 * ```ts
 * import { removeStore } from "./reliability_server.ts";
 *
 * await removeStore(`${await Deno.makeTempDir()}/missing.sqlite3`);
 * ```
 */
export async function removeStore(path: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    await Deno.remove(path + suffix).catch(() => {});
  }
}
