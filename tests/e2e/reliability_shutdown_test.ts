/**
 * Shutdown: SIGTERM while clients keep sending slow writes to a real `apifn start`. Every request
 * the server accepted (its function started) must complete and be answered; the process exits 0
 * with the store closed cleanly (no WAL left behind); a restart serves at once. Short (1 cycle)
 * by default; `APIFN_LONG=1` runs 5 cycles with more clients.
 */
import assert from "node:assert/strict";
import { LONG, pool, removeStore, startApifn } from "./reliability_server.ts";

const CYCLES = LONG ? 5 : 1;
const CLIENTS = LONG ? 48 : 16;

async function walBytes(kv: string): Promise<number> {
  try {
    return (await Deno.stat(`${kv}-wal`)).size;
  } catch {
    return 0;
  }
}

Deno.test("reliability - SIGTERM under load completes accepted requests, closes cleanly", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_shutdown_" });
  const kv = `${dir}/kv.sqlite3`;
  const answered = new Set<string>();
  const statuses: string[] = [];
  let refused = 0;
  try {
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      const server = await startApifn(kv);
      const load = pool(CLIENTS, async (i) => {
        const id = `s${cycle}-${i}`;
        try {
          const response = await fetch(`${server.url}/api/slow`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ id }),
          });
          const body = await response.json();
          if (response.status === 200 && body.id === id) answered.add(id);
          else statuses.push(`${id}: ${response.status}`);
          return true;
        } catch {
          refused++; // not accepted: the server had stopped listening
          return false;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 700));
      const signalled = performance.now();
      const status = await server.stop("SIGTERM");
      const exitMs = performance.now() - signalled;
      await load;
      assert.equal(status.code, 0, `exit code after SIGTERM:\n${server.output().slice(-2000)}`);
      assert.equal(await walBytes(kv), 0, "the store was closed cleanly (WAL checkpointed)");
      console.log(`shutdown cycle ${cycle + 1}: exited ${exitMs.toFixed(0)} ms after SIGTERM`);
    }
    const restarted = await startApifn(kv);
    try {
      const firstAt = performance.now();
      const progress = await (await fetch(`${restarted.url}/api/progress`)).json();
      const firstMs = performance.now() - firstAt;
      const started = new Set<string>(progress.started);
      const done = new Set<string>(progress.done);
      const unfinished = [...started].filter((id) => !done.has(id));
      const unanswered = [...started].filter((id) => !answered.has(id));
      const lost = [...answered].filter((id) => !done.has(id));
      console.log(
        `shutdown: ${CYCLES} SIGTERM cycle(s) × ${CLIENTS} clients: ${answered.size} answered, ` +
          `${refused} refused after shutdown began, ${started.size} accepted; accepted but ` +
          `unfinished ${unfinished.length}, accepted but unanswered ${unanswered.length}; ` +
          `restart listening in ${restarted.startupMs.toFixed(0)} ms, first answer ${
            firstMs.toFixed(0)
          } ms later`,
      );
      assert.deepEqual(statuses, []);
      assert.deepEqual(unfinished, []);
      assert.deepEqual(unanswered, []);
      assert.deepEqual(lost, []);
      assert.ok(answered.size > 0 && refused > 0, "requests were both served and refused");
    } finally {
      await restarted.stop();
    }
  } finally {
    await removeStore(kv);
    await Deno.remove(dir, { recursive: true });
  }
});
