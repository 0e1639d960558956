import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import { openKv } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import { denoBinary } from "./_deno_versions.ts";
import { FakeClock } from "./_helpers.ts";
import { dumpRaw, type RawEntry } from "./fixtures/dump_raw.ts";

const DUMP = new URL("./fixtures/dump_raw.ts", import.meta.url).pathname;
const big = (c: string, n = 200_000) => c.repeat(n);

/** Writes what a store file meets in use, with two stores on it at once, and checks the answers. */
async function writeEverything(path: string): Promise<void> {
  const clock = new FakeClock();
  const options = { sweepIntervalMs: 0, now: clock.now };
  const one = await openKv(path, options);
  const two = await openKv(path, options); // a second writer on the same file
  const pick = (i: number): KvStore => (i % 2 ? one : two);
  try {
    // Concurrent writes from both stores, grouped into shared commits.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => pick(i).set(["notes", i], { i, text: `note ${i}` })),
    );
    // Values over 64 KiB: new, large → small, small → large, large → large, deleted.
    await Promise.all([
      one.set(["big", 1], big("a")),
      two.set(["big", 2], "small"),
      one.set(["big", 3], big("b")),
      two.set(["big", 4], big("c")),
      one.set(["big", "ttl"], big("d"), { ttlInSeconds: 3600 }),
    ]);
    await Promise.all([
      one.set(["big", 1], 1),
      two.set(["big", 2], big("e", 300_000)),
      one.set(["big", 3], big("f", 100_000)),
      two.delete(["big", 4]),
    ]);
    // TTLs: one expired and swept, one expired and left, one live.
    await one.set(["ttl", "swept"], "gone", { ttlInSeconds: 1 });
    clock.advance(2_000);
    assert.equal((await one.sweep()).expired, 1);
    await two.set(["ttl", "expired"], "stale", { ttlInSeconds: 1 });
    await one.set(["ttl", "live"], "here", { ttlInSeconds: 3600 });
    clock.advance(2_000);
    // Deletes, and transactions racing across both stores.
    await Promise.all(Array.from({ length: 10 }, (_, i) => pick(i).delete(["notes", i * 3])));
    await Promise.all(Array.from({ length: 20 }, (_, i) =>
      pick(i).transaction(async (tx) => {
        const n = (await tx.get<number>(["count"])) ?? 0;
        await tx.set(["count"], n + 1);
        await tx.set(["log", i], n);
      })));
    assert.equal(await one.get(["count"]), 20);
    assert.equal(await one.get(["ttl", "expired"]), null);
    assert.equal((await two.list({ prefix: [] }, { limit: 1 })).total, 50 + 4 + 1 + 1 + 20);
  } finally {
    await two.close();
    await one.close();
  }
}

function integrityCheck(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare("PRAGMA integrity_check").all().map((row) => String(row.integrity_check));
  } finally {
    db.close();
  }
}

async function dumpWith(
  deno: string,
  path: string,
): Promise<{ deno: string; entries: RawEntry[] }> {
  const output = await new Deno.Command(deno, {
    args: ["run", "-A", "--unstable-kv", "--no-config", "--no-lock", DUMP, path],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `${deno} exited with ${output.code}:\n${stderr}`);
  return JSON.parse(new TextDecoder().decode(output.stdout));
}

Deno.test("store file - passes integrity_check and lists the same under plain Deno KV 2.8.3 and 2.9.6", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-compat-" });
  const path = `${dir}/kv.sqlite3`;
  try {
    await writeEverything(path);
    await t.step("PRAGMA integrity_check is ok", () => {
      assert.deepEqual(integrityCheck(path), ["ok"]);
    });

    const kv = await Deno.openKv(path);
    const written = await dumpRaw(kv).finally(() => kv.close());
    const spaces = new Set(written.map((e) => e.key[0]));
    // Records and counters, expiry index, large-value chunks, the change log and its head:
    // nothing left pending.
    assert.deepEqual([...spaces].sort(), ["b", "d", "h", "l", "x"]);
    const json = JSON.stringify(written);
    assert.ok(json.includes('"$u64"') && json.includes('"$u8"'), "counters and raw bytes");
    assert.ok(written.some((e) => e.key.join() === "d,ttl,expired"), "the expired, unswept record");
    const chunkBlobs = new Set(written.filter((e) => e.key[0] === "b").map((e) => e.key[1]));
    assert.equal(chunkBlobs.size, 3, "one blob per live large value");

    for (const version of ["2.8.3", "2.9.6"]) {
      await t.step(`Deno ${version} reads every entry as written`, async () => {
        const dump = await dumpWith(await denoBinary(version), path);
        assert.equal(dump.deno, version);
        assert.equal(dump.entries.length, written.length);
        assert.deepEqual(dump.entries, written);
      });
    }
    await t.step("PRAGMA integrity_check is ok after the other versions opened it", () => {
      assert.deepEqual(integrityCheck(path), ["ok"]);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
