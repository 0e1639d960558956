/**
 * Folds a sequence of writes per key into one Deno KV atomic commit: the
 * record, the expiry index, prefix counters, blob chunks and versionstamp
 * checks. Shared by the group committer, transactions and the expiry sweeper.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import type { BackendLimits } from "./backend.ts";
import { blobChunkKeys, type PendingBlob } from "../layout/blobs.ts";
import { encodedKeySize } from "../layout/keys.ts";
import { counterKey, MAX_COUNTED_DEPTH, ttlCounterKey } from "../layout/counters.ts";
import { ChangeChunks, LOG_KEY_BYTES } from "../layout/changes.ts";
import { appendChanges } from "./change_log.ts";
import {
  dataKey,
  encodeRecord,
  expiryKey,
  type RawKey,
  recordSize,
  type StoredRecord,
} from "../layout/records.ts";

/** A key's record as last read from Deno KV. */
export interface PhysicalState {
  /** Versionstamp, or `null` when absent. */
  versionstamp: string | null;
  /** The record, or `null` when absent. */
  record: StoredRecord | null;
}

/** One write to fold into a commit. */
export type WriteOp =
  | { type: "set"; key: KvKey; record: StoredRecord; blob?: PendingBlob }
  | { type: "delete"; key: KvKey }
  /** Sweeper: delete the record if it still expires at `expiresAt` and has expired. */
  | { type: "expire"; key: KvKey; expiresAt: number };

const U64 = 1n << 64n;

/** An atomic commit under construction, within the backend's limits. */
export class CommitPlan {
  #limits: BackendLimits;
  #checks: Deno.AtomicCheck[] = [];
  #sets: [RawKey, unknown][] = [];
  #deletes = new Map<string, RawKey>();
  /** Per prefix: change of its entry count and of its count of entries with a TTL. */
  #counters = new Map<string, { prefix: KvKey; delta: number; ttlDelta: number }>();
  #mutationBytes = 0;
  #keyBytes = 0;
  #mutations = 0;
  /** The keys the plan changes, in order (logged in the same commit). */
  readonly log: ChangeChunks = new ChangeChunks();
  /** Blobs of intermediate writes, to discard after a successful commit. */
  readonly discarded: PendingBlob[] = [];

  /**
   * Starts an empty plan.
   *
   * @param limits The backend's per-commit limits.
   */
  constructor(limits: BackendLimits) {
    this.#limits = limits;
  }

  /** Versionstamp checks so far. */
  get checks(): number {
    return this.#checks.length;
  }

  /** Whether the plan writes or checks anything. */
  get empty(): boolean {
    return this.#checks.length === 0 && this.#mutations === 0 && this.#counters.size === 0;
  }

