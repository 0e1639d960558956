/**
 * The cost of middleware on the request path: GET of a constant-JSON function through
 * `app.respond()` with no middleware (the baseline), with one pass-through `_middleware.ts`,
 * and with three (one per folder level). Files are real modules in a temp folder, imported at
 * startup. `deno bench -A bench/middleware_bench.ts` (wall time per request);
 * `deno run -A bench/middleware_bench.ts` measures the CPU time this process spends per request
 * instead (cases interleaved over rounds, medians), which other programs on a shared machine
 * disturb less.
 *
 * @module
 */
import assert from "node:assert/strict";
import process from "node:process";
import { createApp } from "../src/app.ts";

const root = await Deno.makeTempDir({ prefix: "apifn-bench-mw-" });
const PASS = "export default (_request, _context, next) => next();\n";
const HELLO = "export default (_request, context) => context.json({ hello: 'world' });\n";
const files: Record<string, string> = {
  "@api/plain/hello.get.ts": HELLO,
  "@api/one/_middleware.ts": PASS,
  "@api/one/hello.get.ts": HELLO,
  "@api/three/_middleware.ts": PASS,
  "@api/three/b/_middleware.ts": PASS,
  "@api/three/b/c/_middleware.ts": PASS,
  "@api/three/b/c/hello.get.ts": HELLO,
};
for (const [name, text] of Object.entries(files)) {
  await Deno.mkdir(`${root}/${name}`.replace(/\/[^/]*$/, ""), { recursive: true });
  await Deno.writeTextFile(`${root}/${name}`, text);
}
const app = await createApp({ root, kv: ":memory:", loadEnv: false });
let closed: Promise<void> | undefined;
const cleanUp = () => closed ??= app.close().then(() => Deno.remove(root, { recursive: true }));
globalThis.addEventListener("unload", () => void cleanUp());

const CASES = [
  { name: "no middleware", path: "/api/plain/hello", baseline: true },
  { name: "one pass-through middleware", path: "/api/one/hello", baseline: false },
  { name: "three pass-through middlewares", path: "/api/three/b/c/hello", baseline: false },
];

for (const { path } of CASES) {
  // Checked once, so the benchmark measures answers, not errors.
  const response = await app.respond(new Request(`http://localhost${path}`));
  assert.deepEqual(await response.json(), { hello: "world" });
}

let statuses = 0;
for (const { name, path, baseline } of CASES) {
  const url = `http://localhost${path}`;
  Deno.bench(name, { group: "GET JSON", baseline }, async () => {
    const response = await app.respond(new Request(url));
    statuses += response.status;
  });
}

/** CPU µs per request of each case: `rounds` rounds of `count` requests, case order rotated. */
async function measureCpu(rounds = 7, count = 30_000): Promise<void> {
  const samples = CASES.map(() => [] as number[]);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < CASES.length; k++) {
      const i = (round + k) % CASES.length;
      const request = `http://localhost${CASES[i]!.path}`;
      const before = process.cpuUsage();
      for (let n = 0; n < count; n++) statuses += (await app.respond(new Request(request))).status;
      const used = process.cpuUsage(before);
      samples[i]!.push((used.user + used.system) / count);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
  const base = median(samples[0]!);
  for (const [i, { name }] of CASES.entries()) {
    const value = median(samples[i]!);
    const delta = i === 0 ? "" : ` (${value >= base ? "+" : ""}${(value - base).toFixed(2)} µs)`;
    console.log(`${name.padEnd(32)} ${value.toFixed(2)} µs CPU per request${delta}`);
  }
}

if (import.meta.main) {
  await measureCpu();
  await cleanUp();
}
