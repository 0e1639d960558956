/**
 * `deno task bench`: the HTTP benchmarks of apifn against hand-written Deno code and Hono,
 * route-table scaling, startup time, `--parallel` and memory. Results print as Markdown and
 * are saved under `bench/results/` (JSON and Markdown). Not part of CI.
 *
 * ```sh
 * deno task bench                                  # everything (~25 min)
 * deno task bench --only compare --rounds 3 --seconds 10
 * ```
 *
 * Sections: `compare`, `ceiling` (POST: apifn vs a hand-written group commit), `slowsync`,
 * `routes`, `startup`, `parallel`, `memory`.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { runCompare, SCENARIOS } from "./compare.ts";
import { buildSlowSync } from "./lib/slow_sync.ts";
import { renderCeiling, renderCompare } from "./compare_report.ts";
import { describeMachine } from "./lib/machine.ts";
import { ensureWrk } from "./lib/wrk.ts";
import { BENCH } from "./lib/paths.ts";
import { runRoutes } from "./routes_scale.ts";
import { runStartup } from "./startup.ts";
import { runParallel } from "./parallel_serve.ts";
import { runMemory } from "./memory.ts";

const SECTIONS = [
  "compare",
  "ceiling",
  "slowsync",
  "routes",
  "startup",
  "parallel",
  "memory",
] as const;

const { values } = parseArgs({
  args: Deno.args,
  options: {
    only: { type: "string", multiple: true },
    rounds: { type: "string", default: "3" },
    seconds: { type: "string", default: "10" },
    "memory-seconds": { type: "string", default: "60" },
  },
});
const only = values.only?.flatMap((s) => s.split(",")) ?? [...SECTIONS];
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) {
    throw new RangeError(`Unknown section '${name}': expected one of ${SECTIONS.join(", ")}`);
  }
}
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

await ensureWrk();
const started = new Date();
const machine = await describeMachine();
const out: string[] = [
  `# apifn benchmarks — ${started.toISOString()}`,
  "",
  "```",
  `deno task bench ${Deno.args.join(" ")}`.trim(),
  "```",
  "",
  machine,
  "",
];
const data: Record<string, unknown> = { started: started.toISOString(), args: Deno.args };

if (only.includes("compare")) {
  console.log(`\n== compare: ${rounds} rounds × ${seconds} s per scenario`);
  const results = await runCompare({ rounds, seconds });
  data.compare = results;
  out.push("## apifn vs hand-written vs Hono", "", renderCompare(results), "");
}
if (only.includes("ceiling")) {
  console.log(
    `\n== ceiling: POST, apifn vs hand-written with and without group commit, ${rounds} rounds`,
  );
  const results = await runCompare({
    rounds,
    seconds,
    scenarios: SCENARIOS.filter((s) => s.id === "post"),
    servers: ["apifn", "raw", "batch"],
  });
  data.ceiling = results;
  out.push("## POST: what group commit alone gives on this disk", "", renderCeiling(results), "");
}
if (only.includes("slowsync")) {
  const dir = await Deno.makeTempDir({ prefix: "apifn-slowsync-" });
  const lib = await buildSlowSync(dir);
  if (!lib) out.push("## Durable writes on a slow disk", "", "Skipped: gcc is not available.", "");
  else {
    console.log(`\n== slowsync: POST with every fsync 3 ms slower, ${rounds} rounds`);
    const scenarios = SCENARIOS.filter((s) => s.id === "post");
    const results = await runCompare({
      rounds,
      seconds,
      scenarios,
      env: { LD_PRELOAD: lib, SLOWSYNC_US: "3000" },
    });
    data.slowsync = results;
    out.push(
      "## Durable writes on an emulated slow disk (each fsync + 3 ms)",
      "",
      renderCompare(results, scenarios),
      "",
    );
  }
  await Deno.remove(dir, { recursive: true });
}
if (only.includes("routes")) {
  console.log(`\n== routes: 10 vs 10,000 routes, ${rounds} rounds`);
  const result = await runRoutes({ rounds, seconds });
  data.routes = result.data;
  out.push("## 10 vs 10,000 routes", "", result.markdown, "");
}
if (only.includes("startup")) {
  console.log("\n== startup: 1,000 function files");
  const result = await runStartup({ files: 1000, runs: 5 });
  data.startup = result.data;
  out.push("## Startup with 1,000 function files", "", result.markdown, "");
}
if (only.includes("parallel")) {
  console.log(
    `\n== parallel: single process vs start --parallel vs deno serve --parallel, ${rounds} rounds`,
  );
  const result = await runParallel({ rounds, seconds });
  data.parallel = result.data;
  out.push("## `start --parallel` and `deno serve --parallel`", "", result.markdown, "");
}
if (only.includes("memory")) {
  const memorySeconds = Number(values["memory-seconds"]);
  console.log(`\n== memory: ${memorySeconds} s at 32 connections`);
  const result = await runMemory({ seconds: memorySeconds });
  data.memory = result.data;
  out.push("## Memory under load", "", result.markdown, "");
}

const text = out.join("\n");
console.log(`\n${text}`);
const stamp = started.toISOString().replace(/[:.]/g, "-");
await Deno.mkdir(`${BENCH}/results`, { recursive: true });
await Deno.writeTextFile(`${BENCH}/results/${stamp}.md`, text);
await Deno.writeTextFile(`${BENCH}/results/${stamp}.json`, JSON.stringify(data, null, 2));
console.log(`\nSaved bench/results/${stamp}.md and .json`);
