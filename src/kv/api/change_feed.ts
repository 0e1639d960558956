/**
 * Change watches of one store. One reader serves them all: woken by Deno KV's
 * watch of the head key (this process's writes, and every writer's on a remote
 * store) and by a poll of it (other processes on a SQLite file), it reads the
 * change log once and hands each watch its changes in versionstamp order.
 *
 * A read takes the head's versionstamp `H` first, then lists the log from
 * `READ_BACK_MS` before the previous read: every change up to `H` is in that
 * range, and changes after `H` are left for the next read, so none is skipped.
 *
 * @module
 */
import type { KvChange, KvKey } from "../../types.ts";
import { type Backend, withLockRetry } from "../engine/backend.ts";
import { HEAD_KEY, type LoggedChange, READ_BACK_MS } from "../layout/changes.ts";
import { readValues } from "./read.ts";
import { pickEvents, readLog, type WatchState } from "./change_events.ts";
import type { WatchSpec } from "./watch_selector.ts";

/** Events a watch may have unread before it fails rather than grow without end. */
const MAX_BACKLOG = 10_000;
const NO_CHANGES = "0".repeat(20);

interface Watcher extends WatchState {
  controller: ReadableStreamDefaultController<KvChange>;
  /** The log is read from this time on. */
  from: number;
}

/** The change watches of a store. */
export class ChangeFeed {
  #backend: Backend;
  #now: () => number;
  #pollMs: number;
  #watchers = new Set<Watcher>();
  #signal: ReadableStreamDefaultReader<unknown> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #reading: Promise<void> | undefined;
  #again = false;

  /**
   * Creates the feed of a store.
   *
   * @param backend The backend.
   * @param now The clock (the log's times).
   * @param pollMs Pause between checks of the head key while watched (0: none).
   */
  constructor(backend: Backend, now: () => number, pollMs: number) {
    if (typeof pollMs !== "number" || !(pollMs >= 0) || pollMs > 2 ** 31 - 1) {
      throw new RangeError(`Cannot poll for changes every '${pollMs}' ms: expected 0 or more ms`);
    }
    this.#backend = backend;
    this.#now = now;
    this.#pollMs = pollMs;
  }

  /** Open watches. */
  get size(): number {
    return this.#watchers.size;
  }

  /**
   * Starts a watch: changes committed from now on (or after `spec.since`).
   *
   * @param spec The checked selector and options.
   * @returns The stream of events; cancelling it ends the watch.
   */
  open<T>(spec: WatchSpec): ReadableStream<KvChange<T>> {
    let watcher: Watcher;
    return new ReadableStream<KvChange>({
      start: (controller) => {
        const startAt = this.#now();
        const from = spec.since === undefined ? startAt - READ_BACK_MS : -Infinity;
        watcher = { ...spec, controller, after: undefined, startAt, from };
        this.#watchers.add(watcher);
        if (this.#watchers.size === 1) this.#startSignals();
        this.wake();
      },
      cancel: () => this.#remove(watcher),
    }) as ReadableStream<KvChange<T>>;
  }

  /** Reads the log soon (once for any number of calls meanwhile). */
  wake(): void {
    this.#again = true;
    this.#reading ??= this.#readLoop();
  }

  /** Ends every watch (their streams close after the events already queued). */
  async closeAll(): Promise<void> {
    for (const watcher of [...this.#watchers]) {
      this.#remove(watcher);
      watcher.controller.close();
    }
    await this.#reading;
  }

  #remove(watcher: Watcher): void {
    if (!this.#watchers.delete(watcher) || this.#watchers.size > 0) return;
    this.#signal?.cancel().catch(() => {});
    this.#signal = undefined;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #startSignals(): void {
    const signal = this.#backend.kv.watch([HEAD_KEY]).getReader();
    this.#signal = signal;
    (async () => {
      while (!(await signal.read()).done) this.wake();
    })().catch((error) => {
      if (this.#signal !== signal) return; // cancelled: nobody watches any more
      this.#failAll(new Error(`Cannot watch KV changes: ${error?.message ?? error}`));
    });
    if (this.#pollMs > 0) {
      this.#timer = setInterval(() => this.wake(), this.#pollMs);
      Deno.unrefTimer(this.#timer as unknown as number);
    }
  }

  #failAll(error: Error): void {
    for (const watcher of [...this.#watchers]) {
      this.#remove(watcher);
      watcher.controller.error(error);
    }
  }

  async #readLoop(): Promise<void> {
    await null; // the wakes of this tick share one read
    try {
      while (this.#again && this.#watchers.size > 0) {
        this.#again = false;
        await this.#read();
      }
    } catch (error) {
      this.#failAll(new Error(`Cannot read KV changes: ${(error as Error)?.message ?? error}`));
    } finally {
      this.#reading = undefined;
    }
  }

  async #read(): Promise<void> {
    const readAt = this.#now();
    const head = (await withLockRetry(() => this.#backend.kv.get(HEAD_KEY))).versionstamp;
    const due = [...this.#watchers].filter((w) => w.after === undefined || w.after !== head);
    if (due.length === 0) return;
    const from = Math.min(...due.map((w) => w.from));
    const log = head === null ? [] : await readLog(this.#backend, from, head);
    const values = await this.#readValuesFor(due, log);
    for (const watcher of due) {
      if (!this.#watchers.has(watcher)) continue;
      const events = pickEvents(watcher, log, { head: head ?? NO_CHANGES, readAt, values });
      for (const event of events) watcher.controller.enqueue(event);
      watcher.from = readAt - READ_BACK_MS;
      if ((watcher.controller.desiredSize ?? 0) < -MAX_BACKLOG) {
        this.#remove(watcher);
        watcher.controller.error(
          new Error(
            `Cannot watch KV changes: the reader fell more than ${MAX_BACKLOG} events behind`,
          ),
        );
      }
    }
  }

  /** Current values of the keys set in `log` that watches asking for values follow. */
  async #readValuesFor(due: Watcher[], log: LoggedChange[]): Promise<Map<string, unknown>> {
    const wanted = new Map<string, KvKey>();
    for (const watcher of due) {
      if (!watcher.values) continue;
      for (const change of log) {
        if (!change.deleted && watcher.match(change.key)) {
          wanted.set(JSON.stringify(change.key), change.key);
        }
      }
    }
    const found = new Map<string, unknown>();
    if (wanted.size === 0) return found;
    const keys = [...wanted.values()];
    const results = await readValues(this.#backend, keys, { now: this.#now });
    results.forEach((result, i) => {
      if (result.found) found.set(JSON.stringify(keys[i]), result.value);
    });
    return found;
  }
}
