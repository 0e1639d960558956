/**
 * The cost of the built-in middlewares on one request, beside calling the handler directly:
 * `cors()` on a preflight and on a simple request, `rateLimit()` (one KV transaction in a SQLite
 * file store) on an allowed and on a refused request.
 * `deno bench -A bench/builtin_middleware_bench.ts`.
 *
 * @module
 */
import { anonymousUser, createContext } from "../src/http/context.ts";
import { openKv } from "../src/kv/engine/open.ts";
import { cors } from "../src/middleware/cors.ts";
import { rateLimit } from "../src/middleware/rate_limit.ts";
import type { Middleware } from "../src/middleware/types.ts";

const dir = await Deno.makeTempDir({ prefix: "apifn-bench-middleware-" });
const kv = await openKv(`${dir}/kv.sqlite3`, { sweepIntervalMs: 0 });
globalThis.addEventListener("unload", () => {
  void kv.close().then(() => Deno.remove(dir, { recursive: true }));
});

const ORIGIN = "https://app.example";
const simple = () => new Request("http://localhost/api/x", { headers: { origin: ORIGIN } });
const preflight = () =>
  new Request("http://localhost/api/x", {
    method: "OPTIONS",
    headers: { origin: ORIGIN, "access-control-request-method": "PUT" },
  });

function run(middleware: Middleware | undefined, request: Request) {
  const context = createContext(request, {
    params: {},
    user: anonymousUser(),
    config: {},
    getKv: () => Promise.resolve(kv),
  });
  const next = () => Promise.resolve(new Response("ok"));
  return middleware ? middleware(request, context, next) : next();
}

const allowApp = cors({ origin: [ORIGIN], credentials: true, maxAge: 600 });
let client = 0;
const fresh = rateLimit({ window: 3600, max: 1_000_000_000, key: () => `c${client++}` });
const busy = rateLimit({ window: 3600, max: 1_000_000_000, key: () => "one" });
const refused = rateLimit({ window: 3600, max: 1, key: () => "refused" });
await run(refused, simple());

Deno.bench("handler alone", { group: "cors", baseline: true }, async () => {
  await run(undefined, simple());
});
Deno.bench("cors, simple request", { group: "cors" }, async () => {
  await run(allowApp, simple());
});
Deno.bench("cors, preflight", { group: "cors" }, async () => {
  await run(allowApp, preflight());
});
Deno.bench("handler alone", { group: "rateLimit", baseline: true }, async () => {
  await run(undefined, simple());
});
Deno.bench("the same KV transaction without the middleware", { group: "rateLimit" }, async () => {
  await kv.transaction(async (tx) => {
    const value = (await tx.get<{ count: number }>(["bench", "one"])) ?? { count: 0 };
    await tx.set(["bench", "one"], { count: value.count + 1 }, { ttlInSeconds: 3600 });
  });
});
Deno.bench("rateLimit, allowed, a new client each time", { group: "rateLimit" }, async () => {
  await run(fresh, simple());
});
Deno.bench("rateLimit, allowed, one client", { group: "rateLimit" }, async () => {
  await run(busy, simple());
});
Deno.bench("rateLimit, refused (429)", { group: "rateLimit" }, async () => {
  await (await run(refused, simple())).body?.cancel();
});
