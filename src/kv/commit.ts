/**
 * Group commit: concurrent `set`, `delete` and expiry operations are gathered
 * into one atomic Deno KV commit (within the backend's limits), so many
 * writes share one disk sync. Each call resolves only after its commit; an
 * operation that makes a batch fail is retried alone and never fails its
 * neighbours.
 *
 * @module
 */
import type { KvKey } from "../types.ts";
import { type Backend, backoff, readMany, withLockRetry } from "./backend.ts";
import { discardBlob, type PendingBlob } from "./blobs.ts";
import { dataKey, decodeRecord } from "./layout.ts";
import { CommitPlan, type PhysicalState, type WriteOp } from "./plan.ts";

interface Queued {
  op: WriteOp;
  id: string;
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

/** Counters describing the committer's work. */
export interface CommitStats {
  /** Atomic commits that succeeded. */
  commits: number;
  /** Operations committed. */
  operations: number;
  /** Commits that failed a versionstamp check and were retried. */
  conflicts: number;
}

const MAX_CONFLICTS = 30;

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

/** Gathers concurrent writes into shared atomic commits. */
export class GroupCommitter {
  #backend: Backend;
  #now: () => number;
  #queue: Queued[] = [];
  #draining: Promise<void> | null = null;
  #background = new Set<Promise<void>>();
  /** What the committer has done so far. */
  readonly stats: CommitStats = { commits: 0, operations: 0, conflicts: 0 };

  /**
   * Creates a committer.
   *
   * @param backend The backend to commit to.
   * @param now The clock (epoch milliseconds).
   */
  constructor(backend: Backend, now: () => number) {
    this.#backend = backend;
    this.#now = now;
  }

  /**
   * Queues a write; resolves after the commit that contains it.
   *
   * @param op The write.
   * @returns For `expire`, whether the record expired; otherwise `true`.
   */
  submit(op: WriteOp): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ op, id: JSON.stringify(op.key), resolve, reject });
      this.#draining ??= this.#drain();
    });
  }

  /**
   * Waits until every queued write and background cleanup has finished.
   *
   * @returns When idle.
   */
  async idle(): Promise<void> {
    while (this.#draining || this.#background.size > 0) {
      await this.#draining;
      await Promise.all(this.#background);
    }
  }

  async #drain(): Promise<void> {
    // Let the calls of this tick join the first batch.
    await Promise.resolve();
    try {
      while (this.#queue.length > 0) await this.#commitNext();
    } finally {
      this.#draining = null;
    }
  }

  /** Takes queued ops for at most `maxChecks` distinct keys, grouped by key. */
  #take(): Map<string, Queued[]> {
    const groups = new Map<string, Queued[]>();
    const maxKeys = this.#backend.limits.maxChecks;
    const rest: Queued[] = [];
    for (const item of this.#queue) {
      const group = groups.get(item.id);
      if (group) group.push(item);
      else if (groups.size < maxKeys && rest.length === 0) groups.set(item.id, [item]);
      else rest.push(item);
    }
    this.#queue = rest;
    return groups;
  }

  async #commitNext(): Promise<void> {
    const groups = this.#take();
    await this.#commitGroups([...groups.values()]);
  }

  async #commitGroups(groups: Queued[][]): Promise<void> {
    for (let attempt = 0;; attempt++) {
      let states: PhysicalState[];
      try {
        states = await readStates(this.#backend, groups.map((g) => g[0]!.op.key));
      } catch (error) {
        for (const group of groups) for (const item of group) item.reject(error);
        return;
      }
      const now = this.#now();
      const plan = new CommitPlan(this.#backend.limits);
      let fitted = 0;
      for (; fitted < groups.length; fitted++) {
        const group = groups[fitted]!;
        const ops = group.map((item) => item.op);
        if (!plan.add(ops[0]!.key, states[fitted]!, ops, { now })) break;
      }
      // Keys that did not fit go back to the front of the queue, in order.
      if (fitted < groups.length) {
        this.#queue.unshift(...groups.slice(fitted).flat());
        groups = groups.slice(0, fitted);
      }
      let result: Deno.KvCommitResult | Deno.KvCommitError;
      try {
        result = plan.empty
          ? { ok: true, versionstamp: "" }
          : await withLockRetry(() => plan.toAtomic(this.#backend.kv).commit());
      } catch (error) {
        if (groups.length === 1) {
          for (const item of groups[0]!) item.reject(error);
          return;
        }
        // One bad operation must not fail its neighbours: retry each key alone.
        for (const group of groups) await this.#commitGroups([group]);
        return;
      }
      if (result.ok) {
        this.stats.commits++;
        for (const blob of plan.discarded) this.#track(discardBlob(this.#backend, blob));
        for (let i = 0; i < groups.length; i++) {
          this.#settle(groups[i]!, states[i]!, now);
        }
        return;
      }
      this.stats.conflicts++;
      if (attempt >= MAX_CONFLICTS) {
        const error = new Error(
          `Cannot commit KV writes: the keys kept changing (${attempt + 1} conflicting attempts)`,
        );
        for (const group of groups) for (const item of group) item.reject(error);
        return;
      }
      if (attempt >= 3 && groups.length > 1) {
        for (const group of groups) await this.#commitGroups([group]);
        return;
      }
      groups = await this.#dropAbandoned(groups);
      if (groups.length === 0) return;
      await backoff(attempt, { baseMs: 1, capMs: 100 });
    }
  }

  /** Rejects large-value writes whose pending blob the orphan sweep removed. */
  async #dropAbandoned(groups: Queued[][]): Promise<Queued[][]> {
    const withBlob = groups.flat().filter((item) => item.op.type === "set" && item.op.blob);
    if (withBlob.length === 0) return groups;
    const markers = await readMany(
      this.#backend,
      withBlob.map((item) => (item.op as { blob: PendingBlob }).blob.marker),
    );
    const abandoned = new Set<Queued>();
    withBlob.forEach((item, i) => {
      const blob = (item.op as { blob: PendingBlob }).blob;
      if (markers[i]!.versionstamp !== blob.markerVersionstamp) abandoned.add(item);
    });
    if (abandoned.size === 0) return groups;
    for (const item of abandoned) {
      item.reject(new Error("Cannot store value: its upload was abandoned; retry the write"));
    }
    return groups.map((g) => g.filter((item) => !abandoned.has(item))).filter((g) => g.length > 0);
  }

  #settle(group: Queued[], state: PhysicalState, now: number): void {
    let record = state.record;
    let changed = false;
    for (const item of group) {
      this.stats.operations++;
      const op = item.op;
      if (op.type === "expire") {
        const expired: boolean = !changed && record?.e === op.expiresAt && op.expiresAt <= now;
        if (expired) record = null;
        changed ||= expired;
        item.resolve(expired);
      } else {
        record = op.type === "set" ? op.record : null;
        changed = true;
        item.resolve(true);
      }
    }
  }

  #track(promise: Promise<void>): void {
    this.#background.add(promise);
    promise.finally(() => this.#background.delete(promise));
  }
}
