/**
 * The physical state of user keys: each one's record (decoded) and versionstamp, as the
 * writers check them.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import { type Backend, readMany } from "./backend.ts";
import { dataKey, decodeRecord } from "../layout/records.ts";
import type { PhysicalState } from "./commit_plan.ts";

/** The state of a key that is not there. */
export const ABSENT: PhysicalState = { versionstamp: null, record: null };

/**
 * Reads the physical state of user keys.
 *
 * @param backend The backend.
 * @param keys User keys.
 * @returns Their states, in order.
 */
export async function readStates(
  backend: Backend,
  keys: readonly KvKey[],
): Promise<PhysicalState[]> {
  const entries = await readMany(backend, keys.map(dataKey));
  return entries.map((entry) => ({
    versionstamp: entry.versionstamp,
    record: entry.versionstamp === null ? null : decodeRecord(entry.value),
  }));
}
