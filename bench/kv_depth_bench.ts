/**
 * The cost of a `set` of a new key by key depth (2, 8 and 64 parts) in a SQLite file store,
 * beside a plain `Deno.Kv.set` of the same key. Counters exist for prefixes of up to 8 parts
 * only, so from 8 parts on a write commits the same number of counter rows.
 * `deno bench -A bench/kv_depth_bench.ts`.
 *
 * @module
 */
import { openKv } from "../src/kv/engine/open.ts";

const dir = await Deno.makeTempDir({ prefix: "apifn-bench-depth-" });
const store = await openKv(`${dir}/apifn.sqlite3`, { sweepIntervalMs: 0 });
const raw = await Deno.openKv(`${dir}/raw.sqlite3`);
globalThis.addEventListener("unload", () => {
  raw.close();
  void store.close().then(() => Deno.remove(dir, { recursive: true }));
});

let n = 0;
for (const depth of [2, 8, 64]) {
  const prefix = Array.from({ length: depth - 1 }, (_, i) => `part${i}`);
  Deno.bench(
    `plain Deno.Kv.set, ${depth} parts`,
    { group: `${depth} parts`, baseline: true },
    async () => {
      await raw.set([...prefix, n++], { n });
    },
  );
  Deno.bench(`apifn set, ${depth} parts`, { group: `${depth} parts` }, async () => {
    await store.set([...prefix, n++], { n });
  });
}
