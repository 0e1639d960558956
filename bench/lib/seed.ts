/**
 * Seeding the benchmark stores: the same items, written with each store's own API (apifn's store
 * lays data out differently from plain Deno KV, so it is seeded through `openKv`).
 *
 * @module
 */
import { openKv } from "../../mod.ts";

/**
 * The id of item `i`: zero-padded, so ids sort like their numbers.
 *
 * @param i The item number.
 * @returns The id.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { itemId } from "./seed.ts";
 *
 * assert.equal(itemId(7), "0007");
 * ```
 */
export function itemId(i: number): string {
  return String(i).padStart(4, "0");
}

/**
 * Item `i` as every server stores it.
 *
 * @param i The item number.
 * @returns A small JSON object (~150 bytes).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { item } from "./seed.ts";
 *
 * assert.equal(item(3).id, "0003");
 * ```
 */
export function item(i: number): { id: string; title: string; content: string; createdAt: number } {
  return {
    id: itemId(i),
    title: `Item number ${i}`,
    content: "lorem ipsum dolor sit amet ".repeat(4),
    createdAt: 1_764_000_000_000 + i,
  };
}

/**
 * Writes `count` items under `["items", id]` into a plain Deno KV file.
 *
 * @param path The SQLite file.
 * @param count How many items.
 * @returns When written and closed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { seedRaw } from "./seed.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await seedRaw(`${dir}/kv.sqlite3`, 3);
 * const kv = await Deno.openKv(`${dir}/kv.sqlite3`);
 * assert.equal((await kv.get(["items", "0002"])).value !== null, true);
 * kv.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function seedRaw(path: string, count: number): Promise<void> {
  const kv = await Deno.openKv(path);
  for (let first = 0; first < count; first += 500) {
    const atomic = kv.atomic();
    for (let i = first; i < Math.min(count, first + 500); i++) {
      atomic.set(["items", itemId(i)], item(i));
    }
    await atomic.commit();
  }
  kv.close();
}

/**
 * Writes `count` items under `["items", id]` through apifn's store API.
 *
 * @param path The SQLite file.
 * @param count How many items.
 * @returns When written and closed.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "../../mod.ts";
 * import { seedApifn } from "./seed.ts";
 *
 * const dir = await Deno.makeTempDir();
 * await seedApifn(`${dir}/kv.sqlite3`, 3);
 * const kv = await openKv(`${dir}/kv.sqlite3`, { sweepIntervalMs: 0 });
 * assert.equal((await kv.list({ prefix: ["items"] })).total, 3);
 * await kv.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function seedApifn(path: string, count: number): Promise<void> {
  const kv = await openKv(path, { sweepIntervalMs: 0 });
  const writes = [];
  for (let i = 0; i < count; i++) writes.push(kv.set(["items", itemId(i)], item(i)));
  await Promise.all(writes);
  await kv.close();
}
