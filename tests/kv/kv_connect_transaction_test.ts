/**
 * Transactions, tokens and createApp end to end over the KV Connect protocol, against a
 * test-only KV Connect server that enforces a `denokv` server's limits
 * (10 versionstamp checks per atomic write).
 *
 * @module
 */
import assert from "node:assert/strict";
import { createApp } from "../../src/app.ts";
import { openKv } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { createMemoryFs } from "../../src/routing/fs.ts";
import type { ApiFunction } from "../../src/types.ts";
import { openRemoteStore, withToken } from "./fixtures/kv_connect/remote_store.ts";
import { startKvConnectServer } from "./fixtures/kv_connect/server.ts";
import { assertWithinLimits, TOKEN, withRemote } from "./_kv_connect.ts";

Deno.test("openKv over KV Connect - transactions", async (t) => {
  await withRemote(async (store, server) => {
    await t.step("20 concurrent read-modify-write increments end at 20", async () => {
      await Promise.all(Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          const n = (await tx.get<number>(["counter"])) ?? 0;
          await tx.set(["counter"], n + 1);
        })));
      assert.equal(await store.get(["counter"]), 20);
    });

    await t.step(
      "two stores on one server (two processes) increment without losing updates",
      async () => {
        const other = await openRemoteStore(server, { token: TOKEN });
        try {
          const increment = (kv: KvStore) =>
            kv.transaction(async (tx) => {
              const n = (await tx.get<number>(["shared"])) ?? 0;
              await tx.set(["shared"], n + 1);
            });
          await Promise.all(Array.from({ length: 20 }, (_, i) => increment(i % 2 ? store : other)));
        } finally {
          await other.close();
        }
        assert.equal(await store.get(["shared"]), 20);
      },
    );

    await t.step("10 distinct keys commit", async () => {
      await store.transaction(async (tx) => {
        await tx.getMany(Array.from({ length: 5 }, (_, i) => ["read", i]));
        for (let i = 0; i < 5; i++) await tx.set(["ten", i], i);
      });
      assert.equal((await store.list({ prefix: ["ten"] })).total, 5);
    });

    await t.step("11 distinct keys reject with the limit of 10 and write nothing", async () => {
      const before = server.stats.writes;
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.getMany(Array.from({ length: 6 }, (_, i) => ["read", i]));
          for (let i = 0; i < 5; i++) await tx.set(["eleven", i], i);
        }),
        (error: Error) =>
          /11 keys/.test(error.message) && /the 10 this KV backend/.test(error.message),
      );
      assert.equal(server.stats.writes, before);
      assert.equal((await store.list({ prefix: ["eleven"] })).total, 0);
    });

    await t.step("a large value counts twice against the limit", async () => {
      const big = "x".repeat(100 * 1024);
      await assert.rejects(
        store.transaction(async (tx) => {
          for (let i = 0; i < 9; i++) await tx.set(["twice", i], i);
          await tx.set(["twice", "big"], big);
        }),
        /the 10 this KV backend/,
      );
      assert.equal((await store.list({ prefix: ["twice"] })).total, 0);
      await store.transaction(async (tx) => {
        for (let i = 0; i < 8; i++) await tx.set(["twice", i], i);
        await tx.set(["twice", "big"], big);
      });
      assert.equal(await store.get(["twice", "big"]), big);
      assert.equal((await store.list({ prefix: ["twice"] })).total, 9);
    });
  });
});

Deno.test("openKv over KV Connect - a wrong token rejects with a clear error", async () => {
  const server = await startKvConnectServer({ token: TOKEN });
  try {
    await assert.rejects(
      withToken("not-the-token", () => openKv(server.url, { sweepIntervalMs: 0 })),
      (error: Error) =>
        error.message.startsWith(`Cannot open KV store '${server.url}'`) &&
        /401/.test(error.message) && /Invalid access token/.test(error.message),
    );
    assert.ok(server.stats.unauthorized >= 1);
    assert.equal(server.stats.metadataExchanges, 0);
  } finally {
    await server.close();
  }
});

Deno.test("createApp over KV Connect - a function's context.getKv() reaches the server", async () => {
  const server = await startKvConnectServer({ token: TOKEN });
  try {
    const visit: ApiFunction = async (_request, context) => {
      const kv = await context.getKv();
      const count = await kv.transaction(async (tx) => {
        const n = ((await tx.get<number>(["visits"])) ?? 0) + 1;
        await tx.set(["visits"], n);
        return n;
      });
      return context.json({ count });
    };
    const app = await createApp({
      root: "/project",
      fs: createMemoryFs({ "@api/visits.post.ts": { default: visit } }),
      kv: server.url,
      logger: { warn() {}, error() {} },
    });
    try {
      const post = () => app.fetch(new Request("http://localhost/api/visits", { method: "POST" }));
      // The store opens on first use, inside the request: the token must be set then.
      const first = await withToken(TOKEN, post);
      assert.equal(first.status, 200);
      assert.deepEqual(await first.json(), { count: 1 });
      assert.deepEqual(await (await post()).json(), { count: 2 });
    } finally {
      await app.close();
    }
    const check = await openRemoteStore(server, { token: TOKEN });
    try {
      assert.equal(await check.get(["visits"]), 2);
    } finally {
      await check.close();
    }
    assertWithinLimits(server);
  } finally {
    await server.close();
  }
});
