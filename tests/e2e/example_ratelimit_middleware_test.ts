import assert from "node:assert/strict";
import limit, { clientIp } from "../../examples/ratelimit/@api/_middleware.ts";
import { setRemoteAddress } from "../../src/http/remote_addr.ts";
import { openKv } from "../../src/kv/engine/open.ts";
import { runMiddleware } from "../middleware/_run.ts";

// The example's `_middleware.ts` called directly (tests/e2e/examples_test.ts serves it through the chain).
Deno.test("examples/ratelimit - _middleware.ts: 5 per minute per client IP, then 429", async () => {
  await using kv = await openKv(":memory:");
  const ping = async (forwardedFor?: string) => {
    const request = new Request("http://localhost/api/ping", {
      headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
    });
    setRemoteAddress(request, { transport: "tcp", hostname: "10.0.0.1", port: 5000 });
    const { response } = await runMiddleware(limit, request, {
      kv,
      handler: (_request, context) => context.json({ pong: true }),
    });
    await response.body?.cancel();
    return { status: response.status, rateLimit: response.headers.get("ratelimit") };
  };
  for (const remaining of [4, 3, 2, 1, 0]) {
    const passed = await ping("203.0.113.7, 10.0.0.1");
    assert.equal(passed.status, 200);
    assert.match(passed.rateLimit!, new RegExp(`^"default";r=${remaining};t=\\d+$`));
  }
  assert.equal((await ping("203.0.113.7")).status, 429);
  assert.equal((await ping("198.51.100.2")).status, 200);
  assert.equal((await ping()).status, 200);
  assert.ok(await kv.get(["apifn", "ratelimit", "default", "10.0.0.1"]));
  assert.equal(clientIp(new Request("http://localhost/")), "unknown");
});
