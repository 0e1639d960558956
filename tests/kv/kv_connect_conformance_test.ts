/**
 * The KV conformance suite, and the server's own limit, over the KV Connect protocol, against a
 * test-only KV Connect server that enforces a `denokv` server's limits
 * (10 versionstamp checks per atomic write).
 *
 * @module
 */
import assert from "node:assert/strict";
import { conformanceCases } from "./conformance/all.ts";
import { kvConnectFactory, openRemoteStore } from "./fixtures/kv_connect/remote_store.ts";
import { startKvConnectServer } from "./fixtures/kv_connect/server.ts";
import { assertWithinLimits, TOKEN } from "./_kv_connect.ts";

Deno.test("KV Connect test server - refuses more than 10 checks the way denokv does", async () => {
  // Told the backend allows 11, apifn sends an 11-check commit: the server must refuse it.
  const server = await startKvConnectServer({ token: TOKEN });
  try {
    const store = await openRemoteStore(server, { token: TOKEN, maxChecks: 11 });
    try {
      await assert.rejects(
        store.transaction(async (tx) => {
          for (let i = 0; i < 11; i++) await tx.set(["k", i], i);
        }),
        /status=400 Bad Request\): Too many checks included in atomic write\./,
      );
      assert.equal((await store.list({ prefix: ["k"] })).total, 0);
    } finally {
      await store.close();
    }
    assert.equal(server.stats.tooManyChecks, 1);
    assert.equal(server.stats.maxChecksSeen, 11);
    assert.deepEqual(server.stats.errors, ["400 Too many checks included in atomic write."]);
  } finally {
    await server.close();
  }
});

Deno.test("KvStore conformance (KV Connect) - documented KV behaviour over the wire", async (t) => {
  const factory = kvConnectFactory();
  try {
    for (const c of conformanceCases()) await t.step(c.name, (step) => c.run(factory, step));
  } finally {
    await factory.dispose();
  }
  assert.ok(factory.servers.length > 10);
  for (const server of factory.servers) assertWithinLimits(server);
});
