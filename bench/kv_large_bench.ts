/**
 * Large values (stored in 63 KiB chunks) in a SQLite file store: `get` and `set` of 100 KB and
 * 1 MB values. Plain Deno KV cannot store a value over 64 KiB at all.
 * `deno bench -A bench/kv_large_bench.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openKv } from "../src/kv/engine/open.ts";

const dir = await Deno.makeTempDir({ prefix: "apifn-bench-large-" });
const store = await openKv(`${dir}/kv.sqlite3`, { sweepIntervalMs: 0 });
globalThis.addEventListener("unload", () => {
  void store.close().then(() => Deno.remove(dir, { recursive: true }));
});

const SIZES: [string, number][] = [["100 KB", 100_000], ["1 MB", 1_000_000 - 100]];
for (const [name, size] of SIZES) {
  const value = { name, body: "x".repeat(size - 40) };
  await store.set(["large", name], value);
  assert.deepEqual(await store.get(["large", name]), value);
  Deno.bench(`get ${name}`, { group: name, baseline: true }, async () => {
    await store.get(["large", name]);
  });
  Deno.bench(`set ${name}`, { group: name }, async () => {
    await store.set(["large", name], value);
  });
}
