/**
 * HTTP throughput with 10 routes vs 10,000 routes (two generated function folders), for a
 * static and a parameterised path, alternating the order over the rounds.
 *
 * @module
 */
import { measure, type Measurement } from "./lib/measure.ts";
import { denoRun } from "./lib/paths.ts";
import { startProcess } from "./lib/server_process.ts";
import { fmt, median, verdict } from "./lib/stats.ts";
import { writeTree } from "./lib/tree.ts";

const SIZES = [10, 10_000] as const;
const PATHS = [
  { id: "static", path: "/api/r0001/items" },
  { id: "param", path: "/api/r0001/items/8f14e45f" },
] as const;

/**
 * Runs the route-scaling benchmark.
 *
 * @param options Rounds and seconds per measurement.
 * @returns Raw data and a Markdown table.
 *
 * @example Usage
 * ```ts ignore
 * import { runRoutes } from "./routes_scale.ts";
 *
 * console.log((await runRoutes({ rounds: 3, seconds: 10 })).markdown);
 * ```
 */
export async function runRoutes(
  options: { rounds: number; seconds: number },
): Promise<{ data: unknown; markdown: string }> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-routes-" });
  const results: Record<string, Measurement[]> = {};
  const startup: Record<number, number[]> = { 10: [], 10_000: [] };
  const rss: Record<number, number[]> = { 10: [], 10_000: [] };
  try {
    for (const size of SIZES) await writeTree(`${dir}/t${size}`, size);
    for (let round = 0; round < options.rounds; round++) {
      const order = round % 2 === 0 ? SIZES : [...SIZES].reverse();
      for (const size of order) {
        const started = performance.now();
        const server = await startProcess(
          denoRun("bench/servers/apifn_server.ts", [`${dir}/t${size}`, ":memory:"]),
          { cpus: "0", timeoutMs: 600_000 },
        );
        startup[size]!.push(performance.now() - started);
        try {
          for (const { id, path } of PATHS) {
            const m = await measure(server, `${server.url}${path}`, {
              connections: 32,
              seconds: options.seconds,
              cpus: "1",
            });
            (results[`${size}:${id}`] ??= []).push(m);
            console.log(
              `round ${round + 1} ${String(size).padStart(5)} routes ${id.padEnd(6)} ${
                m.rps.toFixed(0).padStart(7)
              } req/s  ${m.serverUsPerRequest.toFixed(1)} µs CPU/req  errors ${m.errors}  foreign ${
                m.foreignPercent.toFixed(0)
              }%`,
            );
          }
          rss[size]!.push(server.rssKb());
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  const rows = [
    "| Path | 10 routes req/s | 10,000 routes req/s | ratio | CPU µs/req 10 | CPU µs/req 10,000 |",
    "| --- | ---: | ---: | --- | ---: | ---: |",
  ];
  for (const { id, path } of PATHS) {
    const small = results[`10:${id}`] ?? [];
    const large = results[`10000:${id}`] ?? [];
    const [a, b] = [small, large].map((l) => median(l.map((m) => m.rps))) as [number, number];
    const [ua, ub] = [small, large].map((l) => median(l.map((m) => m.serverUsPerRequest)));
    rows.push(
      `| ${id} \`${path}\` | ${fmt(a)} | ${fmt(b)} | ${verdict(b / a, 0.9)} | ${fmt(ua!, 1)} | ${
        fmt(ub!, 1)
      } |`,
    );
  }
  rows.push(
    "",
    `Startup to listening (all files imported, \`preload: true\`), median: 10 routes ${
      fmt(median(startup[10]!))
    } ms, 10,000 routes ${fmt(median(startup[10_000]!))} ms. RSS after the runs: ${
      fmt(median(rss[10]!) / 1024)
    } MiB vs ${fmt(median(rss[10_000]!) / 1024)} MiB.`,
  );
  return { data: { results, startup, rss }, markdown: rows.join("\n") };
}
