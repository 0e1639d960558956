import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import { rawProblems, readRaw } from "./_raw.ts";

const FIXTURE = new URL("./fixtures/increment.ts", import.meta.url).pathname;
const N = 300;
const PROCESSES = 2;

interface Report {
  pid: number;
  increments: number;
  callbackRuns: number;
  stats: { commits: number; conflicts: number; transactionRetries: number };
}

Deno.test("transactions across processes - 2 processes × 300 increments of one counter give exactly 600", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-mp-" });
  const path = `${dir}/kv.sqlite3`;
  try {
    const children = Array.from({ length: PROCESSES }, () =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", "--unstable-kv", FIXTURE, path, String(N), String(PROCESSES)],
        stdout: "piped",
        stderr: "piped",
      }).output());
    const outputs = await Promise.all(children);
    const reports: Report[] = outputs.map((output) => {
      const stderr = new TextDecoder().decode(output.stderr);
      const stdout = new TextDecoder().decode(output.stdout);
      assert.equal(output.code, 0, `child exited with ${output.code}:\n${stderr}\n${stdout}`);
      return JSON.parse(stdout.trim());
    });
    for (const report of reports) {
      console.log(
        `process ${report.pid}: ${report.increments} increments, ${report.callbackRuns} callback runs, ` +
          `${report.stats.transactionRetries} transaction retries, ${report.stats.conflicts} commit conflicts`,
      );
      // One extra transaction registers the process as ready.
      assert.equal(report.callbackRuns, report.increments + 1 + report.stats.transactionRetries);
    }
    const store = await openKv(path, { sweepIntervalMs: 0 });
    try {
      assert.equal(await store.get(["counter"]), PROCESSES * N, "lost or extra increments");
      assert.equal(await store.get(["ready"]), PROCESSES);
      assert.equal((await store.list({ prefix: [] })).total, 2);
    } finally {
      await store.close();
    }
    assert.deepEqual(rawProblems(await readRaw(path)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
