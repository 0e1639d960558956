/**
 * Helpers of the direct-write tests: a Deno KV file to write, and commit
 * plans of one key.
 *
 * @module
 */
import { LOCAL_LIMITS } from "../../src/kv/backend.ts";
import { CommitPlan, type PhysicalState } from "../../src/kv/plan.ts";
import type { KvKey } from "../../src/types.ts";

/** The state of a key that does not exist. */
export const ABSENT: PhysicalState = { versionstamp: null, record: null };

/**
 * Runs `fn` with a new Deno KV SQLite file, open in Deno KV; deletes it after.
 *
 * @param fn What to do with it.
 * @returns When done.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withKvFile } from "./_plans.ts";
 *
 * await withKvFile(async (kv, path) => {
 *   await kv.set(["a"], 1);
 *   assert.ok(path.endsWith(".sqlite3"));
 * });
 * ```
 */
export async function withKvFile(
  fn: (kv: Deno.Kv, path: string) => Promise<void>,
): Promise<void> {
  const path = await Deno.makeTempFile({ prefix: "apifn-direct-write-", suffix: ".sqlite3" });
  const kv = await Deno.openKv(path);
  try {
    await fn(kv, path);
  } finally {
    kv.close();
    for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(path + suffix).catch(() => {});
  }
}

/**
 * A plan that sets `key` to `value` over `state`.
 *
 * @param key The user key.
 * @param value The value's bytes.
 * @param state The key's state (default: absent).
 * @returns The plan.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { setPlan } from "./_plans.ts";
 *
 * assert.equal(setPlan(["a"], new Uint8Array([1])).parts().sets.length, 1);
 * ```
 */
export function setPlan(key: KvKey, value: Uint8Array, state = ABSENT): CommitPlan {
  const plan = new CommitPlan(LOCAL_LIMITS);
  plan.add(key, state, [{ type: "set", key, record: { v: value } }], { now: 0 });
  return plan;
}
