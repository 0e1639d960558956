import assert from "node:assert/strict";
import { openKv } from "../../../src/kv/engine/open.ts";
import type { KvStoreEntry } from "../../../src/kv/api/store.ts";
import { exportKv, importKv, KvImportError, parseExport } from "../../../src/kv/transfer/ndjson.ts";

const CLI = new URL("../../../src/cli/main.ts", import.meta.url).pathname;

async function cli(args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", CLI, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const output = await child.output();
  return {
    code: output.code,
    stdout: output.stdout,
    stderr: new TextDecoder().decode(output.stderr),
  };
}

async function all(kv: { entries(): AsyncIterable<KvStoreEntry> }) {
  return await Array.fromAsync(kv.entries());
}

function collect(): { output: WritableStream<Uint8Array>; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    output: new WritableStream({ write: (chunk) => void chunks.push(chunk) }),
    text: () => chunks.map((c) => new TextDecoder().decode(c)).join(""),
  };
}

Deno.test("exportKv / importKv - large values, TTLs and expired entries", async () => {
  const source = await openKv(":memory:");
  const target = await openKv(":memory:");
  try {
    const big = "x".repeat(200_000); // stored in chunks
    await source.set(["big"], { big });
    await source.set(["ttl"], 1, { ttlInSeconds: 60 });
    await source.set(["n", 10], [true, null]);
    const sink = collect();
    assert.deepEqual(await exportKv(source, sink.output), { count: 3 });
    const lines = sink.text().trim().split("\n");
    assert.equal(lines.length, 3);
    const expiresAt = JSON.parse(lines.find((l) => l.includes('"ttl"'))!).expiresAt;
    const past = JSON.stringify({ key: ["gone"], value: 1, expiresAt: Date.now() - 1 });
    const input = new Blob([sink.text(), past + "\n"]).stream();
    assert.deepEqual(await importKv(target, input), { count: 3, expired: 1 });
    const entries = await all(target);
    assert.deepEqual(entries.map((e) => e.key), [["big"], ["n", 10], ["ttl"]]);
    assert.deepEqual(entries[0]!.value, { big });
    assert.ok(Math.abs(entries[2]!.expiresAt! - expiresAt) <= 5, "the absolute expiry is kept");
  } finally {
    await source.close();
    await target.close();
  }
});

Deno.test("parseExport - reports every bad line with its number", async (t) => {
  const cases: [string, RegExp][] = [
    ["{", /not JSON/],
    ["[1]", /expected an object/],
    ['{"key":["a"]}', /missing 'value'/],
    ['{"value":1}', /missing 'key'/],
    ['{"key":[],"value":1}', /key/],
    ['{"key":[{}],"value":1}', /part 0/],
    ['{"key":["a"],"value":1,"expiresAt":"soon"}', /expiresAt/],
    ['{"key":["a"],"value":1,"extra":1}', /unknown field 'extra'/],
  ];
  for (const [line, message] of cases) {
    await t.step(line, async () => {
      const { entries, problems } = await parseExport(['{"key":["ok"],"value":1}', "", line]);
      assert.equal(entries.length, 1);
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.line, 3);
      assert.match(problems[0]!.message, message);
    });
  }
});

Deno.test("importKv - a bad line anywhere writes nothing", async () => {
  const kv = await openKv(":memory:");
  try {
    const lines = Array.from(
      { length: 1200 },
      (_, i) => JSON.stringify({ key: ["k", i], value: i }),
    );
    lines.splice(1100, 0, "not json", '{"key":["x"]}');
    const error = await importKv(kv, new Blob([lines.join("\n")]).stream()).catch((e) => e);
    assert.ok(error instanceof KvImportError);
    assert.deepEqual(error.problems.map((p: { line: number }) => p.line), [1101, 1102]);
    assert.match(error.message, /2 bad lines \(nothing was written\)\n {2}line 1101: not JSON/);
    assert.deepEqual(await all(kv), []);
  } finally {
    await kv.close();
  }
});

Deno.test("apifn kv export | import - 10,000 entries round trip through real processes", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn_transfer_" });
  try {
    const kv = await openKv(`${dir}/source.sqlite3`);
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 10_000; i++) {
      const value = { i, name: `entry ${i}`, tags: i % 3 === 0 ? ["a", "b"] : [] };
      const ttl = i % 4 === 0 ? { ttlInSeconds: 600 + i } : undefined;
      writes.push(kv.set(["items", i % 10, `id-${i}`], value, ttl));
    }
    await Promise.all(writes);
    const before = await all(kv);
    await kv.close();
    assert.equal(before.length, 10_000);

    const exported = await cli(["kv", "export", "--kv", `${dir}/source.sqlite3`]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stderr, ""); // no progress on a non-terminal
    const lines = new TextDecoder().decode(exported.stdout).trim().split("\n");
    assert.equal(lines.length, 10_000);

    const imported = await cli(["kv", "import", "--kv", `${dir}/target.sqlite3`], exported.stdout);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stderr, /10000 entries written/);

    const target = await openKv(`${dir}/target.sqlite3`);
    const after = await all(target);
    await target.close();
    assert.equal(after.length, before.length);
    for (let i = 0; i < before.length; i++) {
      const [a, b] = [before[i]!, after[i]!];
      assert.deepEqual([b.key, b.value], [a.key, a.value]);
      assert.equal(b.expiresAt === undefined, a.expiresAt === undefined);
      if (a.expiresAt !== undefined) assert.ok(Math.abs(b.expiresAt! - a.expiresAt) <= 5);
    }

    await Deno.writeTextFile(`${dir}/export.ndjson`, lines.slice(0, 5).join("\n") + "\n{oops\n");
    const bad = await cli(["kv", "import", `${dir}/export.ndjson`, "--kv", `${dir}/empty.sqlite3`]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /line 6: not JSON/);
    const empty = await openKv(`${dir}/empty.sqlite3`);
    assert.deepEqual(await all(empty), []);
    await empty.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
