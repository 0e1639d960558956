/**
 * The reference model of a KV store for the model-based test: a plain list
 * of `{ key, value, expiresAt }`, sorted with the independent reference
 * order, read with the same injected clock as the store.
 *
 * @module
 */
import type { KvKey, KvListEntry } from "../../src/types.ts";
import { type AnySelector, matches, referenceCompare } from "./_reference.ts";

/** One stored entry of the model. */
export interface ModelEntry {
  /** The key. */
  key: KvKey;
  /** The value as it reads back (JSON round trip). */
  value: unknown;
  /** Expiry in epoch ms, or `null` for none. */
  expiresAt: number | null;
}

/** What one `list` page should be. */
export interface ModelPage {
  /** The page's entries. */
  items: KvListEntry[];
  /** Live matches from the cursor on, this page included. */
  total: number;
  /** Whether a next page exists (the cursor is not `null`). */
  more: boolean;
}

/** A sorted-array model of the store. */
export class KvModel {
  #entries: ModelEntry[] = [];
  #now: () => number;

  /**
   * Creates an empty model.
   *
   * @param now The clock shared with the store under test.
   *
   * @example Usage
   * ```ts
   * import assert from "node:assert/strict";
   * import { KvModel } from "./_model.ts";
   *
   * const model = new KvModel(() => 0);
   * model.set(["a", 2], "two", 1);
   * model.set(["a", 1], { one: new Date(0) });
   * assert.deepEqual(model.get(["a", 1]), { one: "1970-01-01T00:00:00.000Z" });
   * assert.deepEqual(model.list({ prefix: ["a"] }, { limit: 1, reverse: true }), {
   *   items: [{ key: ["a", 2], value: "two" }],
   *   total: 2,
   *   more: true,
   * });
   * ```
   */
  constructor(now: () => number) {
    this.#now = now;
  }

  #find(key: KvKey): number {
    let lo = 0;
    let hi = this.#entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (referenceCompare(this.#entries[mid]!.key, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #live(entry: ModelEntry): boolean {
    return entry.expiresAt === null || this.#now() < entry.expiresAt;
  }

  /**
   * Stores a value (as its JSON round trip) with an optional TTL in seconds.
   *
   * @param key The key.
   * @param value The value.
   * @param ttlInSeconds The TTL.
   */
  set(key: KvKey, value: unknown, ttlInSeconds?: number): void {
    const entry: ModelEntry = {
      key,
      value: JSON.parse(JSON.stringify(value)),
      expiresAt: ttlInSeconds === undefined ? null : this.#now() + Math.round(ttlInSeconds * 1000),
    };
    const i = this.#find(key);
    const hit = this.#entries[i] && referenceCompare(this.#entries[i]!.key, key) === 0;
    this.#entries.splice(i, hit ? 1 : 0, entry);
  }

  /**
   * Deletes a key.
   *
   * @param key The key.
   */
  delete(key: KvKey): void {
    const i = this.#find(key);
    if (this.#entries[i] && referenceCompare(this.#entries[i]!.key, key) === 0) {
      this.#entries.splice(i, 1);
    }
  }

  /**
   * The live entry of a key.
   *
   * @param key The key.
   * @returns The entry, or `null`.
   */
  entry(key: KvKey): KvListEntry | null {
    const found = this.#entries[this.#find(key)];
    if (!found || referenceCompare(found.key, key) !== 0 || !this.#live(found)) return null;
    return { key: found.key, value: found.value };
  }

  /**
   * The live value of a key.
   *
   * @param key The key.
   * @returns The value, or `null`.
   */
  get(key: KvKey): unknown {
    return this.entry(key)?.value ?? null;
  }

  /**
   * One page of live matches strictly after `after` in the listing direction.
   *
   * @param selector The selector.
   * @param options `limit`, `reverse`, and `after` (the previous page's last key).
   * @returns The page.
   */
  list(
    selector: AnySelector,
    options: { limit: number; reverse: boolean; after?: KvKey },
  ): ModelPage {
    const { limit, reverse, after } = options;
    let rest = this.#entries.filter((e) => this.#live(e) && matches(e.key, selector));
    if (reverse) rest.reverse();
    if (after) {
      rest = rest.filter((e) => (reverse ? -1 : 1) * referenceCompare(e.key, after) > 0);
    }
    return {
      items: rest.slice(0, limit).map((e) => ({ key: e.key, value: e.value })),
      total: rest.length,
      more: rest.length > limit,
    };
  }
}
