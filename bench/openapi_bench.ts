/**
 * What request validation costs: the same JSON POST to a function with an `openapi` operation
 * (a path parameter, a query parameter, a header and a body schema) and to the same function
 * without one, through the app in process (no network: the difference is the framework's own
 * work). Rounds alternate A/B; each row is the median of the rounds.
 *
 * `deno run -A --unstable-kv bench/openapi_bench.ts [--rounds 7] [--requests 20000]`
 *
 * @module
 */
import assert from "node:assert/strict";
import { createApp } from "../src/app.ts";
import { createMemoryFs } from "../src/routing/memory_fs.ts";
import { fmt, median } from "./lib/stats.ts";

const args = Deno.args;
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = option("rounds", 7);
const REQUESTS = option("requests", 20_000);

const operation = {
  parameters: [
    { name: "list", in: "path", schema: { type: "string", pattern: "^[a-z0-9-]{1,40}$" } },
    { name: "notify", in: "query", schema: { type: "boolean" } },
    { name: "x-request-source", in: "header", schema: { enum: ["web", "app", "cli"] } },
  ],
  requestBody: {
    required: true,
    content: {
      "application/json": {
        schema: {
          type: "object",
          required: ["title"],
          additionalProperties: false,
          properties: {
            title: { type: "string", minLength: 1, maxLength: 200 },
            content: { type: "string", maxLength: 10_000 },
            tags: { type: "array", maxItems: 10, items: { type: "string", maxLength: 40 } },
            priority: { type: "integer", minimum: 0, maximum: 5 },
          },
        },
      },
    },
  },
};
const handler = async (request: Request) => {
  const body = await request.json() as { title: string };
  return new Response(body.title, { status: 201 });
};
const app = await createApp({
  root: "/project",
  kv: ":memory:",
  fs: createMemoryFs({
    "@api/validated/[list].post.ts": { default: handler, openapi: operation },
    "@api/plain/[list].post.ts": { default: handler },
  }),
  logger: { warn() {}, error() {} },
});

const BODY = JSON.stringify({
  title: "Buy milk",
  content: "Two litres, semi-skimmed, from the shop on the corner.",
  tags: ["home", "errands"],
  priority: 2,
});
// As a server's request has them (the framing tells whether a body was sent).
const HEADERS = {
  "content-type": "application/json",
  "content-length": String(new TextEncoder().encode(BODY).byteLength),
  "x-request-source": "web",
};

async function round(kind: "validated" | "plain"): Promise<number> {
  const url = `http://localhost/api/${kind}/groceries?notify=true`;
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i++) {
    const response = await app.respond(
      new Request(url, { method: "POST", body: BODY, headers: HEADERS }),
    );
    if (response.status !== 201) {
      assert.fail(`${kind}: ${response.status} ${await response.text()}`);
    }
    await response.arrayBuffer();
  }
  return (performance.now() - started) * 1000 / REQUESTS;
}

await round("validated");
await round("plain");
const times = { validated: [] as number[], plain: [] as number[] };
for (let i = 0; i < ROUNDS; i++) {
  times.plain.push(await round("plain"));
  times.validated.push(await round("validated"));
}
await app.close();

const plain = median(times.plain);
const validated = median(times.validated);
console.log(`${ROUNDS} rounds of ${REQUESTS} POSTs each, in process (median of rounds)\n`);
console.log("| route                     | µs/request | requests/s | vs plain |");
console.log("| ------------------------- | ---------: | ---------: | -------: |");
for (
  const [name, us] of [["plain (no openapi)", plain], ["validated (openapi)", validated]] as const
) {
  const ratio = `${us >= plain ? "+" : ""}${fmt(((us - plain) / plain) * 100, 1)}%`;
  console.log(
    `| ${name.padEnd(25)} | ${fmt(us, 2).padStart(10)} | ${fmt(1e6 / us).padStart(10)} | ${
      ratio.padStart(8)
    } |`,
  );
}
console.log(`\nvalidation adds ${fmt(validated - plain, 2)} µs per request`);
