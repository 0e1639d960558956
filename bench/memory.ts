/**
 * Memory under load: apifn (pinned to core 0, logs off) after a warm-up, then after a long run
 * at 32 connections of mixed requests (GET JSON, GET entry, list page, POST), reading the
 * server's VmRSS from `/proc/<pid>/status`.
 *
 * @module
 */
import { runWrk } from "./lib/wrk.ts";
import { BENCH, denoRun } from "./lib/paths.ts";
import { seedApifn } from "./lib/seed.ts";
import { startProcess } from "./lib/server_process.ts";
import { fmt } from "./lib/stats.ts";

/**
 * Runs the memory benchmark.
 *
 * @param options `seconds` of measured load (after 15 s of warm-up).
 * @returns Raw data and a Markdown table.
 *
 * @example Usage
 * ```ts ignore
 * import { runMemory } from "./memory.ts";
 *
 * console.log((await runMemory({ seconds: 60 })).markdown);
 * ```
 */
export async function runMemory(
  options: { seconds: number; warmupSeconds?: number },
): Promise<{ data: unknown; markdown: string }> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-memory-" });
  const warmup = options.warmupSeconds ?? 15;
  try {
    const kv = `${dir}/kv.sqlite3`;
    await seedApifn(kv, 1000);
    const server = await startProcess(
      denoRun("bench/servers/apifn_server.ts", [`${BENCH}/apifn`, kv]),
      { cpus: "0" },
    );
    try {
      const script = `${BENCH}/wrk/mixed.lua`;
      const idle = server.rssKb();
      const warm = await runWrk(server.url, {
        connections: 32,
        seconds: warmup,
        script,
        cpus: "1",
      });
      const afterWarmup = server.rssKb();
      const samples: number[] = [];
      const sampler = setInterval(() => samples.push(server.rssKb()), 1000);
      const load = await runWrk(server.url, {
        connections: 32,
        seconds: options.seconds,
        script,
        cpus: "1",
      });
      clearInterval(sampler);
      const afterLoad = server.rssKb();
      const growth = afterLoad / afterWarmup - 1;
      const peak = Math.max(...samples, afterLoad);
      console.log(
        `RSS idle ${idle} KB, after warm-up ${afterWarmup} KB, after ${options.seconds} s ${afterLoad} KB (peak ${peak} KB), ${
          load.rps.toFixed(0)
        } req/s, errors ${load.errors + warm.errors}`,
      );
      const markdown = [
        "| Moment | VmRSS |",
        "| --- | ---: |",
        `| idle, after start | ${fmt(idle / 1024, 1)} MiB |`,
        `| after ${warmup} s warm-up (same load) | ${fmt(afterWarmup / 1024, 1)} MiB |`,
        `| after ${options.seconds} s at 32 connections | ${fmt(afterLoad / 1024, 1)} MiB |`,
        `| peak during the run (sampled every second) | ${fmt(peak / 1024, 1)} MiB |`,
        "",
        `Growth after warm-up: ${fmt(growth * 100, 1)}% (target within 10%: ${
          Math.abs(growth) <= 0.1 ? "PASS" : "MISS"
        }). Load: ${fmt(load.rps)} req/s mixed, ${
          fmt(load.requests)
        } requests, ${load.errors} errors, p99 ${fmt(load.p99Ms, 2)} ms.`,
      ].join("\n");
      return { data: { idle, afterWarmup, afterLoad, peak, samples, load }, markdown };
    } finally {
      await server.stop();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
