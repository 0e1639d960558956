import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import { run } from "./_cli.ts";

Deno.test("apifn kv - get, set, delete, list over the project's store", async (t) => {
  const root = await Deno.makeTempDir({ prefix: "apifn_kv_cli_" });
  const kv = (...args: string[]) => run(["kv", ...args, "--root", root]);
  try {
    await t.step("set then get", async () => {
      assert.equal((await kv("set", '["notes","a"]', '{"title":"A"}')).code, 0);
      const got = await kv("get", '["notes","a"]');
      assert.deepEqual([got.code, JSON.parse(got.stdout)], [0, { title: "A" }]);
    });
    await t.step("a missing key exits 1 and says so", async () => {
      const got = await kv("get", '["notes","zz"]');
      assert.equal(got.code, 1);
      assert.match(got.stderr, /Key '\["notes","zz"\]' not found/);
    });
    await t.step("set --ttl stores an expiry", async () => {
      assert.equal((await kv("set", '["session"]', "true", "--ttl", "30")).code, 0);
      const store = await openKv(`${root}/.apifn/kv.sqlite3`, { sweepIntervalMs: 0 });
      const entries = await Array.fromAsync(store.entries());
      await store.close();
      const session = entries.find((e) => e.key[0] === "session");
      const remaining = session!.expiresAt! - Date.now();
      assert.ok(remaining > 20_000 && remaining <= 30_000, String(remaining));
    });
    await t.step("list pages with total and cursor", async () => {
      for (const id of ["b", "c", "d"]) await kv("set", `["notes","${id}"]`, `"${id}"`);
      const first = await kv("list", '["notes"]', "--limit", "2", "--json");
      const page = JSON.parse(first.stdout);
      assert.deepEqual(page.items.map((i: { key: unknown[] }) => i.key[1]), ["a", "b"]);
      assert.equal(page.total, 4);
      const second = await kv("list", '["notes"]', "--limit", "2", "--cursor", page.cursor);
      assert.equal(
        second.stdout,
        '["notes","c"]\t"c"\n["notes","d"]\t"d"\ntotal: 2  cursor: none (last page)\n',
      );
      const reversed = await kv("list", '["notes"]', "--limit", "1", "--reverse", "--json");
      assert.deepEqual(JSON.parse(reversed.stdout).items[0].key, ["notes", "d"]);
      const everything = JSON.parse((await kv("list", "--json")).stdout);
      assert.equal(everything.total, 5);
    });
    await t.step("delete", async () => {
      assert.equal((await kv("delete", '["notes","a"]')).code, 0);
      assert.equal((await kv("get", '["notes","a"]')).code, 1);
      assert.equal((await kv("delete", '["notes","a"]')).code, 0);
    });
    await t.step("a key the store rejects exits 1", async () => {
      const bad = await kv("set", "[{}]", "1");
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /part 0/);
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("apifn kv - the store: --kv, then APIFN_KV, then apifn.kv in deno.json", async () => {
  const root = await Deno.makeTempDir({ prefix: "apifn_kv_cli_" });
  try {
    await Deno.writeTextFile(`${root}/deno.json`, '{ "apifn": { "kv": "data/configured.db" } }');
    await run(["kv", "set", '["where"]', '"configured"', "--root", root]);
    await run(["kv", "set", '["where"]', '"env"', "--root", root], {
      env: { APIFN_KV: `${root}/env.db` },
    });
    await run(["kv", "set", '["where"]', '"flag"', "--root", root, "--kv", "flag.db"]);
    for (
      const [file, value] of [["data/configured.db", "configured"], ["env.db", "env"], [
        "flag.db",
        "flag",
      ]]
    ) {
      const store = await openKv(`${root}/${file}`, { sweepIntervalMs: 0 });
      assert.equal(await store.get(["where"]), value);
      await store.close();
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
