/**
 * apifn vs a hand-written `Deno.serve` + `Deno.openKv` server vs Hono + `Deno.openKv`: four
 * scenarios over the same data, one server at a time, rotating the order over the rounds.
 * Each server runs pinned to core 0 and wrk to core 1.
 *
 * @module
 */
import { measure, type Measurement } from "./lib/measure.ts";
import { BENCH, denoRun } from "./lib/paths.ts";
import { seedApifn, seedRaw } from "./lib/seed.ts";
import { startProcess } from "./lib/server_process.ts";
import { checkServer } from "./lib/check.ts";

/** A load scenario. */
export interface Scenario {
  /** Short id. */
  id: string;
  /** What it measures. */
  title: string;
  /** Path requested (a Lua script may vary it). */
  path: string;
  /** wrk connections. */
  connections: number;
  /** wrk Lua script under `bench/wrk/`. */
  script?: string;
}

/**
 * The four scenarios.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { SCENARIOS } from "./compare.ts";
 *
 * assert.deepEqual(SCENARIOS.map((s) => s.id), ["json", "entry", "list", "post"]);
 * ```
 */
export const SCENARIOS: readonly Scenario[] = [
  { id: "json", title: "GET constant JSON", path: "/api/hello", connections: 32 },
  {
    id: "entry",
    title: "GET one KV entry by id",
    path: "/",
    script: "get_entry.lua",
    connections: 32,
  },
  {
    id: "list",
    title: "GET list page of 20 of 1,000",
    path: "/api/items?limit=20",
    connections: 32,
  },
  {
    id: "post",
    title: "POST create (durable)",
    path: "/api/items",
    script: "post_item.lua",
    connections: 64,
  },
];

/**
 * The servers compared, by id.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { SERVERS } from "./compare.ts";
 *
 * assert.deepEqual(SERVERS, ["apifn", "raw", "hono"]);
 * ```
 */
export const SERVERS = ["apifn", "raw", "hono"] as const;
/**
 * A server id: the three compared, or `batch`, the hand-written server with its own minimal
 * group commit (`raw_server.ts --group-commit`), the POST ceiling of batching alone.
 */
export type ServerId = typeof SERVERS[number] | "batch";

function command(id: ServerId, kv: string): string[] {
  if (id === "apifn") return denoRun("bench/servers/apifn_server.ts", [`${BENCH}/apifn`, kv]);
  if (id === "batch") return denoRun("bench/servers/raw_server.ts", [kv, "--group-commit"]);
  return denoRun(`bench/servers/${id}_server.ts`, [kv]);
}

/** Results: `results[server][scenario]` holds one measurement per round, for the servers run. */
export type CompareResults = Partial<Record<ServerId, Record<string, Measurement[]>>>;

/**
 * Runs the comparison.
 *
 * @param options Rounds, seconds per measurement, items seeded, scenarios and servers (all by
 *   default), environment of the servers, progress output.
 * @returns Every measurement.
 *
 * @example Usage
 * ```ts ignore
 * import { runCompare } from "./compare.ts";
 *
 * const results = await runCompare({ rounds: 3, seconds: 10 });
 * ```
 */
export async function runCompare(
  options: {
    rounds: number;
    seconds: number;
    items?: number;
    scenarios?: readonly Scenario[];
    servers?: readonly ServerId[];
    env?: Record<string, string>;
    log?: (line: string) => void;
  },
): Promise<CompareResults> {
  const scenarios = options.scenarios ?? SCENARIOS;
  const servers = options.servers ?? SERVERS;
  const log = options.log ?? console.log;
  const items = options.items ?? 1000;
  const dir = await Deno.makeTempDir({ prefix: "apifn-bench-" });
  const templates = { raw: `${dir}/raw.sqlite3`, apifn: `${dir}/apifn.sqlite3` };
  await seedRaw(templates.raw, items);
  await seedApifn(templates.apifn, items);
  const results: CompareResults = {};
  for (const id of servers) results[id] = Object.fromEntries(scenarios.map((c) => [c.id, []]));
  try {
    for (let round = 0; round < options.rounds; round++) {
      const order = servers.map((_, i) => servers[(i + round) % servers.length]!);
      for (const id of order) {
        // A fresh copy of the seeded store for every run: earlier POSTs do not pile up.
        const kv = `${dir}/${id}-work.sqlite3`;
        await Deno.copyFile(id === "apifn" ? templates.apifn : templates.raw, kv);
        const server = await startProcess(command(id, kv), { cpus: "0", env: options.env ?? {} });
        try {
          await checkServer(server.url, { apifn: id === "apifn", items });
          for (const scenario of scenarios) {
            const m = await measure(server, `${server.url}${scenario.path}`, {
              connections: scenario.connections,
              seconds: options.seconds,
              cpus: "1",
              ...(scenario.script ? { script: `${BENCH}/wrk/${scenario.script}` } : {}),
            });
            results[id]![scenario.id]!.push(m);
            log(
              `round ${round + 1} ${id.padEnd(5)} ${scenario.id.padEnd(5)} ${
                m.rps.toFixed(0).padStart(7)
              } req/s  p99 ${m.p99Ms.toFixed(2)} ms  ${
                m.serverUsPerRequest.toFixed(1)
              } µs CPU/req  errors ${m.errors}  foreign ${m.foreignPercent.toFixed(0)}%`,
            );
          }
        } finally {
          await server.stop();
          for (const suffix of ["", "-wal", "-shm"]) await Deno.remove(kv + suffix).catch(() => {});
        }
      }
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  return results;
}
