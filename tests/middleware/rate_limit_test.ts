import assert from "node:assert/strict";
import { setRemoteAddress } from "../../src/http/remote_addr.ts";
import { openKv } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { rateLimit, type RateLimitOptions } from "../../src/middleware/rate_limit.ts";
import type { Middleware } from "../../src/middleware/types.ts";
import { runMiddleware } from "./_run.ts";

/** A store and a limiter on one fake clock (TTLs follow it too). */
async function setup(
  options: Partial<RateLimitOptions> = {},
): Promise<{ kv: KvStore; limit: Middleware; advance: (ms: number) => void } & AsyncDisposable> {
  let clock = 1_700_000_000_000;
  const now = () => clock;
  const kv = await openKv(":memory:", { now, sweepIntervalMs: 0 });
  const limit = rateLimit({
    window: 60,
    max: 3,
    key: (r) => r.headers.get("x-client")!,
    now,
    ...options,
  });
  return {
    kv,
    limit,
    advance: (ms) => void (clock += ms),
    [Symbol.asyncDispose]: () => kv.close(),
  };
}

function request(client: string): Request {
  return new Request("http://localhost/api/ping", { headers: { "x-client": client } });
}

async function call(limit: Middleware, kv: KvStore, client: string) {
  const { response, nextCalled } = await runMiddleware(limit, request(client), { kv });
  return {
    nextCalled,
    status: response.status,
    policy: response.headers.get("ratelimit-policy"),
    rateLimit: response.headers.get("ratelimit"),
    retryAfter: response.headers.get("retry-after"),
    type: response.headers.get("content-type"),
    body: await response.text(),
  };
}

Deno.test("rateLimit - max requests per key pass, then 429 with Retry-After and a JSON body", async () => {
  await using s = await setup();
  for (const remaining of [2, 1, 0]) {
    const passed = await call(s.limit, s.kv, "a");
    assert.equal(passed.status, 200);
    assert.equal(passed.nextCalled, true);
    assert.equal(passed.body, "ok");
    assert.equal(passed.policy, '"default";q=3;w=60');
    assert.equal(passed.rateLimit, `"default";r=${remaining};t=60`);
    assert.equal(passed.retryAfter, null);
  }
  s.advance(20_000);
  const limited = await call(s.limit, s.kv, "a");
  assert.equal(limited.status, 429);
  assert.equal(limited.nextCalled, false);
  assert.equal(limited.retryAfter, "40");
  assert.equal(limited.policy, '"default";q=3;w=60');
  assert.equal(limited.rateLimit, '"default";r=0;t=40');
  assert.equal(limited.type, "application/json; charset=utf-8");
  const body = JSON.parse(limited.body);
  assert.equal(body.error, "Too Many Requests");
  assert.equal(typeof body.requestId, "string");
  // Another key has its own budget.
  assert.equal((await call(s.limit, s.kv, "b")).rateLimit, '"default";r=2;t=60');
});

Deno.test("rateLimit - the window rolls over when it ends; refused requests are not counted", async () => {
  await using s = await setup({ max: 2 });
  await call(s.limit, s.kv, "a");
  s.advance(10_000);
  await call(s.limit, s.kv, "a");
  for (let i = 0; i < 5; i++) assert.equal((await call(s.limit, s.kv, "a")).status, 429);
  // The window started with the first request: it ends 60 s after it, not after the last.
  s.advance(49_500);
  const last = await call(s.limit, s.kv, "a");
  assert.deepEqual([last.status, last.retryAfter], [429, "1"]);
  assert.deepEqual(await s.kv.get(["apifn", "ratelimit", "default", "a"]), {
    count: 2,
    resetAt: 1_700_000_060_000,
  });
  s.advance(500);
  const fresh = await call(s.limit, s.kv, "a");
  assert.deepEqual([fresh.status, fresh.rateLimit], [200, '"default";r=1;t=60']);
  assert.deepEqual(await s.kv.get(["apifn", "ratelimit", "default", "a"]), {
    count: 1,
    resetAt: 1_700_000_120_000,
  });
});

Deno.test("rateLimit - counters live under the documented prefix and expire with their window", async () => {
  await using s = await setup({ name: "burst" });
  await call(s.limit, s.kv, "client-1");
  const key = ["apifn", "ratelimit", "burst", "client-1"];
  assert.deepEqual(await s.kv.get(key), { count: 1, resetAt: 1_700_000_060_000 });
  s.advance(59_999);
  assert.notEqual(await s.kv.get(key), null);
  s.advance(1);
  assert.equal(await s.kv.get(key), null);
  assert.equal((await s.kv.list({ prefix: ["apifn", "ratelimit"] })).total, 0);
});

