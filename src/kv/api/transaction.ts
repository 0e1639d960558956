/**
 * Serializable transactions: reads record the versionstamp they saw, writes
 * are buffered (and visible to later reads of the same transaction), and the
 * commit is one atomic Deno KV operation that checks every key read or
 * written. On conflict the caller re-runs the callback.
 *
 * @module
 */
import type { KvKey, KvListEntry, KvSetOptions, KvTransaction, KvValue } from "../../types.ts";
import type { Backend } from "../engine/backend.ts";
import { commitLogged } from "../engine/change_log.ts";
import { discardBlob, type PendingBlob } from "../layout/blobs.ts";
import { readStates } from "../engine/states.ts";
import { validateKey } from "../layout/keys.ts";
import { INLINE_MAX_BYTES } from "../layout/records.ts";
import { CommitPlan, type PhysicalState, type WriteOp } from "../engine/commit_plan.ts";
import { resolveState } from "./read.ts";
import { materialize, type PreparedSet, prepareSet } from "./write.ts";

type Write = { type: "set"; prepared: PreparedSet } | { type: "delete"; key: KvKey };

/** One attempt of a transaction. */
export class TransactionAttempt {
  #backend: Backend;
  #now: () => number;
  #reads = new Map<string, { key: KvKey; state: PhysicalState }>();
  #writes = new Map<string, Write>();
  #finished = false;

  /**
   * Starts an attempt.
   *
   * @param backend The backend.
   * @param now The clock.
   */
  constructor(backend: Backend, now: () => number) {
    this.#backend = backend;
    this.#now = now;
  }

  /** The object handed to the user's callback. */
  readonly api: KvTransaction = {
    get: <T extends KvValue = KvValue>(key: KvKey) => this.#get<T>(key),
    getMany: <T extends KvValue = KvValue>(keys: KvKey[]) => this.#getMany<T>(keys),
    set: <T extends KvValue = KvValue>(key: KvKey, value: T, options?: KvSetOptions) =>
      this.#set<T>(key, value, options),
    delete: (key: KvKey) => this.#delete(key),
  };

  #assertOpen(): void {
    if (this.#finished) {
      throw new Error("Cannot use transaction: it has already finished (do not keep `tx` around)");
    }
  }

  async #get<T>(key: KvKey): Promise<T | null> {
    const [entry] = await this.#getMany<T>([key]);
    return entry ? entry.value : null;
  }

  async #getMany<T>(keys: KvKey[]): Promise<(KvListEntry<T> | null)[]> {
    this.#assertOpen();
    if (!Array.isArray(keys)) throw new TypeError("Cannot getMany: keys must be an array of keys");
    const valid = keys.map((key, i) => validateKey(key, `key at index ${i}`));
    const ids = valid.map((key) => JSON.stringify(key));
    const unread = [...new Set(ids.filter((id) => !this.#writes.has(id) && !this.#reads.has(id)))];
    if (unread.length > 0) {
      const unreadKeys = unread.map((id) => valid[ids.indexOf(id)]!);
      const states = await readStates(this.#backend, unreadKeys);
      unread.forEach((id, i) => {
        if (!this.#reads.has(id)) this.#reads.set(id, { key: unreadKeys[i]!, state: states[i]! });
      });
    }
    return await Promise.all(valid.map(async (key, i) => {
      const id = ids[i]!;
      const write = this.#writes.get(id);
      if (write) return write.type === "set" ? { key, value: write.prepared.value as T } : null;
      const read = this.#reads.get(id)!;
      const { result, state } = await resolveState(this.#backend, key, read.state, this.#now);
      read.state = state;
      return result.found ? { key, value: result.value as T } : null;
    }));
  }

  // deno-lint-ignore require-await
  async #set<T>(key: KvKey, value: T, options?: KvSetOptions): Promise<KvListEntry<T> | null> {
    this.#assertOpen();
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw new TypeError("Cannot set key: options must be an object like { ttlInSeconds: 60 }");
    }
    const prepared = prepareSet(key, value, { ...options, now: this.#now() });
    this.#writes.set(JSON.stringify(prepared.key), { type: "set", prepared });
    return { key: prepared.key, value: prepared.value as T };
  }

  // deno-lint-ignore require-await
  async #delete(key: KvKey): Promise<void> {
    this.#assertOpen();
    const valid = validateKey(key);
    this.#writes.set(JSON.stringify(valid), { type: "delete", key: valid });
  }

  /**
   * Commits the attempt.
   *
   * @returns `true` when committed, `false` on a conflict (re-run the callback).
   * @throws {Error} When the transaction cannot fit the backend's limits.
   */
  async commit(): Promise<boolean> {
    this.#finished = true;
    const limits = this.#backend.limits;
    const ids = new Set([...this.#reads.keys(), ...this.#writes.keys()]);
    if (ids.size === 0 || (this.#writes.size === 0 && this.#reads.size === 1)) return true;
    const large =
      [...this.#writes.values()].filter((w) =>
        w.type === "set" && w.prepared.bytes.length > INLINE_MAX_BYTES
      ).length;
    if (ids.size + large > limits.maxChecks) {
      throw new Error(
        `Cannot commit transaction: it reads or writes ${ids.size + large} keys (large values ` +
          `count twice), more than the ${limits.maxChecks} this KV backend can check in one commit`,
      );
    }
    const blind = [...this.#writes.keys()].filter((id) => !this.#reads.has(id));
    if (blind.length > 0) {
      const keys = blind.map((id) => writeKey(this.#writes.get(id)!));
      const states = await readStates(this.#backend, keys);
      blind.forEach((id, i) => this.#reads.set(id, { key: keys[i]!, state: states[i]! }));
    }
    const now = this.#now();
    const blobs: PendingBlob[] = [];
    try {
      const plan = new CommitPlan(limits);
      for (const [id, { key, state }] of this.#reads) {
        const ops: WriteOp[] = [];
        const write = this.#writes.get(id);
        if (write?.type === "delete") ops.push({ type: "delete", key });
        if (write?.type === "set") {
          const { record, blob } = await materialize(this.#backend, write.prepared, { now });
          if (blob) blobs.push(blob);
          ops.push(blob ? { type: "set", key, record, blob } : { type: "set", key, record });
        }
        if (!plan.add(key, state, ops, { now, check: true })) {
          throw new Error(
            "Cannot commit transaction: its writes exceed one atomic commit (1000 mutations, 800 KiB)",
          );
        }
      }
      const result = await commitLogged(this.#backend, plan, this.#now);
      if (!result.ok) await Promise.all(blobs.map((blob) => discardBlob(this.#backend, blob)));
      return result.ok;
    } catch (error) {
      await Promise.all(blobs.map((blob) => discardBlob(this.#backend, blob)));
      throw error;
    }
  }
}

function writeKey(write: Write): KvKey {
  return write.type === "set" ? write.prepared.key : write.key;
}
