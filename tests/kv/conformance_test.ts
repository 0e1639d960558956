/**
 * The KV conformance suite, run against `:memory:` and a SQLite file (the KV
 * Connect run is in `kv_connect_conformance_test.ts`).
 *
 * @module
 */
import { fileFactory, memoryFactory, type StoreFactory } from "./_helpers.ts";
import { conformanceCases } from "./conformance/all.ts";

/**
 * Runs the whole suite against stores from `factory`, one step per case.
 *
 * @param factory Where stores come from.
 * @returns The test body.
 */
function conformance(factory: () => Promise<StoreFactory>): (t: Deno.TestContext) => Promise<void> {
  return async (t) => {
    const stores = await factory();
    try {
      for (const c of conformanceCases()) {
        await t.step(c.name, (step) => c.run(stores, step));
      }
    } finally {
      await stores.dispose();
    }
  };
}

Deno.test(
  "KvStore conformance (:memory:) - documented KV behaviour",
  conformance(() => Promise.resolve(memoryFactory())),
);

Deno.test("KvStore conformance (SQLite file) - documented KV behaviour", conformance(fileFactory));