Deno.test("rateLimit - the key defaults to the peer address", async (t) => {
  await using s = await setup({ key: undefined, max: 1 });
  const cases = [
    { name: "a served request counts for its peer", addr: "203.0.113.9", stored: "203.0.113.9" },
    { name: "a request without a peer counts as 'unknown'", addr: undefined, stored: "unknown" },
  ];
  for (const c of cases) {
    await t.step(c.name, async () => {
      const r = new Request("http://localhost/api/ping");
      if (c.addr) setRemoteAddress(r, { transport: "tcp", hostname: c.addr, port: 40000 });
      assert.equal((await runMiddleware(s.limit, r, { kv: s.kv })).response.status, 200);
      assert.notEqual(await s.kv.get(["apifn", "ratelimit", "default", c.stored]), null);
    });
  }
});

Deno.test("rateLimit - long keys are stored as their SHA-256; a key that is not a string is a TypeError", async () => {
  await using s = await setup();
  const long = "x".repeat(5000);
  assert.equal((await call(s.limit, s.kv, long)).status, 200);
  const [entry] = (await s.kv.list({ prefix: ["apifn", "ratelimit", "default"] })).items;
  assert.match(String(entry?.key[3]), /^sha256:[0-9a-f]{64}$/);

  const bad = rateLimit({ window: 60, max: 1, key: () => 42 as unknown as string });
  await assert.rejects(
    () => runMiddleware(bad, request("a"), { kv: s.kv }),
    new TypeError("Cannot rate limit request: key gave 42, expected a non-empty string"),
  );
});

Deno.test("rateLimit - immutable responses get the headers; nested limiters append theirs", async () => {
  await using s = await setup({ name: "outer", max: 5 });
  const inner = rateLimit({ window: 1, max: 2, name: "inner", key: () => "k", now: () => 0 });
  const { response } = await runMiddleware(s.limit, request("a"), {
    kv: s.kv,
    handler: (r, context) =>
      inner(r, context, () => Promise.resolve(Response.redirect("http://x/", 302))),
  });
  assert.equal(response.status, 302);
  assert.equal(response.headers.get("ratelimit-policy"), '"inner";q=2;w=1, "outer";q=5;w=60');
  assert.equal(response.headers.get("ratelimit"), '"inner";r=1;t=1, "outer";r=4;t=60');
});

Deno.test("rateLimit - concurrent requests in one process: exactly max pass", async () => {
  await using s = await setup({ max: 7 });
  const results = await Promise.all(
    Array.from({ length: 30 }, () => call(s.limit, s.kv, "busy")),
  );
  assert.equal(results.filter((r) => r.status === 200).length, 7);
  assert.equal(results.filter((r) => r.status === 429).length, 23);
});

Deno.test("rateLimit - bad options are refused, naming the value", async (t) => {
  const cases: { options: unknown; error: typeof TypeError; message: string }[] = [
    { options: { window: 0, max: 1 }, error: RangeError, message: "window 0" },
    { options: { window: 1.5, max: 1 }, error: RangeError, message: "window 1.5" },
    { options: { window: "60", max: 1 }, error: TypeError, message: "window '60'" },
    { options: { window: 60, max: -1 }, error: RangeError, message: "max -1" },
    { options: { window: 60, max: NaN }, error: RangeError, message: "max NaN" },
    { options: { window: 60 }, error: TypeError, message: "max undefined" },
    { options: { window: 60, max: 1, key: "ip" }, error: TypeError, message: "key 'ip'" },
    { options: { window: 60, max: 1, name: 'a"b' }, error: TypeError, message: `name 'a"b'` },
    { options: { window: 60, max: 1, name: "" }, error: TypeError, message: "name ''" },
    { options: { window: 60, max: 1, now: 5 }, error: TypeError, message: "now 5" },
    { options: undefined, error: TypeError, message: "options undefined" },
  ];
  for (const c of cases) {
    await t.step(c.message, () => {
      assert.throws(() => rateLimit(c.options as RateLimitOptions), (error: Error) => {
        assert.ok(error instanceof c.error, `${error.name}: ${error.message}`);
        assert.ok(
          error.message.startsWith(`Cannot create rate limit with ${c.message}`),
          error.message,
        );
        return true;
      });
    });
  }
});
