/**
 * `list(selector, { limit, reverse, cursor })`: one page of live entries, an
 * exact `total` from the cursor onward, and the next cursor.
 *
 * @module
 */
import type {
  KvKey,
  KvListEntry,
  KvListOptions,
  KvListResponse,
  KvListSelector,
} from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { type CountHint, countLive } from "./count.ts";
import {
  COUNT_MARK,
  counterValue,
  isCountedPrefix,
  isCounterKey,
  type PrefixCounts,
  TTL_MARK,
} from "../layout/counters.ts";
import { decodeCursor, encodeCursor, selectorFingerprint } from "../layout/cursor.ts";
import { decodeEntry, isLive, type StoredRecord } from "../layout/records.ts";
import {
  afterCursor,
  inRange,
  type KeyRange,
  normalizeSelector,
  toDenoSelector,
} from "../layout/range.ts";
import { resolveState } from "./read.ts";
import { decodeValue } from "../layout/values.ts";

/** Default and maximum page sizes. */
export const LIST_LIMITS = { default: 100, max: 1000 } as const;

function validateOptions(options: KvListOptions | undefined) {
  if (options !== undefined && (options === null || typeof options !== "object")) {
    throw new TypeError("Cannot list: options must be an object");
  }
  const limit = options?.limit ?? LIST_LIMITS.default;
  if (
    typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > LIST_LIMITS.max
  ) {
    throw new RangeError(
      `Cannot list with limit ${
        String(limit)
      }: limit must be an integer from 1 to ${LIST_LIMITS.max}`,
    );
  }
  const reverse = options?.reverse ?? false;
  if (typeof reverse !== "boolean") {
    throw new TypeError(`Cannot list: reverse must be a boolean, got ${typeof reverse}`);
  }
  // `null` is accepted as "no cursor" (what `searchParams.get("cursor")` gives).
  return { limit, reverse, cursor: options?.cursor ?? undefined };
}

interface RawItem {
  key: KvKey;
  versionstamp: string;
  record: StoredRecord;
}

interface Page {
  items: RawItem[];
  more: boolean;
  /** The counters of the range's prefix, when the read began at the start of its range. */
  counts: PrefixCounts | undefined;
}

/** Whether a read of `range` starts where the prefix's own counters are (forward, unbounded). */
function startsAtCounters(range: KeyRange, reverse: boolean): boolean {
  return !reverse && range.lower === undefined && range.upper === undefined &&
    isCountedPrefix(range.prefix);
}

/** Collects a page from entries in key order (see {@linkcode readPage}). */
class PageBuilder {
  items: RawItem[] = [];
  counts: PrefixCounts | undefined;
  #ownLength: number;
  #limit: number;
  #now: number;

  constructor(range: KeyRange, options: { limit: number; reverse: boolean; now: number }) {
    this.counts = startsAtCounters(range, options.reverse) ? { entries: 0, withTtl: 0 } : undefined;
    this.#ownLength = range.prefix.length + 2; // ["d", ...prefix, mark]
    this.#limit = options.limit;
    this.#now = options.now;
  }

