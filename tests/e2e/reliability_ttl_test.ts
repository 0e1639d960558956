/**
 * TTL under load: entries with TTLs of 1–3 s are written while clients keep reading them (by id
 * and by list pages). No read may return an entry at or past its expiry (checked against the
 * server's clock, read just before the read) and none may miss a live one; afterwards the
 * sweeper must have removed them physically (raw Deno KV inspected after closing: no records
 * or `x` keys left, and the collection's counters at 0). Short (1,000 entries) by default; `APIFN_LONG=1` writes 10,000.
 */
import assert from "node:assert/strict";
import { counterValue, isCounterKey } from "../../src/kv/layout/counters.ts";
import { LONG, pool, removeStore, startApifn } from "./reliability_server.ts";

const ENTRIES = LONG ? 10_000 : 1_000;
const SWEEP_WAIT_MS = LONG ? 180_000 : 20_000;

async function rawLeft(kv: string): Promise<{ data: number; index: number; counted: number }> {
  const raw = await Deno.openKv(kv);
  try {
    let data = 0;
    let index = 0;
    let counted = 0;
    for await (const entry of raw.list({ prefix: ["d", "ttl"] })) {
      if (isCounterKey(entry.key)) counted += counterValue(entry.value);
      else data++;
    }
    for await (const _ of raw.list({ prefix: ["x"] })) index++;
    return { data, index, counted };
  } finally {
    raw.close();
  }
}

Deno.test("reliability - TTL entries are never read past expiry and are swept", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_ttl_" });
  const kv = `${dir}/kv.sqlite3`;
  const server = await startApifn(kv);
  const expiry = new Map<string, number>();
  const ids: string[] = [];
  const stale: string[] = [];
  const missing: string[] = [];
  let reads = 0;
  let listed = 0;
  let writing = true;
  let lastExpiry = 0;
  const check = (value: { id: string; expiresAt: number } | null, id: string, at: number[]) => {
    const [readStart, readEnd] = at as [number, number];
    if (value !== null && readStart >= value.expiresAt) {
      stale.push(`${id} (get at ${readStart}, expired at ${value.expiresAt})`);
    }
    const known = expiry.get(id);
    if (value === null && known !== undefined && readEnd < known) missing.push(id);
  };
  try {
    const writers = pool(16, async (i) => {
      if (i >= ENTRIES) return false;
      const id = `e${i}`;
      const ttlMs = 1000 + (i * 7919) % 2001;
      const response = await fetch(`${server.url}/api/ttl`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id, ttlMs }),
      });
      const body = await response.json();
      assert.equal(response.status, 201);
      expiry.set(id, body.expiresAt);
      ids.push(id);
      lastExpiry = Math.max(lastExpiry, body.expiresAt);
    }).finally(() => (writing = false));
    const readers = pool(16, async (i) => {
      if (!writing && Date.now() > lastExpiry + 300) return false;
      if (ids.length === 0) return void await new Promise((r) => setTimeout(r, 5));
      if (i % 20 === 0) {
        let cursor: string | null = null;
        do {
          const query: string = cursor ? `?cursor=${cursor}` : "";
          const page = await (await fetch(`${server.url}/api/ttl${query}`)).json();
          for (const value of page.values) {
            if (page.readStart >= value.expiresAt) {
              stale.push(
                `${value.id} (listed at ${page.readStart}, expired at ${value.expiresAt})`,
              );
            }
            listed++;
          }
          cursor = page.cursor;
        } while (cursor);
        return;
      }
      const id = ids[(i * 7919) % ids.length]!;
      const body = await (await fetch(`${server.url}/api/ttl/${id}`)).json();
      check(body.value, id, [body.readStart, body.readEnd]);
      reads++;
    });
    await Promise.all([writers, readers]);
    const expiredAt = Date.now();
    let left = await rawLeft(kv);
    while ((left.data > 0 || left.index > 0) && Date.now() - expiredAt < SWEEP_WAIT_MS) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      left = await rawLeft(kv);
    }
    const sweptMs = Date.now() - lastExpiry;
    assert.equal((await server.stop()).code, 0);
    const afterClose = await rawLeft(kv);
    console.log(
      `ttl: ${ENTRIES} entries (TTL 1–3 s), ${reads} reads by id + ${listed} entries listed; ` +
        `returned past expiry ${stale.length}, missing before expiry ${missing.length}; ` +
        `physically gone ≤ ${sweptMs} ms after the last expiry (sweeper every 5 s); after close: ${afterClose.data} ` +
        `records, ${afterClose.index} expiry-index keys`,
    );
    assert.deepEqual(stale, []);
    assert.deepEqual(missing, []);
    assert.deepEqual(afterClose, { data: 0, index: 0, counted: 0 });
  } finally {
    await server.stop();
    await removeStore(kv);
    await Deno.remove(dir, { recursive: true });
  }
});
