/**
 * Group commit: concurrent `set`, `delete` and expiry operations are gathered
 * into one atomic Deno KV commit (within the backend's limits), so many
 * writes share one disk sync. Each call resolves only after its commit; an
 * operation that makes a batch fail is retried alone and never fails its
 * neighbours.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import { type Backend, backoff } from "./backend.ts";
import { commitLogged } from "./change_log.ts";
import { discardBlob } from "../layout/blobs.ts";
import { CommitPlan, type PhysicalState, type WriteOp } from "./commit_plan.ts";
import { dropAbandoned, onlySets, type Queued, settle } from "./commit_queue.ts";
import { ABSENT, readStates } from "./states.ts";

/** Counters describing the committer's work. */
export interface CommitStats {
  /** Atomic commits that succeeded. */
  commits: number;
  /** Operations committed. */
  operations: number;
  /** Commits that failed a versionstamp check and were retried. */
  conflicts: number;
  /** Batches committed without reading their keys first (every key was new). */
  unread: number;
  /** Unread batches whose guess was wrong (a key existed): read and committed again. */
  misses: number;
}

const MAX_CONFLICTS = 30;

/** Gathers concurrent writes into shared atomic commits. */
export class GroupCommitter {
  #backend: Backend;
  #now: () => number;
  #queue: Queued[] = [];
  #draining: Promise<void> | null = null;
  #dirty = false;
  #preparing = new Set<Promise<void>>();
  #background = new Set<Promise<void>>();
  /** What the committer has done so far. */
  readonly stats: CommitStats = { commits: 0, operations: 0, conflicts: 0, unread: 0, misses: 0 };
  /** Whether the last batch of sets read only absent keys: the next one skips its read. */
  #newKeys = false;

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
   * Queues a write; resolves after the commit that contains it. The call takes its place in
   * the queue at once, so writes to one key apply in call order even when a write is still
   * preparing (`op` given as a promise, e.g. while a large value's chunks are written).
   *
   * @param op The write, or a promise of it.
   * @param key The key written (required when `op` is a promise).
   * @returns For `expire`, whether the record expired; otherwise `true`.
   */
  submit(op: WriteOp | Promise<WriteOp>, key?: KvKey): Promise<boolean> {
    const id = JSON.stringify(key ?? (op as WriteOp).key);
    return new Promise((resolve, reject) => {
      const item: Queued = { op: undefined, id, resolve, reject };
      this.#queue.push(item);
      if (!(op instanceof Promise)) {
        item.op = op;
        this.#kick();
        return;
      }
      const ready = op.then((value) => {
        item.op = value;
      }, (error) => {
        this.#queue = this.#queue.filter((queued) => queued !== item);
        reject(error);
      }).finally(() => {
        this.#preparing.delete(ready);
        this.#kick();
      });
      this.#preparing.add(ready);
    });
  }

  /**
   * Waits until every queued write and background cleanup has finished.
   *
   * @returns When idle.
   */
  async idle(): Promise<void> {
    while (this.#draining || this.#background.size > 0 || this.#preparing.size > 0) {
      await Promise.all(this.#preparing);
      await this.#draining;
      await Promise.all(this.#background);
    }
  }

  #kick(): void {
    this.#dirty = true;
    this.#draining ??= this.#drain();
  }

  async #drain(): Promise<void> {
    // Let the calls of this tick join the first batch.
    await Promise.resolve();
    try {
      while (this.#dirty) {
        this.#dirty = false;
        for (;;) {
          const groups = this.#take();
          if (groups.size === 0) break;
          await this.#commitGroups([...groups.values()]);
        }
      }
    } finally {
      this.#draining = null;
      if (this.#dirty) this.#kick();
    }
  }

  /**
   * Takes ready ops for at most `maxChecks` distinct keys, grouped by key. A key whose
   * earliest queued op is still preparing is skipped entirely (call order per key).
   */
  #take(): Map<string, Queued[]> {
    const groups = new Map<string, Queued[]>();
    const blocked = new Set<string>();
    const maxKeys = this.#backend.limits.maxChecks;
    const rest: Queued[] = [];
    for (const item of this.#queue) {
      if (item.op === undefined) blocked.add(item.id);
      const group = groups.get(item.id);
      if (blocked.has(item.id)) rest.push(item);
      else if (group) group.push(item);
      else if (groups.size < maxKeys) groups.set(item.id, [item]);
      else rest.push(item);
    }
    this.#queue = rest;
    return groups;
  }

  async #commitGroups(groups: Queued[][]): Promise<void> {
    // Keys that are all new (ids just made, as in a POST) need no read: each one's write is
    // checked against "absent" in the commit, and a wrong guess reads and commits again.
    const sets = onlySets(groups);
    let guess = this.#newKeys && sets;
    // Conflicting attempts so far (a wrong guess is not one).
    for (let attempt = 0;;) {
      let states: PhysicalState[];
      if (guess) states = groups.map(() => ABSENT);
      else {
        try {
          states = await readStates(this.#backend, groups.map((g) => g[0]!.op!.key));
        } catch (error) {
          for (const group of groups) for (const item of group) item.reject(error);
          return;
        }
        this.#newKeys = sets && states.every((state) => state.versionstamp === null);
      }
      const now = this.#now();
      const plan = new CommitPlan(this.#backend.limits);
      let fitted = 0;
      for (; fitted < groups.length; fitted++) {
        const group = groups[fitted]!;
        const ops = group.map((item) => item.op!);
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
          : await commitLogged(this.#backend, plan, this.#now);
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
        if (guess) this.stats.unread++;
        for (const blob of plan.discarded) this.#track(discardBlob(this.#backend, blob));
        for (let i = 0; i < groups.length; i++) {
          settle(groups[i]!, states[i]!, now);
          this.stats.operations += groups[i]!.length;
        }
        return;
      }
      if (guess) {
        // Not a conflict: a key existed. Read this time, without backing off.
        this.stats.misses++;
        this.#newKeys = guess = false;
        continue;
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
      groups = await dropAbandoned(this.#backend, groups);
      if (groups.length === 0) return;
      await backoff(attempt++, { baseMs: 1, capMs: 100 });
    }
  }

  #track(promise: Promise<void>): void {
    this.#background.add(promise);
    promise.finally(() => this.#background.delete(promise));
  }
}
