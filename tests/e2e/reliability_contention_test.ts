/**
 * Contention: concurrent clients increment one counter through a function that uses
 * `kv.transaction`, spread over two `apifn start` processes sharing one SQLite store. The
 * counter must end exactly at clients × increments, every increment must return a distinct
 * value (serializable), and the retries are printed. Short by default (8 × 25); `APIFN_LONG=1`
 * runs 32 × 100.
 */
import assert from "node:assert/strict";
import { LONG, pool, removeStore, startApifn } from "./reliability_server.ts";

const CLIENTS = LONG ? 32 : 8;
const INCREMENTS = LONG ? 100 : 25;

Deno.test("reliability - transactional increments across two processes are exact", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_contention_" });
  const kv = `${dir}/kv.sqlite3`;
  const servers = [await startApifn(kv), await startApifn(kv)];
  try {
    // Each process opens the store before the load, one after the other: opening a fresh store
    // from two processes at the same moment is reliability_cold_open_test.ts's subject.
    for (const server of servers) await (await fetch(`${server.url}/api/stats`)).body?.cancel();
    const values: number[] = [];
    const failures: string[] = [];
    const started = performance.now();
    await pool(CLIENTS, async (_i, client) => {
      for (let n = 0; n < INCREMENTS; n++) {
        // Each client alternates between the two processes.
        const server = servers[(client + n) % 2]!;
        const response = await fetch(`${server.url}/api/counter`, { method: "POST" });
        const body = await response.json();
        if (response.status === 200) values.push(body.value);
        else failures.push(`${response.status} ${JSON.stringify(body)}`);
      }
      return false;
    });
    const seconds = (performance.now() - started) / 1000;
    const stats = await Promise.all(
      servers.map(async (s) => await (await fetch(`${s.url}/api/stats`)).json()),
    );
    const retries = stats.reduce((sum, s) => sum + s.transactionRetries, 0);
    const expected = CLIENTS * INCREMENTS;
    console.log(
      `contention: ${CLIENTS} clients × ${INCREMENTS} increments over 2 processes → counter ` +
        `${stats[0].counter} (expected ${expected}) in ${seconds.toFixed(1)} s; transaction ` +
        `retries ${retries} (${stats.map((s) => s.transactionRetries).join(" + ")}); failed ` +
        `requests ${failures.length}`,
    );
    assert.deepEqual(failures, []);
    assert.equal(stats[0].counter, expected);
    assert.equal(stats[1].counter, expected);
    assert.deepEqual(
      values.sort((a, b) => a - b),
      Array.from({ length: expected }, (_, i) => i + 1),
      "every increment saw a distinct value",
    );
  } finally {
    for (const server of servers) await server.stop();
    await removeStore(kv);
    await Deno.remove(dir, { recursive: true });
  }
});
