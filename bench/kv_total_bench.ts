/**
 * The cost of `total` at 100,000 entries under one prefix: apifn's `list` (page + exact total)
 * against a raw `Deno.Kv.list` of the same page, and against counting by listing everything
 * (what Deno KV users do today). `deno bench -A bench/kv_total_bench.ts`.
 *
 * Setup seeds the stores (~10 s) and asserts every total exact, TTL expiry included.
 *
 * @module
 */
import { LOCAL_LIMITS } from "../src/kv/engine/backend.ts";
import { countLive } from "../src/kv/api/count.ts";
import { decodeRecord, isLive } from "../src/kv/layout/records.ts";
import { decodeValue } from "../src/kv/layout/values.ts";
import { prepareTotalStores } from "./lib/kv_total_setup.ts";

const COUNT = 100_000;
const stores = await prepareTotalStores(COUNT, 1000);
globalThis.addEventListener("unload", () => void stores.close());

async function rawPage(kv: Deno.Kv, prefix: Deno.KvKey, limit: number, cursor?: string) {
  const iter = kv.list({ prefix }, { limit, ...(cursor ? { cursor } : {}) });
  const items = [];
  for await (const entry of iter) items.push(entry.value);
  return { items, cursor: iter.cursor };
}

// apifn's page read alone (what `list` does besides counting): 101 records, decoded.
async function apifnPageOnly(kv: Deno.Kv) {
  const items = [];
  const now = Date.now();
  for await (const entry of kv.list({ prefix: ["d", "items"] }, { limit: 101, batchSize: 101 })) {
    const record = decodeRecord(entry.value);
    if (record?.v && isLive(record, now)) items.push(decodeValue(record.v));
  }
  return items;
}

const firstRaw = await rawPage(stores.raw, ["items"], 100);
const firstApifn = await stores.clean.list({ prefix: ["items"] }, { limit: 100 });

Deno.bench(
  "raw Deno.Kv.list, 100 entries (no total)",
  { group: "first page", baseline: true },
  async () => {
    await rawPage(stores.raw, ["items"], 100);
  },
);
Deno.bench(
  "raw Deno.Kv.list of apifn's records (101, undecoded)",
  { group: "first page" },
  async () => {
    await rawPage(stores.cleanRaw, ["d", "items"], 101);
  },
);
Deno.bench("apifn page without counting (isolated)", { group: "first page" }, async () => {
  await apifnPageOnly(stores.cleanRaw);
});
Deno.bench("apifn countLive alone (isolated)", { group: "first page" }, async () => {
  await countLive({ kv: stores.cleanRaw, limits: LOCAL_LIMITS }, { prefix: ["items"] }, {
    now: Date.now(),
  });
});
Deno.bench("apifn list, 100 entries + exact total", { group: "first page" }, async () => {
  await stores.clean.list({ prefix: ["items"] }, { limit: 100 });
});
Deno.bench(
  "apifn list + total, 1,000 expired entries unswept",
  { group: "first page" },
  async () => {
    await stores.unswept.list({ prefix: ["items"] }, { limit: 100 });
  },
);

Deno.bench(
  "raw Deno.Kv.list, page 2 by cursor",
  { group: "second page", baseline: true },
  async () => {
    await rawPage(stores.raw, ["items"], 100, firstRaw.cursor);
  },
);
Deno.bench("apifn list, page 2 by cursor + exact total", { group: "second page" }, async () => {
  await stores.clean.list({ prefix: ["items"] }, { limit: 100, cursor: firstApifn.cursor! });
});

Deno.bench(
  "raw: count by listing all 100,000",
  { group: "count", baseline: true, n: 5, warmup: 1 },
  async () => {
    let n = 0;
    for await (const _ of stores.raw.list({ prefix: ["items"] }, { batchSize: 1000 })) n++;
    if (n !== COUNT) throw new Error(`counted ${n}`);
  },
);
Deno.bench("apifn: total of the first page", { group: "count" }, async () => {
  const { total } = await stores.clean.list({ prefix: ["items"] }, { limit: 1 });
  if (total !== COUNT) throw new Error(`total ${total}`);
});
