/**
 * Route matching cost against table size: a static route, a param route and a 404, each in
 * tables of 10, 1,000 and 10,000 routes. The 10-route case is the baseline of each group, so
 * `deno bench bench/routing_bench.ts` prints how much slower the larger tables are.
 *
 * Each resource `r0000`, `r0001`, … contributes 5 routes, like a small REST API:
 * `GET|POST /api/rNNNN/items` and `GET|PUT|DELETE /api/rNNNN/items/[id]`. Every table holds
 * the resource the requests ask for, so the requests are identical across sizes.
 *
 * @module
 */

import assert from "node:assert/strict";
import type { Method } from "../src/routing/method.ts";
import type { Segment } from "../src/routing/segment.ts";
import { createRouteTable, type RouteDefinition } from "../src/routing/table.ts";

const SIZES = [10, 1_000, 10_000];
const ROUTES_PER_RESOURCE = 5;

const CASES = [
  { group: "static", method: "GET", path: "/api/r0001/items", expect: "route" },
  { group: "param", method: "GET", path: "/api/r0001/items/8f14e45f", expect: "route" },
  { group: "404", method: "GET", path: "/api/r9999/items", expect: "not-found" },
] as const;

/** A REST-like table of `size` routes. */
function routesOf(size: number): RouteDefinition<number>[] {
  const routes: RouteDefinition<number>[] = [];
  for (let i = 0; i < size / ROUTES_PER_RESOURCE; i++) {
    const resource = `r${String(i).padStart(4, "0")}`;
    const items: Segment[] = [
      { type: "static", value: "api" },
      { type: "static", value: resource },
      { type: "static", value: "items" },
    ];
    const item: Segment[] = [...items, { type: "param", name: "id" }];
    const add = (method: Method, segments: Segment[]) =>
      routes.push({ method, segments, file: `${resource}/${routes.length}`, data: routes.length });
    add("GET", items);
    add("POST", items);
    add("GET", item);
    add("PUT", item);
    add("DELETE", item);
  }
  return routes;
}

/** Results are checked so the matching cannot be optimized away. */
let misses = 0;

const tables = SIZES.map((size) => createRouteTable(routesOf(size)));

// Warm every table up before measuring: the tables share one compiled `match`, so otherwise
// whichever table runs first would see it while its feedback is still monomorphic.
for (const table of tables) {
  for (const { method, path, expect } of CASES) {
    for (let i = 0; i < 20_000; i++) assert.equal(table.match(method, path).kind, expect);
  }
}

for (const [index, table] of tables.entries()) {
  const size = SIZES[index]!;
  assert.equal(table.routes.length, size);
  for (const { group, method, path, expect } of CASES) {
    Deno.bench({
      name: `${group}, ${size.toLocaleString("en-US")} routes`,
      group,
      baseline: index === 0,
      fn() {
        if (table.match(method, path).kind !== expect) misses++;
      },
    });
  }
}

globalThis.addEventListener("unload", () => assert.equal(misses, 0));
