/**
 * Committing a {@linkcode CommitPlan}: on the backend's direct writer
 * (`direct_write.ts`) when it runs and every value is raw bytes, otherwise
 * through Deno KV.
 *
 * @module
 */
import type { Backend } from "./backend.ts";
import { BYTES, type DirectBatch } from "./direct_commit.ts";
import { UNAVAILABLE } from "./direct_write.ts";
import { encodeKvKey } from "./key_bytes.ts";
import type { CommitPlan } from "./plan.ts";

/**
 * Converts a plan into what the worker runs; `undefined` when a value is not
 * raw bytes (records with a TTL, large-value references and the expiry index
 * are encoded by Deno KV).
 *
 * @param plan The plan.
 * @returns The batch, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { directBatch } from "./commit_plan.ts";
 * import { LOCAL_LIMITS } from "./backend.ts";
 * import { CommitPlan } from "./plan.ts";
 *
 * const plan = new CommitPlan(LOCAL_LIMITS);
 * const absent = { versionstamp: null, record: null };
 * plan.add(["a"], absent, [{ type: "set", key: ["a"], record: { v: new Uint8Array([1]) } }], { now: 0 });
 * assert.equal(directBatch(plan)?.sets.length, 1);
 * plan.add(["b"], absent, [{ type: "set", key: ["b"], record: { v: new Uint8Array([1]), e: 9 } }], { now: 0 });
 * assert.equal(directBatch(plan), undefined);
 * ```
 */
export function directBatch(plan: CommitPlan): DirectBatch | undefined {
  const parts = plan.parts();
  const encoded = new Map<readonly Deno.KvKeyPart[], Uint8Array>();
  const encode = (key: readonly Deno.KvKeyPart[]) => {
    let bytes = encoded.get(key);
    if (bytes === undefined) encoded.set(key, bytes = encodeKvKey(key));
    return bytes;
  };
  // A key checked absent once and then set once (a new key, the record key array `plan.ts` shares
  // between its check and its set): one "insert if absent" does both.
  const absent = new Map<readonly Deno.KvKeyPart[], number>();
  for (const check of parts.checks) {
    if (check.versionstamp === null) absent.set(check.key, (absent.get(check.key) ?? 0) + 1);
  }
  const setCount = new Map<readonly Deno.KvKeyPart[], number>();
  for (const [key] of parts.sets) setCount.set(key, (setCount.get(key) ?? 0) + 1);
  const inserted = new Set<readonly Deno.KvKeyPart[]>();
  const sets: DirectBatch["sets"] = [];
  for (const [key, value] of parts.sets) {
    if (!(value instanceof Uint8Array)) return undefined;
    const ifAbsent = absent.get(key) === 1 && setCount.get(key) === 1;
    if (ifAbsent) inserted.add(key);
    sets.push([encode(key), value, BYTES, ifAbsent]);
  }
  const checks: DirectBatch["checks"] = [];
  for (const check of parts.checks) {
    if (inserted.has(check.key)) continue;
    const version = check.versionstamp === null
      ? null
      : parseInt(check.versionstamp.slice(0, 16), 16);
    checks.push([encode(check.key), version]);
  }
  return {
    checks,
    deletes: parts.deletes.map(encode),
    sets,
    sums: parts.sums.map(([key, addend]) => [encode(key), addend]),
  };
}

/**
 * Commits a plan: on the backend's direct writer when it has one and can take
 * the plan, otherwise through Deno KV.
 *
 * @param backend The backend.
 * @param plan A non-empty plan.
 * @returns Deno KV's commit result.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { commitPlan } from "./commit_plan.ts";
 * import { LOCAL_LIMITS } from "./backend.ts";
 * import { CommitPlan } from "./plan.ts";
 *
 * const kv = await Deno.openKv(":memory:");
 * const plan = new CommitPlan(LOCAL_LIMITS);
 * const absent = { versionstamp: null, record: null };
 * plan.add(["a"], absent, [{ type: "set", key: ["a"], record: { v: new Uint8Array([1]) } }], { now: 0 });
 * assert.ok((await commitPlan({ kv, limits: LOCAL_LIMITS }, plan)).ok);
 * kv.close();
 * ```
 */
export async function commitPlan(
  backend: Backend,
  plan: CommitPlan,
): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
  const batch = backend.writer ? directBatch(plan) : undefined;
  if (batch) {
    const result = await backend.writer!.commit(batch);
    if (result !== UNAVAILABLE) return result;
  }
  return await plan.toAtomic(backend.kv).commit();
}
