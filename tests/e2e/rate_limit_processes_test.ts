import assert from "node:assert/strict";
import { type ServerProcess, startServer } from "./_server.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const MAX = 25;

// A function that runs rateLimit() around its answer, until the middleware chain can put it in a
// `_middleware.ts`. The window is an hour: every request below falls in the same one.
const FUNCTION = `import { rateLimit } from ${JSON.stringify(MOD)};
const limit = rateLimit({
  window: 3600,
  max: ${MAX},
  key: (request) => request.headers.get("x-client") ?? "none",
});
export default (request, context) =>
  limit(request, context, () => Promise.resolve(context.json({ pid: Deno.pid })));
`;

type Hit = { status: number; pid: number | undefined; rateLimit: string | null };

async function hit(server: ServerProcess, client: string): Promise<Hit> {
  const response = await fetch(`${server.url}/api/hit`, { headers: { "x-client": client } });
  const body = await response.json();
  return { status: response.status, pid: body.pid, rateLimit: response.headers.get("ratelimit") };
}

/** `perServer` requests to each server at once, at most `inFlight` in flight on each. */
async function burst(servers: ServerProcess[], perServer: number, inFlight: number) {
  const results: Hit[] = [];
  await Promise.all(servers.flatMap((server) => {
    let left = perServer;
    return Array.from({ length: inFlight }, async () => {
      while (left-- > 0) results.push(await hit(server, "shared"));
    });
  }));
  return results;
}

Deno.test("rateLimit - two processes on one SQLite store: exactly max requests pass per window", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_ratelimit_" });
  await Deno.mkdir(`${root}/@api`);
  await Deno.writeTextFile(`${root}/@api/hit.get.ts`, FUNCTION);
  const kv = `${root}/shared.sqlite3`;
  const servers: ServerProcess[] = [];
  try {
    servers.push(await startServer("start", ["--root", root, "--kv", kv]));
    servers.push(await startServer("start", ["--root", root, "--kv", kv]));
    const [a, b] = servers as [ServerProcess, ServerProcess];

    // One process counts, the other sees its counts.
    for (let i = 0; i < 10; i++) assert.equal((await hit(a, "shared")).status, 200);
    const seen = await hit(b, "shared");
    assert.equal(seen.status, 200);
    assert.match(seen.rateLimit!, new RegExp(`^"default";r=${MAX - 11};t=\\d+$`));

    // Both at once, conflicting on one counter: exactly the rest of the budget passes.
    const results = await burst(servers, 30, 4);
    const passed = results.filter((r) => r.status === 200);
    assert.equal(passed.length, MAX - 11, JSON.stringify(results));
    assert.equal(results.filter((r) => r.status === 429).length, 60 - (MAX - 11));
    for (const server of servers) {
      const limited = await hit(server, "shared");
      assert.deepEqual([limited.status, limited.rateLimit?.split(";")[1]], [429, "r=0"]);
    }
    // Another client has its own budget on both.
    assert.match((await hit(b, "other")).rateLimit!, new RegExp(`r=${MAX - 1};`));
    assert.match((await hit(a, "other")).rateLimit!, new RegExp(`r=${MAX - 2};`));
  } finally {
    for (const server of servers) await server.stop("SIGTERM", 30_000);
    await Deno.remove(root, { recursive: true });
  }
});
