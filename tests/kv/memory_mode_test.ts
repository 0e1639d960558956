import assert from "node:assert/strict";

const FIXTURE = new URL("./fixtures/memory_mode.ts", import.meta.url).pathname;

Deno.test("DENO_KV_DB_MODE=memory - a store on a file path answers correctly, and writes no file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-memory-mode-" });
  const path = `${dir}/kv.sqlite3`;
  try {
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-kv", FIXTURE, path],
      env: { DENO_KV_DB_MODE: "memory" },
      stdout: "piped",
      stderr: "piped",
      signal: AbortSignal.timeout(60_000),
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, `the child exited with ${output.code}:\n${stderr}`);
    assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
      gets: {
        plain: { text: "plain" },
        ttl: { text: "with ttl" },
        largeTtlLength: 100_000,
        largeLength: 300_000,
        many: [{ key: ["notes", 2], value: { text: "with ttl" } }, null],
      },
      listed: { keys: [["notes", 1], ["notes", 2]], total: 3 },
      transaction: { returned: 11, read: 11 },
      afterDelete: { ttl: null, big: null, total: 3 },
    });
    // Deno KV kept the store in memory: had anything opened the path, the file would exist.
    await assert.rejects(Deno.stat(path), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
