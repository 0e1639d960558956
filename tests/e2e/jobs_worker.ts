/**
 * A job worker process for the jobs tests: `serve()` over `fixtures/jobs` on a store file, with
 * a short lease, and (with `JOBS_SPEED`) a fast clock shared by every process started with the
 * same `JOBS_BASE` and `JOBS_REAL_BASE`. Records its start on that clock at `["started", pid]`.
 *
 * Usage: `deno run -A --unstable-kv jobs_worker.ts <kv file>`
 *
 * @module
 */
import { serve } from "../../mod.ts";
import { type Clock, sleepUnref } from "../../src/jobs/clock.ts";
import { openKv } from "../../src/kv/engine/open.ts";

const FIXTURE = new URL("./fixtures/jobs", import.meta.url).pathname;
const speed = Number(Deno.env.get("JOBS_SPEED") ?? "1");
const base = Number(Deno.env.get("JOBS_BASE") ?? "0");
const realBase = Number(Deno.env.get("JOBS_REAL_BASE") ?? "0");
const clock: Clock = speed === 1 ? { now: () => Date.now(), sleep: sleepUnref } : {
  now: () => base + (Date.now() - realBase) * speed,
  sleep: (ms, signal) => sleepUnref(ms / speed, signal),
};
const kv = await openKv(Deno.args[0]!);
await kv.set(["started", Deno.pid], clock.now());
await serve({
  root: FIXTURE,
  kv,
  port: 0,
  hostname: "127.0.0.1",
  log: false,
  jobs: { clock, leaseMs: 1500 * speed, idlePollMs: 200 * speed, stopGraceMs: 1000 * speed },
  onListen: ({ port }) => console.log(`listening on http://127.0.0.1:${port}/`),
});
