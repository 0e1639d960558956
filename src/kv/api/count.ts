/**
 * Exact `total` without scanning the whole range: a range is counted as the
 * counter of its enclosing prefix minus what lies outside it, scanning
 * whichever side is shorter, minus expired entries not yet swept (found
 * through the expiry index).
 *
 * @module
 */
import type { Backend } from "../engine/backend.ts";
import { isCountedPrefix, type PrefixCounts, readCounters } from "../layout/counters.ts";
import { decodeEntry, isLive } from "../layout/records.ts";
import { complementSelectors, inRange, type KeyRange, toDenoSelector } from "../layout/range.ts";

/** Which side to scan: the range itself, its complement, or both interleaved. */
export type CountHint = "range" | "complement" | "interleave";

const STEP = 512;

/** Counts entries over a sequence of Deno KV selectors, a step at a time. */
class Scan {
  #backend: Backend;
  #selectors: Deno.KvListSelector[];
  #liveAt: number | undefined;
  #iter: AsyncIterator<Deno.KvEntry<unknown>> | undefined;
  count = 0;
  done = false;

  constructor(backend: Backend, selectors: Deno.KvListSelector[], liveAt?: number) {
    this.#backend = backend;
    this.#selectors = [...selectors];
    this.#liveAt = liveAt;
  }

  async step(max: number): Promise<void> {
    for (let seen = 0; seen < max;) {
      if (!this.#iter) {
        const selector = this.#selectors.shift();
        if (!selector) {
          this.done = true;
          return;
        }
        this.#iter = this.#backend.kv.list(selector, { batchSize: STEP })[Symbol.asyncIterator]();
      }
      const next = await this.#iter.next();
      if (next.done) {
        this.#iter = undefined;
        continue;
      }
      seen++;
      const entry = decodeEntry(next.value);
      if (!entry) continue; // a counter, or not apifn's
      if (this.#liveAt !== undefined && !isLive(entry.record, this.#liveAt)) continue;
      this.count++;
    }
  }

  async finish(): Promise<number> {
    while (!this.done) await this.step(STEP);
    return this.count;
  }
}

/**
 * Counts physically present entries in `range` that expired at or before `now`.
 *
 * @param backend The backend.
 * @param range The range.
 * @param now The clock reading.
 * @returns The number of expired, not yet swept entries in the range.
 */
export async function countExpired(
  backend: Backend,
  range: KeyRange,
  now: number,
): Promise<number> {
  let expired = 0;
  // Through Deno KV: every expired, not yet swept entry of the store, which can be many, so not
  // in one synchronous run on this thread.
  const iter = backend.kv.list({ start: ["x"], end: ["x", now + 1] }, { batchSize: 1000 });
  for await (const entry of iter) {
    const e = entry.key[1] as number;
    if (e <= now && inRange(entry.key.slice(2), range)) expired++;
  }
  return expired;
}

/**
 * Counts the live entries in a range exactly.
 *
 * @param backend The backend.
 * @param range The range.
 * @param options `now` decides expiry; `hint` says which side is expected to be shorter;
 * `counts`: the counters of the range's prefix, when the caller has already read them;
 * `onExpired`: told how many expired, not yet swept entries the count had to subtract.
 * @returns The number of live entries.
 */
export async function countLive(
  backend: Backend,
  range: KeyRange,
  options: {
    now: number;
    hint?: CountHint;
    counts?: PrefixCounts | undefined;
    onExpired?: ((count: number) => void) | undefined;
  },
): Promise<number> {
  if (!isCountedPrefix(range.prefix)) {
    return await new Scan(backend, [toDenoSelector(range)], options.now).finish();
  }
  const complement = complementSelectors(range);
  const known = options.counts;
  const fromCounter = async (scanned: Promise<number>) => {
    const [counters, outside] = await Promise.all([
      known ?? readCounters(backend, range.prefix),
      scanned,
    ]);
    // No record under the prefix has a TTL: nothing can be expired, no need to scan the
    // expiry index.
    const expired = counters.withTtl === 0 ? 0 : await countExpired(backend, range, options.now);
    if (expired > 0) options.onExpired?.(expired);
    return Math.max(0, counters.entries - outside - expired);
  };
  if (complement.length === 0) return await fromCounter(Promise.resolve(0));
  const inside = new Scan(backend, [toDenoSelector(range)], options.now);
  const outside = new Scan(backend, complement);
  const hint = options.hint ?? "interleave";
  if (hint === "range") return await inside.finish();
  if (hint === "complement") return await fromCounter(outside.finish());
  for (;;) {
    await inside.step(STEP);
    if (inside.done) return inside.count;
    await outside.step(STEP);
    if (outside.done) return await fromCounter(Promise.resolve(outside.count));
  }
}
