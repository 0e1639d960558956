/**
 * The counting behind `rateLimit()`: a fixed window per client, kept in the project's KV store,
 * so every process on the same store shares it.
 *
 * @module
 */
import type { KvKey, KvService } from "../types.ts";

/** The stored state of one client's window. */
type WindowState = { count: number; resetAt: number };

/** What counting a request decided. */
export type CountResult = {
  /** Whether the request is within the limit (and was counted). */
  allowed: boolean;
  /** Requests left in the window after this one. */
  remaining: number;
  /** When the window ends, in epoch milliseconds. */
  resetAt: number;
  /** The clock's reading the decision was made at. */
  now: number;
};

function isWindow(value: unknown): value is WindowState {
  const state = value as WindowState | null;
  return typeof state === "object" && state !== null && Number.isFinite(state.count) &&
    Number.isFinite(state.resetAt);
}

/**
 * Counts one request against `key`'s window in one serializable transaction (re-run on a
 * conflict with another request or process). A window starts with a client's first request and
 * lasts `windowMs`; its record expires with it (TTL). Requests over the limit are not counted.
 *
 * @param kv The store.
 * @param key The record's key.
 * @param policy `max` requests per `windowMs`.
 * @param now The clock, in epoch milliseconds.
 * @returns The decision.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "../kv/engine/open.ts";
 * import { countRequest } from "./rate_limit_count.ts";
 *
 * const kv = await openKv(":memory:");
 * const policy = { max: 1, windowMs: 60_000 };
 * const now = () => 1_000;
 * assert.equal((await countRequest(kv, ["limits", "a"], policy, now)).allowed, true);
 * const second = await countRequest(kv, ["limits", "a"], policy, now);
 * assert.deepEqual(second, { allowed: false, remaining: 0, resetAt: 61_000, now: 1_000 });
 * await kv.close();
 * ```
 */
export function countRequest(
  kv: KvService,
  key: KvKey,
  policy: { max: number; windowMs: number },
  now: () => number,
): Promise<CountResult> {
  return kv.transaction(async (tx) => {
    const at = now();
    const stored = await tx.get(key);
    // The TTL removes a record some time after its window; until then, the window decides.
    const current = isWindow(stored) && stored.resetAt > at ? stored : undefined;
    if (current !== undefined && current.count >= policy.max) {
      return { allowed: false, remaining: 0, resetAt: current.resetAt, now: at };
    }
    const next = current === undefined
      ? { count: 1, resetAt: at + policy.windowMs }
      : { count: current.count + 1, resetAt: current.resetAt };
    await tx.set(key, next, { ttlInSeconds: (next.resetAt - at) / 1000 });
    return { allowed: true, remaining: policy.max - next.count, resetAt: next.resetAt, now: at };
  });
}
