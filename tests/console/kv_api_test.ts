import assert from "node:assert/strict";
import { json, startConsole } from "./_console.ts";

const enc = (value: unknown) => encodeURIComponent(JSON.stringify(value));
const put = (body: unknown) => ({
  method: "PUT",
  body: JSON.stringify(body),
  headers: { "content-type": "application/json" },
});

Deno.test("console KV API - browse, edit, TTLs, delete, export and import", async (t) => {
  const c = await startConsole({
    "@api/ping.get.ts": "export default () => new Response('pong');",
  });
  const kv = await c.server.app.getKv();
  try {
    for (let i = 0; i < 60; i++) await kv.set(["items", i], { i });
    await kv.set(["users", "ada"], { name: "Ada" });

    await t.step("pages come by cursor, forward and reverse, one page per request", async () => {
      const first = await json(c.api(`kv/list?prefix=${enc(["items"])}`));
      assert.equal(first.items.length, 50);
      assert.equal(first.total, 60);
      assert.deepEqual(first.items[0], {
        key: ["items", 0],
        preview: '{"i":0}',
        size: 7,
        expiresAt: null,
      });
      const second = await json(c.api(`kv/list?prefix=${enc(["items"])}&cursor=${first.cursor}`));
      assert.deepEqual(second.items.map((e: { key: unknown[] }) => e.key[1]), [
        50,
        51,
        52,
        53,
        54,
        55,
        56,
        57,
        58,
        59,
      ]);
      assert.equal(second.cursor, null);
      const last = await json(c.api(`kv/list?prefix=${enc(["items"])}&reverse=1`));
      assert.deepEqual(last.items[0].key, ["items", 59]);
    });
    await t.step("the four selectors", async () => {
      const from = await json(
        c.api(`kv/list?prefix=${enc(["items"])}&start=${enc(["items", 58])}`),
      );
      assert.deepEqual(from.items.map((e: { key: unknown[] }) => e.key[1]), [58, 59]);
      const upTo = await json(c.api(`kv/list?prefix=${enc(["items"])}&end=${enc(["items", 2])}`));
      assert.equal(upTo.total, 2);
      const range = await json(c.api(`kv/list?start=${enc(["items", 10])}&end=${enc(["users"])}`));
      assert.equal(range.total, 50);
      await json(c.api(`kv/list?start=${enc(["a"])}`), 400);
      await json(c.api(`kv/list?prefix=${enc("notes")}`), 400);
      await json(c.api(`kv/list?prefix=not-json`), 400);
    });
    await t.step("the tree: next parts with totals", async () => {
      assert.deepEqual(await json(c.api(`kv/tree?prefix=${enc([])}`)), {
        children: [
          { part: "items", total: 60, entry: false },
          { part: "users", total: 1, entry: false },
        ],
        next: null,
      });
    });
    await t.step("create, and a second create of the same key is a 409", async () => {
      await json(c.api("kv/entry", put({ key: ["new"], value: { a: 1 }, create: true })));
      await json(c.api("kv/entry", put({ key: ["new"], value: 2, create: true })), 409);
      assert.deepEqual(await kv.get(["new"]), { a: 1 });
    });
    await t.step("edit with a TTL; the entry shows its expiry", async () => {
      await json(
        c.api(
          "kv/entry",
          put({ key: ["users", "ada"], value: { name: "Ada L" }, ttlSeconds: 600 }),
        ),
      );
      const entry = await json(c.api(`kv/entry?key=${enc(["users", "ada"])}`));
      assert.deepEqual(entry.value, { name: "Ada L" });
      assert.ok(entry.expiresAt > Date.now() + 500_000 && entry.expiresAt <= Date.now() + 600_000);
    });
    await t.step("clear and set a TTL, keeping the value", async () => {
      const ttl = (key: unknown, ttlSeconds: unknown) =>
        c.api("kv/ttl", { method: "POST", body: JSON.stringify({ key, ttlSeconds }) });
      await json(ttl(["users", "ada"], null));
      assert.equal((await json(c.api(`kv/entry?key=${enc(["users", "ada"])}`))).expiresAt, null);
      await json(ttl(["users", "ada"], 30));
      const entry = await json(c.api(`kv/entry?key=${enc(["users", "ada"])}`));
      assert.deepEqual(entry.value, { name: "Ada L" });
      assert.ok(entry.expiresAt > Date.now());
      await json(ttl(["users", "nobody"], 30), 404);
      await json(ttl(["users", "ada"], -1), 400);
    });
    await t.step("bad values: a key that is not an array, a value over 1 MB", async () => {
      await json(c.api("kv/entry", put({ key: "x", value: 1 })), 400);
      await json(c.api("kv/entry", put({ key: [[1]], value: 1 })), 400);
      await json(c.api("kv/entry", put({ key: ["big"], value: "x".repeat(1024 * 1024) })), 413);
      await json(c.api("kv/entry", put({ key: ["novalue"] })), 400);
      assert.equal(await kv.get(["big"]), null);
    });
    await t.step("delete", async () => {
      await json(c.api(`kv/entry?key=${enc(["new"])}`, { method: "DELETE" }));
      assert.equal(await kv.get(["new"]), null);
      await json(c.api(`kv/entry?key=${enc(["new"])}`), 404);
    });
    await t.step("export the shown prefix as NDJSON", async () => {
      const response = await c.api(`kv/export?prefix=${enc(["users"])}`);
      assert.equal(response.headers.get("content-type"), "application/x-ndjson; charset=utf-8");
      const lines = (await response.text()).trim().split("\n").map((l) => JSON.parse(l));
      assert.deepEqual(lines.map((l) => [l.key, l.value]), [[["users", "ada"], { name: "Ada L" }]]);
      assert.equal(typeof lines[0].expiresAt, "number");
    });
    await t.step("import is all or nothing", async () => {
      const post = (text: string) => c.api("kv/import", { method: "POST", body: text });
      const bad = await json(post('{"key":["imp",1],"value":1}\n{"key":[],"value":2}\n'), 400);
      assert.match(bad.error, /line 2/);
      assert.equal(await kv.get(["imp", 1]), null);
      const good = await json(post('{"key":["imp",1],"value":1}\n{"key":["imp",2],"value":2}\n'));
      assert.deepEqual(good, { count: 2, expired: 0 });
      assert.equal(await kv.get(["imp", 2]), 2);
    });
  } finally {
    await c.close();
  }
});