  /**
   * Folds `ops` (all on `key`, in order) over the key's `initial` state.
   *
   * @param key The user key.
   * @param initial The key's state as read.
   * @param ops The writes, in order (may be empty for a read-only check).
   * @param options `now` for expiry; `check` forces a versionstamp check.
   * @returns `false` (and changes nothing) when the key does not fit the limits.
   */
  add(
    key: KvKey,
    initial: PhysicalState,
    ops: readonly WriteOp[],
    options: { now: number; check?: boolean },
  ): boolean {
    let current = initial.record;
    let changed = false;
    let pending: PendingBlob | undefined;
    const staleIndex: number[] = [];
    const discarded: PendingBlob[] = [];
    for (const op of ops) {
      if (op.type === "expire") {
        const e = current?.e;
        if (!changed && current && e === op.expiresAt && e <= options.now) {
          current = null;
          changed = true;
        } else if (e !== op.expiresAt) staleIndex.push(op.expiresAt);
        continue;
      }
      if (pending) discarded.push(pending);
      pending = op.type === "set" ? op.blob : undefined;
      current = op.type === "set" ? op.record : null;
      changed = true;
    }
    const sets: [RawKey, unknown][] = [];
    const deletes: RawKey[] = [];
    const checks: Deno.AtomicCheck[] = [];
    const old = initial.record;
    const change = changed && (current !== null || old !== null)
      ? { key, deleted: current === null }
      : undefined;
    if (change) {
      const data = dataKey(key);
      checks.push({ key: data, versionstamp: initial.versionstamp });
      if (current) sets.push([data, encodeRecord(current)]);
      else deletes.push(data);
      if (old?.e !== undefined && old.e !== current?.e) deletes.push(expiryKey(old.e, key));
      if (current?.e !== undefined && current.e !== old?.e) {
        sets.push([expiryKey(current.e, key), null]);
      }
      if (old?.b && old.b !== current?.b) deletes.push(...blobChunkKeys(old.b, old.n ?? 0));
    } else if (options.check) {
      checks.push({ key: dataKey(key), versionstamp: initial.versionstamp });
    }
    for (const e of staleIndex) {
      if (e !== current?.e) deletes.push(expiryKey(e, key));
    }
    if (staleIndex.length > 0 && checks.length === 0) {
      checks.push({ key: dataKey(key), versionstamp: initial.versionstamp });
    }
    if (pending && changed && current?.b === pending.id) {
      checks.push({ key: pending.marker, versionstamp: pending.markerVersionstamp });
      deletes.push(pending.marker);
    } else if (pending) discarded.push(pending);
    const delta = changed ? (current ? 1 : 0) - (old ? 1 : 0) : 0;
    const ttlDelta = changed
      ? (current?.e !== undefined ? 1 : 0) - (old?.e !== undefined ? 1 : 0)
      : 0;

    // Budget: would this key fit?
    let keyBytes = 0;
    let mutationBytes = 0;
    for (const c of checks) keyBytes += encodedKeySize(c.key);
    for (const [k, v] of sets) {
      const size = encodedKeySize(k);
      keyBytes += size;
      mutationBytes += size + valueSize(v);
    }
    for (const k of deletes) {
      const size = encodedKeySize(k);
      keyBytes += size;
      mutationBytes += size;
    }
    let newCounters = 0;
    const counted = Math.min(key.length, MAX_COUNTED_DEPTH + 1); // prefixes of 0..MAX parts
    if (delta !== 0 || ttlDelta !== 0) {
      for (let i = 0; i < counted; i++) {
        if (!this.#counters.has(counterId(key, i))) {
          // Both counters of the prefix, whichever this key changes (a later key may change
          // the other one).
          newCounters += 2;
          const size = encodedKeySize(counterKey(key.slice(0, i)));
          keyBytes += 2 * size;
          mutationBytes += 2 * (size + 8);
        }
      }
    }
    // A change goes into the commit's log entry (a new one now and then; with the first, the
    // head key too). Counted as if it started one: a few bytes more than needed at most.
    const logged = change ? (this.log.chunks.length === 0 ? 2 : 1) : 0;
    if (change) {
      keyBytes += logged * LOG_KEY_BYTES;
      mutationBytes += logged * LOG_KEY_BYTES + 3 * (encodedKeySize(key) + 4);
    }
    const mutations = sets.length + deletes.length + newCounters + logged;
    const limits = this.#limits;
    if (
      !this.empty && (
        this.#checks.length + checks.length > limits.maxChecks ||
        this.#mutations + mutations > limits.maxMutations ||
        this.#mutationBytes + mutationBytes > limits.maxMutationBytes * 0.9 ||
        this.#keyBytes + keyBytes > limits.maxKeyBytes * 0.9
      )
    ) return false;

    this.#checks.push(...checks);
    this.#sets.push(...sets);
    if (change) this.log.add(change);
    for (const k of deletes) this.#deletes.set(JSON.stringify(k), k);
    if (delta !== 0 || ttlDelta !== 0) {
      for (let i = 0; i < counted; i++) {
        const id = counterId(key, i);
        const counter = this.#counters.get(id);
        if (counter) {
          counter.delta += delta;
          counter.ttlDelta += ttlDelta;
        } else this.#counters.set(id, { prefix: key.slice(0, i), delta, ttlDelta });
      }
    }
    this.#mutations += mutations;
    this.#mutationBytes += mutationBytes;
    this.#keyBytes += keyBytes;
    this.discarded.push(...discarded);
    return true;
  }

  /**
   * Builds the Deno KV atomic operation, its changes logged (`engine/change_log.ts`).
   *
   * @param kv The Deno KV handle.
   * @param at The writer's clock for the log, epoch ms.
   * @returns The atomic operation, ready to commit.
   */
  toAtomic(kv: Deno.Kv, at: number = Date.now()): Deno.AtomicOperation {
    const atomic = kv.atomic();
    atomic.check(...this.#checks);
    // Deletes, sets, then the counters' sums.
    for (const key of this.#deletes.values()) atomic.delete(key);
    for (const [key, value] of this.#sets) atomic.set(key, value);
    for (const { prefix, delta, ttlDelta } of this.#counters.values()) {
      if (delta !== 0) atomic.sum(counterKey(prefix), toU64(delta));
      if (ttlDelta !== 0) atomic.sum(ttlCounterKey(prefix), toU64(ttlDelta));
    }
    appendChanges(atomic, this.log.chunks, at);
    return atomic;
  }
}

/** Bytes an encoded record value (raw JSON bytes, or a record object) takes in a commit. */
function valueSize(value: unknown): number {
  if (value === null) return 1;
  if (value instanceof Uint8Array) return value.length + 16;
  return recordSize(value as StoredRecord);
}

/** A signed count change as the unsigned 64-bit addend `sum` takes (wrapping). */
function toU64(delta: number): bigint {
  return delta > 0 ? BigInt(delta) : U64 + BigInt(delta);
}

function counterId(key: KvKey, length: number): string {
  return JSON.stringify(key.slice(0, length));
}
