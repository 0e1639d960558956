import assert from "node:assert/strict";
import { JwksCache } from "../../src/auth/jwks.ts";
import { jwtAuthenticator } from "../../src/auth/jwt.ts";
import { bearer, jwk, signToken, testKey } from "./_jwt.ts";

/** A real JWKS server on 127.0.0.1 (port 0) whose key set and behaviour tests can change. */
function jwksServer() {
  const state = {
    keys: [] as unknown[],
    hits: 0,
    status: 200,
    hang: false,
  };
  const hung: (() => void)[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    state.hits++;
    if (state.hang) await new Promise<void>((resolve) => hung.push(resolve));
    if (state.status !== 200) return new Response("down", { status: state.status });
    return Response.json({ keys: state.keys });
  });
  return {
    state,
    url: `http://127.0.0.1:${server.addr.port}/.well-known/jwks.json`,
    async close() {
      for (const resolve of hung) resolve();
      await server.shutdown();
    },
  };
}

Deno.test("jwtAuthenticator with jwksUrl - fetches once, caches, refreshes on an unknown kid after the cooldown", async () => {
  const server = jwksServer();
  const a = await testKey("RS256");
  const b = await testKey("ES256");
  server.state.keys = [await jwk(a, { kid: "a" })];
  let now = 1_800_000_000_000;
  const authenticate = jwtAuthenticator({
    jwksUrl: server.url,
    now: () => now,
    jwks: { cooldownSeconds: 30, maxAgeSeconds: 600 },
  });
  try {
    const tokenA = await signToken(a, { email: "a@x" }, { kid: "a" });
    for (let i = 0; i < 20; i++) assert.equal((await authenticate(bearer(tokenA)))?.email, "a@x");
    assert.equal(server.state.hits, 1, "fetched once for 20 requests");

    // The IdP rotates in key b. Within the cooldown, an unknown kid does not refetch.
    server.state.keys = [await jwk(a, { kid: "a" }), await jwk(b, { kid: "b" })];
    const tokenB = await signToken(b, { email: "b@x" }, { kid: "b" });
    await assert.rejects(authenticate(bearer(tokenB)), /no key with kid 'b'/);
    assert.equal(server.state.hits, 1);

    now += 31_000; // past the cooldown: the unknown kid triggers one refetch
    assert.equal((await authenticate(bearer(tokenB)))?.email, "b@x");
    assert.equal(server.state.hits, 2);

    // A flood of made-up kids fetches at most once per cooldown.
    now += 31_000;
    for (let i = 0; i < 50; i++) {
      const forged = await signToken(b, { email: "x" }, { kid: `forged-${i}` });
      await assert.rejects(authenticate(bearer(forged)));
    }
    assert.equal(server.state.hits, 3);

    // After the maximum age the set is refetched (keys removed at the IdP stop working).
    server.state.keys = [await jwk(b, { kid: "b" })];
    now += 601_000;
    await assert.rejects(authenticate(bearer(tokenA)), /no key with kid 'a'/);
    assert.equal(server.state.hits, 4);
  } finally {
    await server.close();
  }
});

Deno.test("JwksCache - concurrent first requests share one fetch", async () => {
  const server = jwksServer();
  const key = await testKey("EdDSA");
  server.state.keys = [await jwk(key, { kid: "k" })];
  const cache = new JwksCache(server.url);
  try {
    const found = await Promise.all(Array.from({ length: 10 }, () => cache.find("k")));
    assert.equal(found.every((keys) => keys.length === 1), true);
    assert.equal(server.state.hits, 1);
  } finally {
    await server.close();
  }
});

Deno.test("JwksCache - failures: timeout, error status, bad keys; old keys kept", async (t) => {
  const server = jwksServer();
  const key = await testKey("ES384");
  let now = 0;
  try {
    await t.step("a server that never answers times out", async () => {
      server.state.hang = true;
      const cache = new JwksCache(server.url, { timeoutMs: 100, now: () => now });
      await assert.rejects(cache.find("k"), /timed out/);
      server.state.hang = false;
    });
    await t.step("an error status rejects, then the cooldown stops refetching", async () => {
      server.state.status = 500;
      const cache = new JwksCache(server.url, { now: () => now });
      const before = server.state.hits;
      await assert.rejects(cache.find("k"), /status 500/);
      await assert.rejects(cache.find("k"), /status 500/);
      assert.equal(server.state.hits, before + 1);
      server.state.status = 200;
    });
    await t.step("keys that are symmetric, for encryption or unknown are skipped", async () => {
      const skipped: string[] = [];
      server.state.keys = [
        { kty: "oct", k: "c2VjcmV0", kid: "k" },
        await jwk(key, { kid: "k", use: "enc" }),
        { kty: "XYZ", kid: "k" },
        await jwk(key, { kid: "k" }),
      ];
      const cache = new JwksCache(server.url, { now: () => now, onSkip: (m) => skipped.push(m) });
      const found = await cache.find("k");
      assert.equal(found.length, 1);
      assert.deepEqual(found[0]!.algorithms, ["ES384"]);
      assert.equal(skipped.length, 3);
    });
    await t.step("a failed refresh keeps serving the keys already fetched", async () => {
      server.state.keys = [await jwk(key, { kid: "k" })];
      const cache = new JwksCache(server.url, { now: () => now, maxAgeSeconds: 1 });
      assert.equal((await cache.find("k")).length, 1);
      server.state.status = 503;
      now += 60_000;
      assert.equal((await cache.find("k")).length, 1);
      server.state.status = 200;
    });
  } finally {
    await server.close();
  }
});
