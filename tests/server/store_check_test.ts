import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import { checkStore, checkStoreFile, existingStoreFile } from "../../src/server/store_check.ts";
import type { KvService } from "../../src/types.ts";

Deno.test("checkStore - undefined for a store that reads, the reason otherwise", async (t) => {
  await t.step("a store that reads", async () => {
    const kv = await openKv(":memory:");
    try {
      assert.equal(await checkStore(() => Promise.resolve(kv)), undefined);
    } finally {
      await kv.close();
    }
  });
  await t.step("a store whose read fails", async () => {
    const kv = { list: () => Promise.reject(new Error("disk I/O error")) };
    assert.equal(
      await checkStore(() => Promise.resolve(kv as unknown as KvService)),
      "disk I/O error",
    );
  });
  await t.step("a store that does not answer in time", async () => {
    const never = () => new Promise<KvService>(() => {});
    assert.equal(
      await checkStore(never, { timeoutMs: 10 }),
      "The KV store did not answer within 10 ms",
    );
  });
});

Deno.test("existingStoreFile - only a store file that exists", async (t) => {
  const root = await Deno.makeTempDir();
  await Deno.writeTextFile(`${root}/kv.db`, "");
  try {
    for (
      const [location, expected] of [
        ["kv.db", `${root}/kv.db`],
        [`${root}/kv.db`, `${root}/kv.db`],
        ["missing.db", undefined],
        [":memory:", undefined],
        ["https://kv.example.com/db", undefined],
      ] as const
    ) {
      await t.step(location, async () => {
        assert.equal(await existingStoreFile(location, root), expected);
      });
    }
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("checkStoreFile - names the file and SQLite's reason", async () => {
  const root = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${root}/kv.db`, crypto.getRandomValues(new Uint8Array(4096)));
    assert.deepEqual(await checkStoreFile("kv.db", root, (path) => openKv(path)), {
      path: `${root}/kv.db`,
      reason: "file is not a database",
    });
    assert.equal(await checkStoreFile("other.db", root, (path) => openKv(path)), undefined);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