  /** Takes one entry; `true` when the page is full and another live entry exists. */
  add(entry: Deno.KvEntry<unknown>): boolean {
    if (isCounterKey(entry.key)) {
      if (this.counts && entry.key.length === this.#ownLength) {
        const mark = entry.key[this.#ownLength - 1] as Uint8Array;
        if (mark[0] === COUNT_MARK[0]) this.counts.entries = counterValue(entry.value);
        else if (mark[0] === TTL_MARK[0]) this.counts.withTtl = counterValue(entry.value);
      }
      return false;
    }
    const decoded = decodeEntry(entry);
    if (!decoded || !isLive(decoded.record, this.#now)) return false;
    if (this.items.length === this.#limit) return true;
    this.items.push({ key: decoded.key, versionstamp: entry.versionstamp, record: decoded.record });
    return false;
  }

  page(more: boolean): Page {
    return { items: this.items, more, counts: this.counts };
  }
}

/** Reads a page of live records, skipping counter keys; a forward read of a whole prefix
 * meets the prefix's own counters first (they sort before every user key part) and keeps them. */
async function readPage(
  backend: Backend,
  range: KeyRange,
  options: { limit: number; reverse: boolean; now: number },
): Promise<Page> {
  const selector = toDenoSelector(range);
  const batch = {
    reverse: options.reverse,
    batchSize: Math.min(
      LIST_LIMITS.max,
      options.limit + (startsAtCounters(range, options.reverse) ? 3 : 1),
    ),
  };
  const builder = new PageBuilder(range, options);
  for await (const entry of backend.kv.list(selector, batch)) {
    if (builder.add(entry)) return builder.page(true);
  }
  return builder.page(false);
}

/** A page and the total from the cursor on: one read when the page's read brought the
 * counters, else the page and the count in parallel. */
async function readCounted(
  backend: Backend,
  range: KeyRange,
  options: {
    limit: number;
    reverse: boolean;
    now: number;
    hint: CountHint | undefined;
    onExpired: ((count: number) => void) | undefined;
  },
): Promise<[Page, number]> {
  const { now, hint, onExpired } = options;
  if (hint === undefined && startsAtCounters(range, options.reverse)) {
    const page = await readPage(backend, range, options);
    return [page, await countLive(backend, range, { now, counts: page.counts, onExpired })];
  }
  return await Promise.all([
    readPage(backend, range, options),
    countLive(backend, range, { now, hint, onExpired }),
  ]);
}

/**
 * Lists one page of live entries matching `selector`.
 *
 * @param backend The backend.
 * @param selector The selector.
 * @param options `limit`, `reverse`, `cursor`, `now` (the clock), and `onExpired` (told when
 * the count met expired entries not yet swept).
 * @returns The page, its `total` and the next `cursor`.
 */
export async function listPage<T>(
  backend: Backend,
  selector: KvListSelector,
  options: KvListOptions & {
    now: () => number;
    onExpired?: ((count: number) => void) | undefined;
  },
): Promise<KvListResponse<T>> {
  const { limit, reverse, cursor } = validateOptions(options);
  const { parts, range: selected } = normalizeSelector(selector);
  const fingerprint = selectorFingerprint(parts, reverse);
  let range = selected;
  let before = 0;
  let hint: CountHint | undefined;
  if (cursor !== undefined) {
    const state = decodeCursor(cursor, fingerprint);
    if (selected && !inRange(state.key, selected)) {
      throw new TypeError("Cannot use cursor: its position lies outside this selector's range");
    }
    before = state.before;
    if (range) range = afterCursor(range, state.key, { reverse });
    // Count the side that was shorter when the cursor was made. With bounds,
    // the complement also holds keys outside them: interleave both scans.
    const bounded = selected?.lower !== undefined || selected?.upper !== undefined;
    hint = bounded ? "interleave" : state.before < state.after ? "complement" : "range";
  }
  if (!range) return { items: [], total: 0, cursor: null };
  const now = options.now();
  const [page, counted] = await readCounted(backend, range, {
    limit,
    reverse,
    now,
    hint,
    onExpired: options.onExpired,
  });
  // Inline values decode at once; large ones are reassembled from their chunks.
  const items: KvListEntry<T>[] = [];
  let large: Promise<void>[] | undefined;
  for (const item of page.items) {
    if (item.record.v) {
      items.push({ key: item.key, value: decodeValue(item.record.v) as T });
      continue;
    }
    const entry: KvListEntry<T> = { key: item.key, value: null as T };
    items.push(entry);
    (large ??= []).push(
      resolveState(backend, item.key, item, () => now).then(({ result }) => {
        entry.value = (result.found ? result.value : null) as T;
      }),
    );
  }
  if (large) await Promise.all(large);
  // Writes between the two reads can skew the count; never report fewer than we return.
  const total = Math.max(counted, items.length + (page.more ? 1 : 0));
  const last = items[items.length - 1];
  return {
    items,
    total,
    cursor: page.more && last
      ? encodeCursor(
        { key: last.key, before: before + items.length, after: total - items.length },
        fingerprint,
      )
      : null,
  };
}
