/**
 * Reading large values (stored in 63 KiB chunks) from a SQLite file store: apifn with direct
 * reads (the record and its chunks read from the file on the calling thread) against the same
 * store reading through Deno KV (`directReads: false`). Plain Deno KV cannot store a value over
 * 64 KiB at all. `deno bench -A bench/kv_large_bench.ts`.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openKv } from "../src/kv/open.ts";

const dir = await Deno.makeTempDir({ prefix: "apifn-bench-large-" });
const path = `${dir}/kv.sqlite3`;
const direct = await openKv(path, { sweepIntervalMs: 0 });
const viaKv = await openKv(path, { sweepIntervalMs: 0, directReads: false });
globalThis.addEventListener("unload", () => {
  void direct.close().then(() => viaKv.close()).then(() => Deno.remove(dir, { recursive: true }));
});

const SIZES: [string, number][] = [["100 KB", 100_000], ["1 MB", 1_000_000 - 100]];
for (const [name, size] of SIZES) {
  const value = { name, body: "x".repeat(size - 40) };
  await direct.set(["large", name], value);
  assert.deepEqual(await direct.get(["large", name]), value);
  assert.deepEqual(await viaKv.get(["large", name]), value);
}
assert.ok(direct.stats.directReads > 0 && viaKv.stats.directReads === 0);

for (const [name] of SIZES) {
  Deno.bench(`get ${name}, through Deno KV`, { group: name, baseline: true }, async () => {
    await viaKv.get(["large", name]);
  });
  Deno.bench(`get ${name}, direct reads`, { group: name }, async () => {
    await direct.get(["large", name]);
  });
}
