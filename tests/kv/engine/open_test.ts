import assert from "node:assert/strict";
import { openKv, resolveKvLocation } from "../../../src/kv/engine/open.ts";
import { DatabaseSync } from "node:sqlite";
import { expiryIndexSql, FakeClock } from "../_helpers.ts";

function withEnv(vars: Record<string, string | undefined>, body: () => void | Promise<void>) {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, Deno.env.get(name)]));
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) Deno.env.delete(name);
    else Deno.env.set(name, value);
  }
  const restore = () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Deno.env.delete(name);
      else Deno.env.set(name, value);
    }
  };
  try {
    const result = body();
    if (result instanceof Promise) return result.finally(restore);
    restore();
  } catch (error) {
    restore();
    throw error;
  }
}

Deno.test("resolveKvLocation - option, then APIFN_KV, then Deno Deploy, then <root>/.apifn", async (t) => {
  const cases: [
    string,
    string | undefined,
    Record<string, string | undefined>,
    string | undefined,
  ][] = [
    ["explicit memory", ":memory:", { APIFN_KV: "/env.db" }, ":memory:"],
    ["explicit relative file", "data/kv.db", {}, "/app/data/kv.db"],
    ["explicit absolute file", "/var/kv.db", {}, "/var/kv.db"],
    ["explicit URL", "https://kv.example.com/db", {}, "https://kv.example.com/db"],
    ["APIFN_KV", undefined, { APIFN_KV: "store.db" }, "/app/store.db"],
    ["Deno Deploy", undefined, { APIFN_KV: undefined, DENO_DEPLOYMENT_ID: "x1" }, undefined],
    [
      "default",
      undefined,
      { APIFN_KV: undefined, DENO_DEPLOYMENT_ID: undefined },
      "/app/.apifn/kv.sqlite3",
    ],
  ];
  for (const [name, location, env, expected] of cases) {
    await t.step(
      name,
      () =>
        withEnv({ APIFN_KV: undefined, DENO_DEPLOYMENT_ID: undefined, ...env }, () => {
          assert.equal(resolveKvLocation(location, { root: "/app/" }), expected);
        }),
    );
  }
  await t.step("an empty location is a TypeError", () => {
    assert.throws(() => resolveKvLocation("", { root: "/app" }), TypeError);
  });
});

Deno.test("openKv - creates the file's folder on demand; rejects bad maxChecks", async () => {
  const root = await Deno.makeTempDir();
  try {
    const kv = await openKv("nested/dir/kv.sqlite3", { root, sweepIntervalMs: 0 });
    await kv.set(["a"], 1);
    await kv.close();
    assert.ok((await Deno.stat(`${root}/nested/dir/kv.sqlite3`)).isFile);
    const again = await openKv(`${root}/nested/dir/kv.sqlite3`, { sweepIntervalMs: 0 });
    assert.equal(await again.get(["a"]), 1);
    await again.close();
    await assert.rejects(openKv(":memory:", { maxChecks: 0 }), RangeError);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("openKv - an unreachable KV Connect URL fails with the location in the message", async () => {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response("no", { status: 500 }),
  );
  try {
    await assert.rejects(
      openKv(`http://127.0.0.1:${server.addr.port}`),
      (error: Error) => error.message.startsWith(`Cannot open KV store 'http://127.0.0.1:`),
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("openKv - leaves Deno KV's own expiry index as Deno KV made it", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-open-index-" });
  try {
    const path = `${dir}/kv.sqlite3`;
    await using store = await openKv(path, { sweepIntervalMs: 0 });
    await store.set(["a"], 1, { ttlInSeconds: 60 });
    await store.set(["b"], 2);
    assert.match(
      expiryIndexSql(path)!,
      /^CREATE INDEX kv_expiration_ms_idx on kv \(expiration_ms\)$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openKv - a file an earlier apifn narrowed keeps working", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-open-narrowed-" });
  try {
    const path = `${dir}/kv.sqlite3`;
    const clock = new FakeClock();
    const before = await openKv(path, { sweepIntervalMs: 0, now: clock.now });
    await before.set(["t", 1], "expires", { ttlInSeconds: 1 });
    await before.set(["t", 2], "stays");
    await before.close();
    // What apifn 0.1's open did to Deno KV's index, done here on the closed file.
    const db = new DatabaseSync(path);
    db.exec(
      "BEGIN IMMEDIATE; DROP INDEX kv_expiration_ms_idx; " +
        "CREATE INDEX kv_expiration_ms_idx ON kv (expiration_ms) WHERE expiration_ms >= 0; COMMIT",
    );
    db.close();
    assert.match(expiryIndexSql(path)!, /WHERE expiration_ms >= 0$/);

    await using store = await openKv(path, { sweepIntervalMs: 0, now: clock.now });
    await store.set(["t", 3], "new", { ttlInSeconds: 10 });
    assert.deepEqual((await store.list({ prefix: ["t"] })).items.map((i) => i.value), [
      "expires",
      "stays",
      "new",
    ]);
    clock.advance(2000);
    assert.equal(await store.get(["t", 1]), null);
    assert.equal((await store.list({ prefix: ["t"] })).total, 2);
    assert.equal((await store.sweep()).expired, 1);
    assert.deepEqual((await store.list({ prefix: ["t"] })).items.map((i) => i.value), [
      "stays",
      "new",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
