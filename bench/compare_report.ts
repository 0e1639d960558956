/**
 * The comparison as Markdown: medians per server and scenario, the apifn/raw and apifn/Hono
 * ratios with the targets, p99 latency and server CPU per request.
 *
 * @module
 */
import type { CompareResults, Scenario } from "./compare.ts";
import { SCENARIOS } from "./compare.ts";
import type { Measurement } from "./lib/measure.ts";
import { fmt, median, verdict } from "./lib/stats.ts";

/**
 * Minimum apifn/raw throughput ratio per scenario.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { TARGETS } from "./compare_report.ts";
 *
 * assert.equal(TARGETS.post, 3);
 * ```
 */
export const TARGETS: Record<string, number> = { json: 0.95, entry: 0.95, list: 0.9, post: 3 };

function med(list: readonly Measurement[], pick: (m: Measurement) => number): number {
  return median(list.map(pick));
}

/**
 * Renders the comparison results.
 *
 * @param results Every measurement, per server and scenario.
 * @returns Markdown tables.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderCompare } from "./compare_report.ts";
 *
 * const m = {
 *   rps: 100, requests: 1000, p50Ms: 1, p99Ms: 2, errors: 0, cpuSeconds: 1,
 *   serverUsPerRequest: 10, serverCores: 1, foreignPercent: 0, attempts: 1,
 * };
 * const one = { json: [m], entry: [m], list: [m], post: [m] };
 * const text = renderCompare({ apifn: one, raw: one, hono: one });
 * assert.match(text, /GET constant JSON/);
 * assert.match(text, /json: apifn\/hand-written per round 1\.00 \(paired median 1\.00×\)/);
 * ```
 */
export function renderCompare(
  results: CompareResults,
  scenarios: readonly Scenario[] = SCENARIOS,
): string {
  const rows = [
    "| Scenario | apifn req/s | hand-written req/s | Hono req/s | apifn / hand-written | apifn / Hono |",
    "| --- | ---: | ---: | ---: | --- | ---: |",
  ];
  const latency = [
    "| Scenario | p99 apifn | p99 hand-written | p99 Hono | CPU µs/req apifn | hand-written | Hono | CPU ratio raw/apifn | errors | max foreign CPU |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const scenario of scenarios) {
    const a = results.apifn?.[scenario.id] ?? [];
    const r = results.raw?.[scenario.id] ?? [];
    const h = results.hono?.[scenario.id] ?? [];
    const [ra, rr, rh] = [a, r, h].map((list) => med(list, (m) => m.rps)) as [
      number,
      number,
      number,
    ];
    const target = TARGETS[scenario.id]!;
    rows.push(
      `| ${scenario.title} (c=${scenario.connections}) | ${fmt(ra)} | ${fmt(rr)} | ${fmt(rh)} | ${
        verdict(ra / rr, target)
      } | ${fmt(ra / rh, 2)}× |`,
    );
    const [ua, ur, uh] = [a, r, h].map((list) => med(list, (m) => m.serverUsPerRequest)) as [
      number,
      number,
      number,
    ];
    const errors = [...a, ...r, ...h].reduce((sum, m) => sum + m.errors, 0);
    const foreign = Math.max(...[...a, ...r, ...h].map((m) => m.foreignPercent));
    latency.push(
      `| ${scenario.id} | ${fmt(med(a, (m) => m.p99Ms), 2)} ms | ${
        fmt(med(r, (m) => m.p99Ms), 2)
      } ms | ${fmt(med(h, (m) => m.p99Ms), 2)} ms | ${fmt(ua, 1)} | ${fmt(ur, 1)} | ${
        fmt(uh, 1)
      } | ${fmt(ur / ua, 2)}× | ${errors} | ${fmt(foreign)}% |`,
    );
  }
  const perRound = scenarios.map((scenario) => {
    const a = results.apifn?.[scenario.id] ?? [];
    const r = results.raw?.[scenario.id] ?? [];
    const ratios = a.map((m, i) => m.rps / (r[i]?.rps ?? NaN));
    // Each round measures both servers minutes apart: the median of these paired ratios cancels
    // the VM's drift between rounds (the verdict above stays on the ratio of medians).
    return `- ${scenario.id}: apifn/hand-written per round ${
      ratios.map((x) => fmt(x, 2)).join(", ")
    } (paired median ${fmt(median(ratios), 2)}×)`;
  });
  return [...rows, "", ...latency, "", ...perRound].join("\n");
}

function pairedRatio(top: readonly Measurement[], bottom: readonly Measurement[]): number {
  return median(top.map((m, i) => m.rps / (bottom[i]?.rps ?? NaN)));
}

/**
 * Renders the POST ceiling: apifn beside the hand-written server committing each request
 * alone (`raw`) and the same server with a minimal group commit of its own (`batch`).
 *
 * @param results Measurements of `apifn`, `raw` and `batch` in the `post` scenario.
 * @returns A Markdown table and the paired ratios.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderCeiling } from "./compare_report.ts";
 *
 * const m = (rps: number) => ({
 *   rps, requests: rps, p50Ms: 1, p99Ms: 2, errors: 0, cpuSeconds: 1,
 *   serverUsPerRequest: 1e6 / rps, serverCores: 1, foreignPercent: 0, attempts: 1,
 * });
 * const text = renderCeiling({
 *   apifn: { post: [m(400)] }, raw: { post: [m(100)] }, batch: { post: [m(200)] },
 * });
 * assert.match(text, /apifn \/ group-commit hand-written: 2\.00× \(paired 2\.00×\)/);
 * ```
 */
export function renderCeiling(results: CompareResults): string {
  const [a, r, b] = [results.apifn, results.raw, results.batch].map((s) => s?.post ?? []) as [
    Measurement[],
    Measurement[],
    Measurement[],
  ];
  const rows = [
    "| Server (POST, c=64) | req/s | CPU µs/req | p99 | errors |",
    "| --- | ---: | ---: | ---: | ---: |",
  ];
  const names: [string, Measurement[]][] = [
    ["apifn", a],
    ["hand-written, one commit per request", r],
    ["hand-written with its own group commit", b],
  ];
  for (const [name, list] of names) {
    rows.push(
      `| ${name} | ${fmt(med(list, (m) => m.rps))} | ${
        fmt(med(list, (m) => m.serverUsPerRequest), 1)
      } | ${fmt(med(list, (m) => m.p99Ms), 2)} ms | ${
        list.reduce((sum, m) => sum + m.errors, 0)
      } |`,
    );
  }
  const ratio = (x: Measurement[], y: Measurement[]) =>
    `${fmt(med(x, (m) => m.rps) / med(y, (m) => m.rps), 2)}× (paired ${
      fmt(pairedRatio(x, y), 2)
    }×)`;
  return [
    ...rows,
    "",
    `- group-commit hand-written / hand-written: ${ratio(b, r)}`,
    `- apifn / hand-written: ${ratio(a, r)}`,
    `- apifn / group-commit hand-written: ${ratio(a, b)}`,
  ].join("\n");
}
