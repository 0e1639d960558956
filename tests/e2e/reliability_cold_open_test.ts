/**
 * Cold open: two `apifn start` processes (as with `start --parallel`, or two instances) get
 * their first requests at the same moment on a store file that does not exist yet, so both
 * open it concurrently. Every request must succeed.
 *
 * `Deno.openKv` can throw `database is locked` while the other process creates the file:
 * `openKv` retries it, and an app does not keep a failed open. Before that fix this failed in
 * roughly 1 of 8 attempts on the 2-core VM. Short by default (4 attempts); `APIFN_LONG=1`: 20.
 */
import assert from "node:assert/strict";
import { LONG, removeStore, startApifn } from "./reliability_server.ts";

const ATTEMPTS = LONG ? 20 : 4;

Deno.test({
  name: "reliability - two processes opening a fresh store at once both serve",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "apifn_cold_open_" });
    const failed: string[] = [];
    try {
      for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
        const kv = `${dir}/kv${attempt}.sqlite3`;
        const servers = await Promise.all([startApifn(kv), startApifn(kv)]);
        try {
          const responses = await Promise.all(
            Array.from(
              { length: 32 },
              (_, i) => fetch(`${servers[i % 2]!.url}/api/counter`, { method: "POST" }),
            ),
          );
          for (const [i, response] of responses.entries()) {
            await response.body?.cancel();
            if (response.status !== 200) {
              failed.push(`attempt ${attempt} request ${i}: ${response.status}`);
            }
          }
          // A later request must work too (a failed open must not stick).
          for (const server of servers) {
            const response = await fetch(`${server.url}/api/stats`);
            await response.body?.cancel();
            if (response.status !== 200) {
              failed.push(`attempt ${attempt} later: ${response.status}`);
            }
          }
        } finally {
          for (const server of servers) await server.stop();
          await removeStore(kv);
        }
      }
      console.log(`cold open: ${ATTEMPTS} attempts, failed requests ${failed.length}`);
      assert.deepEqual(failed, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
