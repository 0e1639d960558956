import assert from "node:assert/strict";
import { openKv, resolveKvLocation } from "../../src/kv/open.ts";
import { expiryIndexSql } from "./_helpers.ts";

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

Deno.test("openKv - direct reads for SQLite files unless directReads is false", async (t) => {
  const dir = await Deno.makeTempDir();
  const cases: [string, string, { directReads?: boolean }, number][] = [
    ["a file", `${dir}/a.sqlite3`, {}, 2],
    ["a file, directReads: false", `${dir}/b.sqlite3`, { directReads: false }, 0],
    [":memory:", ":memory:", {}, 0],
  ];
  try {
    for (const [name, location, options, expected] of cases) {
      await t.step(name, async () => {
        await using store = await openKv(location, { sweepIntervalMs: 0, ...options });
        await store.set(["a"], 1);
        assert.equal(await store.get(["a"]), 1);
        assert.equal(await store.get(["b"]), null);
        assert.equal(store.stats.directReads, expected);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openKv - direct writes for SQLite files unless directWrites is false", async (t) => {
  const dir = await Deno.makeTempDir();
  const cases: [string, string, { directWrites?: boolean }, boolean][] = [
    ["a file", `${dir}/a.sqlite3`, {}, true],
    ["a file, directWrites: false", `${dir}/b.sqlite3`, { directWrites: false }, false],
    [":memory:", ":memory:", {}, false],
  ];
  try {
    for (const [name, location, options, direct] of cases) {
      await t.step(name, async () => {
        await using store = await openKv(location, { sweepIntervalMs: 0, ...options });
        await Promise.all([store.set(["a"], 1), store.set(["b"], 2)]);
        await store.set(["a"], 3);
        assert.equal(await store.get(["a"]), 3);
        assert.equal((await store.list({ prefix: [] })).total, 2);
        assert.equal(store.stats.directCommits, direct ? 2 : 0);
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openKv - a file renamed over the path while opening is left alone", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-open-replaced-" });
  const descriptor = Object.getOwnPropertyDescriptor(Deno, "openKv")!;
  const openReal = Deno.openKv;
  /** Deno.openKv, then another store's file (a full expiry index, other data) renamed over `path`. */
  function replaceWhileOpening(path: string, other: string): void {
    Object.defineProperty(Deno, "openKv", {
      ...descriptor,
      get: () => async (location?: string) => {
        const kv = await openReal(location);
        if (location === path) await Deno.rename(other, path);
        return kv;
      },
    });
  }
  try {
    for (const existing of [true, false]) {
      await t.step(existing ? "an existing file" : "a file Deno KV creates", async () => {
        const path = `${dir}/${existing}.sqlite3`;
        const other = `${dir}/${existing}-other.sqlite3`;
        const otherStore = await openKv(other, { sweepIntervalMs: 0, partialExpiryIndex: false });
        await otherStore.set(["a"], "the other file");
        await otherStore.close();
        if (existing) {
          const first = await openKv(path, { sweepIntervalMs: 0 });
          await first.set(["a"], "the file Deno KV has");
          await first.close();
        }
        replaceWhileOpening(path, other);
        try {
          await using store = await openKv(path, { sweepIntervalMs: 0 });
          // Deno KV's connection still works on its file (the narrowing did not touch the
          // other file, which shares Deno KV's -wal and -shm), and reads go through it.
          await store.set(["b"], "written after");
          assert.equal(await store.get(["a"]), existing ? "the file Deno KV has" : null);
          assert.equal(await store.get(["b"]), "written after");
          assert.equal(store.stats.directReads, 0);
          // Nor does the direct writer: the write went through Deno KV.
          assert.equal(store.stats.directCommits, 0);
        } finally {
          Object.defineProperty(Deno, "openKv", descriptor);
        }
        assert.match(
          expiryIndexSql(path)!,
          /^CREATE INDEX kv_expiration_ms_idx on kv \(expiration_ms\)$/,
        );
      });
    }
  } finally {
    Object.defineProperty(Deno, "openKv", descriptor);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("openKv - makes a SQLite file's expiry index partial unless told not to", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-partial-index-" });
  try {
    const cases: [string, { partialExpiryIndex?: boolean }, RegExp][] = [
      ["by default", {}, /WHERE expiration_ms >= 0$/],
      ["partialExpiryIndex: false", { partialExpiryIndex: false }, /\(expiration_ms\)$/],
    ];
    for (const [name, options, expected] of cases) {
      await t.step(name, async () => {
        const path = `${dir}/${name}.sqlite3`;
        await using store = await openKv(path, { sweepIntervalMs: 0, ...options });
        await store.set(["a"], 1, { ttlInSeconds: 60 });
        assert.match(expiryIndexSql(path)!, expected);
      });
    }
    await t.step(
      "two stores on one new file, opened together, both narrowed and working",
      async () => {
        const path = `${dir}/both.sqlite3`;
        const [a, b] = await Promise.all([openKv(path), openKv(path)]);
        try {
          await a.set(["x"], 1);
          assert.equal(await b.get(["x"]), 1);
          assert.match(expiryIndexSql(path)!, /WHERE expiration_ms >= 0$/);
        } finally {
          await a.close();
          await b.close();
        }
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
