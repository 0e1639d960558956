/**
 * The KV conformance suite, run against `:memory:` and a SQLite file.
 *
 * @module
 */
import { fileFactory, memoryFactory, type StoreFactory } from "./_helpers.ts";
import type { ConformanceCase } from "./conformance/_case.ts";
import { basicCases } from "./conformance/basics.ts";
import { keyCases } from "./conformance/keys.ts";
import { largeValueCases } from "./conformance/large_values.ts";
import { listCursorCases } from "./conformance/list_cursor.ts";
import { listPageCases } from "./conformance/list_pages.ts";
import { listSelectorCases } from "./conformance/list_selectors.ts";
import { totalCases } from "./conformance/totals.ts";
import { transactionCases } from "./conformance/transactions.ts";
import { ttlCases } from "./conformance/ttl.ts";
import { valueCases } from "./conformance/values.ts";

/**
 * Every conformance case, in a stable order.
 *
 * @returns The cases.
 */
function conformanceCases(): ConformanceCase[] {
  return [
    ...basicCases,
    ...keyCases,
    ...valueCases,
    ...largeValueCases,
    ...ttlCases,
    ...listSelectorCases,
    ...listPageCases,
    ...listCursorCases,
    ...transactionCases,
    ...totalCases,
  ];
}

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
