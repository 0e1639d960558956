/**
 * Stores for `kv_total_bench.ts`: 100,000 entries under one prefix, seeded once into a temp
 * dir, as an apifn store (through its API, plus 1,000 entries with a 1 s TTL that expire
 * before the benches run) and as a plain Deno KV file. Totals are asserted exact, expired
 * entries included, before anything is measured.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openKv } from "../../mod.ts";
import type { KvStore } from "../../src/kv/api/store.ts";

/** The prepared stores. */
export interface TotalStores {
  /** apifn, expired entries swept. */
  clean: KvStore;
  /** apifn, the 1,000 expired entries still on disk (sweeper off). */
  unswept: KvStore;
  /** Deno KV on the clean apifn file (to read apifn's records without apifn). */
  cleanRaw: Deno.Kv;
  /** Plain Deno KV, the same 100,000 entries under `["items", id]`. */
  raw: Deno.Kv;
  /** Closes everything and removes the files. */
  close(): Promise<void>;
}

/** The id of entry `i` (zero-padded: ids sort like numbers). */
function id(i: number): string {
  return String(i).padStart(6, "0");
}

/**
 * Seeds and opens the stores, asserting exact totals.
 *
 * @param count Live entries under `["items"]`.
 * @param expiring Entries with a 1 s TTL mixed into the same prefix.
 * @returns The stores.
 *
 * @example Usage
 * ```ts
 * import { prepareTotalStores } from "./kv_total_setup.ts";
 *
 * const stores = await prepareTotalStores(300, 20);
 * await stores.close();
 * ```
 */
export async function prepareTotalStores(count: number, expiring: number): Promise<TotalStores> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-total-" });
  const file = `${dir}/apifn.sqlite3`;
  const seeding = await openKv(file, { sweepIntervalMs: 0 });
  for (let first = 0; first < count; first += 5000) {
    const writes = [];
    for (let i = first; i < Math.min(count, first + 5000); i++) {
      writes.push(seeding.set(["items", id(i)], { i, title: `Item ${i}` }));
    }
    await Promise.all(writes);
  }
  const ttl = [];
  for (let i = 0; i < expiring; i++) {
    // Interleaved with the live ids ("…5x"), so expired records sit inside the first page too.
    ttl.push(seeding.set(["items", `${id(i * 7)}x`], { expiring: true }, { ttlInSeconds: 1 }));
  }
  await Promise.all(ttl);
  assert.equal((await seeding.list({ prefix: ["items"] })).total, count + expiring);
  await seeding.close();
  await new Promise((resolve) => setTimeout(resolve, 1200)); // every TTL entry has expired
  await Deno.copyFile(file, `${dir}/unswept.sqlite3`);

  const unswept = await openKv(`${dir}/unswept.sqlite3`, { sweepIntervalMs: 0 });
  const first = await unswept.list({ prefix: ["items"] }, { limit: 100 });
  assert.equal(first.total, count, "exact total with expired entries still on disk");
  assert.ok(first.items.every((item) => !(item.key[1] as string).endsWith("x")));
  const second = await unswept.list({ prefix: ["items"] }, { limit: 100, cursor: first.cursor! });
  assert.equal(second.total, count - 100, "exact total from the cursor onward");

  const clean = await openKv(file, { sweepIntervalMs: 0 });
  assert.equal((await clean.sweep()).expired, expiring, "the sweep removes every expired entry");
  assert.equal((await clean.list({ prefix: ["items"] })).total, count, "exact total after sweep");
  const cleanRaw = await Deno.openKv(file);
  let index = 0;
  for await (const _ of cleanRaw.list({ prefix: ["x"] })) index++;
  assert.equal(index, 0, "no expiry index left after the sweep");

  const raw = await Deno.openKv(`${dir}/raw.sqlite3`);
  for (let start = 0; start < count; start += 1000) {
    const atomic = raw.atomic();
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      atomic.set(["items", id(i)], { i, title: `Item ${i}` });
    }
    assert.ok((await atomic.commit()).ok);
  }
  return {
    clean,
    unswept,
    cleanRaw,
    raw,
    async close() {
      await clean.close();
      await unswept.close();
      cleanRaw.close();
      raw.close();
      await Deno.remove(dir, { recursive: true });
    },
  };
}
