/**
 * Watching keys: Deno KV's `watch` on the keys' records, each change turned
 * into decoded values (large values reassembled, expired records as `null`).
 *
 * @module
 */
import type { KvKey, KvListEntry, KvValue } from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { validateKey } from "../layout/keys.ts";
import { dataKey, decodeRecord } from "../layout/records.ts";
import { resolveState } from "./read.ts";

/** Most keys one watch may name (Deno KV's own limit). */
export const MAX_WATCH_KEYS = 10;

/** One key's value as a watch reports it. */
interface Seen {
  entry: KvListEntry | null;
  /** The record's versionstamp when live, else `null`: equal marks mean nothing changed. */
  mark: string | null;
}

/**
 * Checks the keys of a watch.
 *
 * @param keys What the caller passed.
 * @returns Validated copies.
 */
export function validateWatchKeys(keys: unknown): KvKey[] {
  if (!Array.isArray(keys)) throw new TypeError("Cannot watch: keys must be an array of keys");
  if (keys.length === 0 || keys.length > MAX_WATCH_KEYS) {
    throw new RangeError(`Cannot watch ${keys.length} keys: pass 1 to ${MAX_WATCH_KEYS} keys`);
  }
  return keys.map((key, i) => validateKey(key, `key at index ${i}`));
}

async function see(
  backend: Backend,
  key: KvKey,
  entry: Deno.KvEntryMaybe<unknown>,
  now: () => number,
): Promise<Seen> {
  const record = entry.versionstamp === null ? null : decodeRecord(entry.value);
  if (!record) return { entry: null, mark: null };
  const state = { versionstamp: entry.versionstamp, record };
  const { result, state: read } = await resolveState(backend, key, state, now);
  return result.found
    ? { entry: { key, value: result.value as KvValue }, mark: read.versionstamp }
    : { entry: null, mark: null };
}

/** The open watches of one store, so that closing the store ends them. */
export class Watches {
  #stops = new Set<() => Promise<void>>();

  /** Open watches. */
  get size(): number {
    return this.#stops.size;
  }

  /**
   * Starts a watch of validated keys.
   *
   * @param backend The backend.
   * @param keys Validated user keys.
   * @param now The clock that decides expiry.
   * @returns A stream of `{ key, value } | null` per key: the current values first, then
   * the values after each change.
   */
  open<T extends KvValue>(
    backend: Backend,
    keys: KvKey[],
    now: () => number,
  ): ReadableStream<(KvListEntry<T> | null)[]> {
    const reader = backend.kv.watch(keys.map(dataKey)).getReader();
    const stops = this.#stops;
    let stopped = false;
    let busy: Promise<void> = Promise.resolve();
    let last: (string | null)[] | undefined;
    let stop!: () => Promise<void>;

    const next = async (controller: ReadableStreamDefaultController<(KvListEntry<T> | null)[]>) => {
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (stopped) return;
          if (done) {
            // The connection was closed under the watch.
            stopped = true;
            stops.delete(stop);
            return controller.close();
          }
          const seen = await Promise.all(
            value.map((entry, i) => see(backend, keys[i]!, entry, now)),
          );
          if (stopped) return;
          // The sweep of an expired record is a write to Deno KV but no change to the user.
          if (last && seen.every((s, i) => s.mark === last![i])) continue;
          last = seen.map((s) => s.mark);
          return controller.enqueue(seen.map((s) => s.entry as KvListEntry<T> | null));
        }
      } catch (error) {
        if (stopped) return;
        stopped = true;
        stops.delete(stop);
        await reader.cancel().catch(() => {});
        throw error;
      }
    };

    return new ReadableStream<(KvListEntry<T> | null)[]>({
      start(controller) {
        stop = async () => {
          if (stopped) return;
          stopped = true;
          stops.delete(stop);
          await reader.cancel().catch(() => {});
          await busy.catch(() => {});
          try {
            controller.close();
          } catch {
            // Already cancelled by its reader.
          }
        };
        stops.add(stop);
      },
      pull(controller) {
        busy = next(controller);
        return busy;
      },
      cancel: () => stop(),
    }, { highWaterMark: 0 });
  }

  /** Ends every open watch (their streams close) and waits for reads in flight. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.#stops].map((stop) => stop()));
  }
}
