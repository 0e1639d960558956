/**
 * Reading the change log and picking one watch's events from it.
 *
 * @module
 */
import type { KvChange } from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import {
  CHANGE_RETENTION_MS,
  decodeChanges,
  type LoggedChange,
  READ_BACK_MS,
} from "../layout/changes.ts";
import type { WatchSpec } from "./watch_selector.ts";

/** Where a watch stands in the log. */
export interface WatchState extends WatchSpec {
  /** Changes up to this versionstamp were handled; unset before the first read. */
  after: string | undefined;
  /** Before the first read: changes sent from this time on are the watch's. */
  startAt: number;
}

/**
 * The log's changes from time `from` up to versionstamp `head`, in versionstamp order.
 *
 * @param backend The backend.
 * @param from The earliest log time to read (`-Infinity`: the whole log).
 * @param head The newest versionstamp to take.
 * @returns The changes.
 */
export async function readLog(
  backend: Backend,
  from: number,
  head: string,
): Promise<LoggedChange[]> {
  const selector = Number.isFinite(from)
    ? { prefix: ["l"], start: ["l", from] }
    : { prefix: ["l"] };
  const log: LoggedChange[] = [];
  for await (const entry of backend.kv.list(selector, { batchSize: 500 })) {
    if (entry.versionstamp > head) continue;
    log.push(...decodeChanges(entry));
  }
  // Stable: a commit's changes keep their order.
  return log.sort((
    a,
    b,
  ) => (a.versionstamp < b.versionstamp ? -1 : a.versionstamp > b.versionstamp ? 1 : 0));
}

/**
 * One watch's events in `log` (read up to `head` at `readAt`), advancing its state.
 *
 * @param watch The watch's state (updated).
 * @param log The log read.
 * @param read `head`, `readAt`, and the current `values` of keys set in `log`.
 * @returns The events, in order.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pickEvents } from "./change_events.ts";
 *
 * const watch = { match: () => true, values: false, since: undefined, after: "01", startAt: 0 };
 * const log = [{ key: ["a"], deleted: true, at: 5, versionstamp: "02" }];
 * const events = pickEvents(watch, log, { head: "02", readAt: 9, values: new Map() });
 * assert.deepEqual(events, [{ type: "delete", key: ["a"], versionstamp: "02" }]);
 * assert.equal(watch.after, "02");
 * ```
 */
export function pickEvents(
  watch: WatchState,
  log: readonly LoggedChange[],
  read: { head: string; readAt: number; values: ReadonlyMap<string, unknown> },
): KvChange[] {
  const { head, values } = read;
  if (watch.since !== undefined) {
    const since = watch.since;
    watch.since = undefined;
    // Resumable when nothing changed since, or when the log still holds all that came after.
    const kept = read.readAt - (CHANGE_RETENTION_MS - READ_BACK_MS);
    if (since !== head && !log.some((c) => c.versionstamp === since && c.at >= kept)) {
      watch.after = head;
      return [{ type: "gap", versionstamp: head }];
    }
    watch.after = since;
  }
  const after = watch.after;
  const events: KvChange[] = [];
  for (const change of log) {
    if (after === undefined ? change.at < watch.startAt : change.versionstamp <= after) continue;
    if (!watch.match(change.key)) continue;
    const { key, versionstamp } = change;
    if (change.deleted) events.push({ type: "delete", key, versionstamp });
    else if (!watch.values) events.push({ type: "set", key, versionstamp });
    else {
      const id = JSON.stringify(key);
      // Without a value when gone since: the delete that removed it comes later.
      events.push(
        values.has(id)
          ? { type: "set", key, versionstamp, value: values.get(id) }
          : { type: "set", key, versionstamp },
      );
    }
  }
  watch.after = head;
  return events;
}
