/** Every KV conformance case, in a stable order (one list for every backend's run). */
import type { ConformanceCase } from "./_case.ts";
import { basicCases } from "./basics.ts";
import { keyCases } from "./keys.ts";
import { largeValueCases } from "./large_values.ts";
import { listCursorCases } from "./list_cursor.ts";
import { listPageCases } from "./list_pages.ts";
import { listSelectorCases } from "./list_selectors.ts";
import { totalCases } from "./totals.ts";
import { transactionCases } from "./transactions.ts";
import { ttlCases } from "./ttl.ts";
import { valueCases } from "./values.ts";

/**
 * Every conformance case, in a stable order.
 *
 * @returns The cases.
 */
export function conformanceCases(): ConformanceCase[] {
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
