/**
 * Crash: clients POST continuously (some values 300–900 KB) to a real `apifn start` on a file
 * store, recording every acknowledged id; the server is SIGKILLed mid-load; after a restart
 * every acknowledged entry must be present and whole. Short by default; `APIFN_LONG=1` runs
 * 5 kill/restart cycles of 8 s each.
 */
import assert from "node:assert/strict";
import { LONG, payload, pool, removeStore, startApifn } from "./reliability_server.ts";

const CYCLES = LONG ? 5 : 1;
const LOAD_MS = LONG ? 8000 : 2500;
const CLIENTS = LONG ? 16 : 8;

interface Acked {
  id: string;
  size: number;
}

/** POSTs until the server dies; returns the acknowledged writes. */
async function load(url: string, cycle: number): Promise<{ acked: Acked[]; large: number }> {
  const acked: Acked[] = [];
  let large = 0;
  await pool(CLIENTS, async (i, loop) => {
    const id = `c${cycle}-${loop}-${i}`;
    // Every 10th request carries a large value, 300–900 KB.
    const size = i % 10 === 5 ? 300_000 + (i * 7919) % 600_000 : 64 + i % 512;
    try {
      const response = await fetch(`${url}/api/entries`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ id, size, data: payload(id, size) }),
      });
      const body = await response.json();
      if (response.status !== 201 || body.id !== id) return false;
      acked.push({ id, size });
      if (size > 100_000) large++;
      return true;
    } catch {
      return false; // the server is gone: this request was never acknowledged
    }
  });
  return { acked, large };
}

/** Reads every acknowledged entry back; returns the ids missing or not whole. */
async function verify(url: string, acked: readonly Acked[]): Promise<string[]> {
  const bad: string[] = [];
  let next = 0;
  await pool(8, async () => {
    const entry = acked[next++];
    if (!entry) return false;
    const response = await fetch(`${url}/api/entries/${entry.id}`);
    const value = response.status === 200 ? await response.json() : await response.body?.cancel();
    const whole = value?.id === entry.id && value.size === entry.size &&
      value.data === payload(entry.id, entry.size);
    if (!whole) bad.push(entry.id);
  });
  return bad;
}

Deno.test("reliability - SIGKILL mid-load loses no acknowledged write", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_crash_" });
  const kv = `${dir}/kv.sqlite3`;
  const all: Acked[] = [];
  let largeTotal = 0;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startApifn(kv);
      const running = load(server.url, cycle);
      await new Promise((resolve) => setTimeout(resolve, LOAD_MS));
      const status = await server.stop("SIGKILL");
      assert.equal(status.signal, "SIGKILL");
      const { acked, large } = await running;
      all.push(...acked);
      largeTotal += large;
      assert.ok(acked.length > 0, "the load made progress before the kill");
    }
    const server = await startApifn(kv);
    try {
      const lost = await verify(server.url, all);
      console.log(
        `crash: ${CYCLES} SIGKILL cycle(s), ${all.length} acknowledged writes (${largeTotal} of ` +
          `300–900 KB), lost or torn after restart: ` +
          `${lost.length}`,
      );
      assert.deepEqual(lost, []);
      assert.ok(largeTotal > 0, "large values were written");
      const page = await (await fetch(`${server.url}/api/entries?limit=1`)).json();
      assert.ok(page.total >= all.length, "total counts every acknowledged entry");
    } finally {
      await server.stop();
    }
  } finally {
    await removeStore(kv);
    await Deno.remove(dir, { recursive: true });
  }
});
