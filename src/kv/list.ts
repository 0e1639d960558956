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
} from "../types.ts";
import type { Backend } from "./backend.ts";
import { type CountHint, countLive } from "./count.ts";
import { decodeCursor, encodeCursor, selectorFingerprint } from "./cursor.ts";
import { decodeRecord, isLive, type StoredRecord } from "./layout.ts";
import { afterCursor, inRange, type KeyRange, normalizeSelector, toDenoSelector } from "./range.ts";
import { resolveState } from "./read.ts";
import { decodeValue } from "./values.ts";

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

async function readPage(
  backend: Backend,
  range: KeyRange,
  options: { limit: number; reverse: boolean; now: number },
): Promise<{ items: RawItem[]; more: boolean }> {
  const items: RawItem[] = [];
  const iter = backend.kv.list(toDenoSelector(range), {
    reverse: options.reverse,
    batchSize: Math.min(LIST_LIMITS.max, options.limit + 1),
  });
  for await (const entry of iter) {
    const record = decodeRecord(entry.value);
    if (!record || !isLive(record, options.now)) continue;
    if (items.length === options.limit) return { items, more: true };
    items.push({ key: entry.key.slice(1) as KvKey, versionstamp: entry.versionstamp, record });
  }
  return { items, more: false };
}

/**
 * Lists one page of live entries matching `selector`.
 *
 * @param backend The backend.
 * @param selector The selector.
 * @param options `limit`, `reverse`, `cursor`, and `now` (the clock).
 * @returns The page, its `total` and the next `cursor`.
 */
export async function listPage<T>(
  backend: Backend,
  selector: KvListSelector,
  options: KvListOptions & { now: () => number },
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
  const [page, counted] = await Promise.all([
    readPage(backend, range, { limit, reverse, now }),
    countLive(backend, range, { now, hint }),
  ]);
  const items: KvListEntry<T>[] = await Promise.all(page.items.map(async (item) => {
    // Inline values decode at once; large ones are reassembled from their chunks.
    if (item.record.v) return { key: item.key, value: decodeValue(item.record.v) as T };
    const { result } = await resolveState(backend, item.key, item, () => now);
    return { key: item.key, value: (result.found ? result.value : null) as T | null };
  }));
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
