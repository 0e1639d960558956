import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { openKv, storeBackend } from "../../src/kv/engine/open.ts";
import { type Spawned, spawnServer } from "../_process.ts";
import { run } from "../cli/_cli.ts";

const WORKER = new URL("./jobs_worker.ts", import.meta.url).pathname;
const FIXTURE = new URL("./fixtures/jobs", import.meta.url).pathname;

function startWorker(kv: string, env: Record<string, string> = {}): Promise<Spawned> {
  return spawnServer([Deno.execPath(), "run", "-A", "--unstable-kv", WORKER, kv], {
    env,
    keep: 20_000,
  });
}

/** Polls `read` until `done` holds; fails after 60 s. */
async function until<T>(what: string, read: () => Promise<T>, done: (v: T) => boolean) {
  const end = Date.now() + 60_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function all<T>(kv: KvStore, prefix: (string | number)[]) {
  const found = [];
  for await (const entry of kv.entries({ prefix })) {
    found.push(entry as { key: unknown[]; value: T });
  }
  return found;
}

Deno.test("jobs across two processes on one store file - at least once, dead letters, delay, kill -9, CLI", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/kv.sqlite3`;
  const app = await createApp({ root: FIXTURE, kv: file }); // enqueues only: no worker here
  const kv = (await app.getKv()) as KvStore;
  const workers = [await startWorker(file), await startWorker(file)];
  try {
    await t.step("1,000 jobs: each runs at least once, 1,000 distinct in all", async () => {
      for (let n = 0; n < 1000; n += 100) {
        await Promise.all(
          Array.from({ length: 100 }, (_, i) => app.enqueue("count", { n: n + i })),
        );
      }
      const runs = await until(
        "1,000 distinct jobs",
        () => all<number>(kv, ["runs"]),
        (found) => new Set(found.map((run) => run.key[1])).size === 1000,
      );
      const byPid = Object.groupBy(runs, (run) => String(run.value));
      console.log(
        `1,000 jobs: ${runs.length} runs, by process:`,
        Object.keys(byPid).map((pid) => byPid[pid]!.length),
      );
    });

    await t.step(
      "a failing job lands in the dead letters with its error after its attempts",
      async () => {
        const id = await app.enqueue("fail", { why: "test" }, { attempts: 3, backoff: 10 });
        const letter = await until(
          "the dead letter",
          () => storeBackend(kv)!.kv.get<{ error: string; runs: number }>(["j", "dead", id]),
          (entry) => entry.versionstamp !== null,
        );
        assert.match(letter.value!.error, /^Error: always fails: test/);
        assert.equal(letter.value!.runs, 3);
        assert.equal((await all(kv, ["failed", id])).length, 3);
      },
    );

    await t.step(
      "apifn jobs lists the dead letter; retry runs it again; drop deletes it",
      async () => {
        const cli = (...args: string[]) => run(["jobs", ...args, "--root", FIXTURE, "--kv", file]);
        const listed = await cli();
        assert.equal(listed.code, 0, listed.stderr);
        assert.match(
          listed.stdout,
          /Dead letters: 1\n {2}(\w+) {2}fail .* after 3 runs: Error: always fails: test/,
        );
        const id = listed.stdout.match(/Dead letters: 1\n {2}(\w+)/)![1]!;
        assert.match(listed.stdout, /every-minute {13}\* \* \* \* \*/);
        assert.equal((await cli("retry", id)).stdout, "Requeued 1 dead letter\n");
        await until("three more runs", () => all(kv, ["failed", id]), (runs) => runs.length === 6);
        const again = await until(
          "the dead letter again",
          () => storeBackend(kv)!.kv.get<{ runs: number }>(["j", "dead", id]),
          (entry) => entry.versionstamp !== null,
        );
        assert.equal(again.value!.runs, 3);
        assert.equal((await cli("drop", id)).stdout, "Dropped 1 dead letter\n");
        assert.equal((await cli("drop", id)).code, 1);
        assert.match((await cli("--json")).stdout, /"dead": \[\]/);
      },
    );

    await t.step("a delayed job does not run before its delay", async () => {
      const before = Date.now();
      await app.enqueue("late", { key: "a" }, { delay: 1500 });
      const ran = await until("the delayed job", () => kv.get<number>(["late", "a"]), Boolean);
      assert.ok(ran! >= before + 1500, `ran ${ran! - before} ms after the enqueue`);
    });

    await t.step("kill -9 of the worker running a job: the job runs again", async () => {
      await app.enqueue("block", null, { attempts: 3 });
      const first = await until("the first run", () => kv.get<number>(["block", 1]), Boolean);
      const victim = workers.find((worker) => worker.pid === first)!;
      await victim.stop("SIGKILL");
      const second = await until("the second run", () => kv.get<number>(["block", 2]), Boolean);
      assert.notEqual(second, first);
    });
  } finally {
    await Promise.all(
      workers.map((worker) => worker.exited() ? undefined : worker.stop("SIGTERM", 20_000)),
    );
    await app.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("schedules across two processes with an injected clock - one run per tick, no replay of missed ticks", async (t) => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/kv.sqlite3`;
  const minute = 60_000;
  // Both processes read one fast clock: a minute passes in a second.
  const env = {
    JOBS_SPEED: "60",
    JOBS_BASE: String(Date.UTC(2026, 0, 1, 10, 0, 30)),
    JOBS_REAL_BASE: String(Date.now()),
  };
  const kv = await openKv(file);
  const ticks = async (space: string) =>
    (await all<number>(kv, [space])).map((run) => ({ tick: run.key[1] as number, pid: run.value }));
  const claimed = async (name: string) =>
    (await storeBackend(kv)!.kv.get<{ tick: number }>(["j", "sched", name])).value!.tick;
  let workers = [await startWorker(file, env), await startWorker(file, env)];
  try {
    await t.step("two processes: every tick runs once", async () => {
      const runs = await until(
        "five ticks",
        () => ticks("ticks"),
        (found) => new Set(found.map((run) => run.tick)).size >= 5,
      );
      await until("a catch-up tick", () => ticks("caught"), (found) => found.length > 0);
      const perTick = Object.groupBy(runs, (run) => String(run.tick));
      for (const [tick, list] of Object.entries(perTick)) {
        assert.equal(
          list!.length,
          1,
          `tick ${new Date(Number(tick)).toISOString()} ran ${list!.length} times`,
        );
        assert.equal(Number(tick) % minute, 0);
      }
    });

    await t.step(
      "ticks missed while no process ran are not replayed; catchUp runs the latest once",
      async () => {
        await Promise.all(workers.map((worker) => worker.stop("SIGTERM", 20_000)));
        const lastEvery = await claimed("every-minute");
        const lastCaught = await claimed("catch-up");
        // Three minutes of the fast clock pass with no process up.
        await new Promise((resolve) => setTimeout(resolve, 3500));
        workers = [await startWorker(file, env)];
        const started = await kv.get<number>(["started", workers[0]!.pid]);
        await until(
          "a tick after the restart",
          () => ticks("ticks"),
          (found) => found.some((run) => run.tick > started!),
        );
        const replayed = (await ticks("ticks")).filter((r) =>
          r.tick > lastEvery && r.tick <= started!
        );
        assert.deepEqual(replayed, []);
        const latestMissed = Math.floor(started! / (2 * minute)) * 2 * minute;
        assert.ok(latestMissed > lastCaught, "a catch-up tick was missed while down");
        const caught = await until(
          "the catch-up run",
          () => ticks("caught"),
          (found) => found.some((run) => run.tick > lastCaught),
        );
        const afterStop = caught.filter((run) => run.tick > lastCaught && run.tick <= started!);
        assert.deepEqual(afterStop.map((run) => run.tick), [latestMissed]);
      },
    );
  } finally {
    await Promise.all(
      workers.map((worker) => worker.exited() ? undefined : worker.stop("SIGTERM", 20_000)),
    );
    await kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});
