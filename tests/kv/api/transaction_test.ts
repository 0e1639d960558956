import assert from "node:assert/strict";
import type { KvTransaction } from "../../../src/types.ts";
import { memoryFactory, withStore } from "../_helpers.ts";

/** Races `promise` against a watchdog so a deadlock fails instead of hanging. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, watchdog]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("transaction - gives up after transactionAttempts with a clear error", async () => {
  await withStore(memoryFactory(), async (store) => {
    await store.set(["n"], 0);
    let runs = 0;
    await assert.rejects(
      store.transaction(async (tx) => {
        runs++;
        const n = (await tx.get<number>(["n"]))!;
        await store.set(["n"], n + 100); // a competing writer, every time
        await tx.set(["n"], n + 1);
        await tx.set(["other"], true);
      }),
      /gave up after 3 attempts/,
    );
    assert.equal(runs, 3);
    assert.equal(await store.get(["n"]), 300);
    assert.equal(await store.get(["other"]), null);
  }, { transactionAttempts: 3 });
});

Deno.test("transaction - tx cannot be used after its callback finished", async () => {
  await withStore(memoryFactory(), async (store) => {
    let kept: KvTransaction | undefined;
    await store.transaction((tx) => {
      kept = tx;
      return Promise.resolve();
    });
    await assert.rejects(async () => await kept!.get(["a"]), /already finished/);
    await assert.rejects(async () => await kept!.set(["a"], 1), /already finished/);
    assert.equal(await store.get(["a"]), null);
  });
});

Deno.test("transaction - one started while another is retrying does not deadlock", async () => {
  await withStore(memoryFactory(), async (store) => {
    await store.set(["a"], 0);
    await store.set(["b"], 0);
    let outerRuns = 0;
    let innerRuns = 0;
    // The outer transaction conflicts once; its second run waits for an inner
    // transaction (as a handler awaiting another handler would), which also
    // conflicts once and so needs a retry of its own.
    const outer = store.transaction(async (tx) => {
      outerRuns++;
      const a = (await tx.get<number>(["a"]))!;
      if (outerRuns === 1) await store.set(["a"], 10);
      else {
        await store.transaction(async (inner) => {
          innerRuns++;
          const b = (await inner.get<number>(["b"]))!;
          if (innerRuns === 1) await store.set(["b"], 10);
          await inner.set(["b"], b + 1);
        });
      }
      await tx.set(["a"], a + 1);
    });
    try {
      await within(outer, 5_000, "the outer transaction");
      assert.deepEqual([await store.get(["a"]), await store.get(["b"])], [11, 11]);
      assert.deepEqual([outerRuns, innerRuns], [2, 2]);
    } finally {
      // Do not leave the deadlocked transaction's promise unobserved.
      outer.catch(() => {});
    }
  });
});
