/**
 * Runs operation sequences against a store and {@linkcode KvModel} side by
 * side, with the same injected clock, comparing every read, page, total and
 * cursor.
 *
 * @module
 */
import assert from "node:assert/strict";
import { openKv } from "../../src/kv/engine/open.ts";
import type { KvStore } from "../../src/kv/api/store.ts";
import type { KvKey, KvListEntry, KvListSelector } from "../../src/types.ts";
import { FakeClock } from "./_helpers.ts";
import { KvModel } from "./_model.ts";
import type { AdvanceOp, ModelOp, ModelValue, TxOp, WriteOp } from "./_model_ops.ts";
import type { AnySelector } from "./_reference.ts";

interface World {
  store: KvStore;
  model: KvModel;
  clock: FakeClock;
  /** Keys a transaction may touch (large values count twice). */
  maxChecks: number;
}

/** Keys a transaction touches, counting keys whose last write is a large value twice. */
function checksNeeded(ops: TxOp[]): number {
  const last = new Map<string, TxOp>();
  for (const op of ops) {
    const keys = op.type === "getMany" ? op.keys : [op.key];
    for (const key of keys) {
      const id = JSON.stringify(key);
      if (op.type === "set" || op.type === "delete" || !last.has(id)) last.set(id, op);
    }
  }
  let large = 0;
  for (const op of last.values()) if (op.type === "set" && "large" in op.value) large++;
  return last.size + large;
}

function valueOf(value: ModelValue): unknown {
  return "large" in value ? `${value.large}:${"L".repeat(value.large)}` : value.small;
}

function ttlOptions(ttl: number | undefined) {
  return ttl === undefined ? undefined : { ttlInSeconds: ttl };
}

async function write(world: World, op: WriteOp | AdvanceOp): Promise<void> {
  if (op.type === "advance") return world.clock.advance(op.ms);
  if (op.type === "delete") {
    assert.equal(await world.store.delete(op.key), undefined);
    return world.model.delete(op.key);
  }
  const value = valueOf(op.value);
  const entry = await world.store.set(op.key, value, ttlOptions(op.ttl));
  world.model.set(op.key, value, op.ttl);
  assert.deepEqual(
    entry,
    world.model.entry(op.key) ?? { key: op.key, value: JSON.parse(JSON.stringify(value)) },
  );
}

async function listAll(world: World, op: Extract<ModelOp, { type: "list" }>): Promise<void> {
  const { selector, limit, reverse } = op;
  let cursor: string | undefined;
  let after: KvKey | undefined;
  for (let page = 0; page < 500; page++) {
    const got = await world.store.list(selector as KvListSelector, { limit, reverse, cursor });
    const want = world.model.list(selector, { limit, reverse, after });
    const where = `page ${page} of ${JSON.stringify(selector)} limit ${limit} reverse ${reverse}`;
    assert.deepEqual(got.items, want.items, where);
    assert.equal(got.total, want.total, `total, ${where}`);
    assert.equal(got.cursor !== null, want.more, `cursor, ${where}`);
    if (!want.more) return;
    if (page === 0) { for (const w of op.between) await write(world, w); }
    cursor = got.cursor!;
    after = want.items.at(-1)!.key;
  }
  throw new Error("the listing never ended");
}

async function transaction(world: World, ops: TxOp[], fail: boolean): Promise<void> {
  const rollback = new Error("rollback");
  let writes: WriteOp[] = [];
  const result = world.store.transaction(async (tx) => {
    writes = [];
    const overlay = new Map<string, KvListEntry | null>();
    const view = (key: KvKey) => {
      const id = JSON.stringify(key);
      return overlay.has(id) ? overlay.get(id)! : world.model.entry(key);
    };
    for (const op of ops) {
      if (op.type === "get") {
        assert.deepEqual(await tx.get(op.key), view(op.key)?.value ?? null, "tx.get");
      } else if (op.type === "getMany") {
        assert.deepEqual(await tx.getMany(op.keys), op.keys.map(view), "tx.getMany");
      } else if (op.type === "delete") {
        await tx.delete(op.key);
        overlay.set(JSON.stringify(op.key), null);
        writes.push(op);
      } else {
        const value = JSON.parse(JSON.stringify(valueOf(op.value)));
        assert.deepEqual(await tx.set(op.key, valueOf(op.value), ttlOptions(op.ttl)), {
          key: op.key,
          value,
        });
        overlay.set(JSON.stringify(op.key), { key: op.key, value });
        writes.push(op);
      }
    }
    if (fail) throw rollback;
    return "committed";
  });
  const tooBig = checksNeeded(ops) > world.maxChecks;
  try {
    assert.equal(await result, "committed");
    assert.ok(!tooBig, "a transaction over maxChecks committed");
  } catch (error) {
    if (fail && error === rollback) return;
    if (tooBig && !fail && /more than the \d+ this KV backend can check/.test(String(error))) {
      return;
    }
    throw error;
  }
  for (const w of writes) {
    if (w.type === "delete") world.model.delete(w.key);
    else world.model.set(w.key, valueOf(w.value), w.ttl);
  }
}

async function step(world: World, op: ModelOp): Promise<void> {
  const { store, model } = world;
  switch (op.type) {
    case "set":
    case "delete":
    case "advance":
      return await write(world, op);
    case "sweep":
      await store.sweep();
      return;
    case "get":
      return assert.deepEqual(
        await store.get(op.key),
        model.get(op.key),
        `get ${JSON.stringify(op.key)}`,
      );
    case "getMany":
      return assert.deepEqual(
        await store.getMany(op.keys),
        op.keys.map((k) => model.entry(k)),
        "getMany",
      );
    case "list":
      return await listAll(world, op);
    case "batch": {
      await Promise.all(
        op.writes.map((w) =>
          w.type === "set"
            ? store.set(w.key, valueOf(w.value), ttlOptions(w.ttl))
            : store.delete(w.key)
        ),
      );
      for (const w of op.writes) {
        if (w.type === "delete") model.delete(w.key);
        else model.set(w.key, valueOf(w.value), w.ttl);
      }
      return;
    }
    case "tx":
      return await transaction(world, op.ops, op.fail);
  }
}

/** Options of one model run: where the store lives, and its limits. */
export interface RunOptions {
  /** `:memory:` or a directory for SQLite files. */
  dir?: string;
  /** The backend's checks per commit. */
  maxChecks?: number;
}

/**
 * Runs one sequence of operations against a fresh store and the model,
 * asserting that every observation agrees.
 *
 * @param ops The operations.
 * @param options Where the store lives (default `:memory:`) and its `maxChecks`.
 * @returns When the run passed.
 *
 * @example Usage
 * ```ts
 * import { runModel } from "./_model_run.ts";
 *
 * await runModel([
 *   { type: "set", key: ["u", "a"], value: { small: 1 }, ttl: 1.5 },
 *   { type: "advance", ms: 1500 },
 *   { type: "get", key: ["u", "a"] },
 * ]);
 * ```
 */
export async function runModel(ops: ModelOp[], options: RunOptions = {}): Promise<void> {
  const clock = new FakeClock();
  const location = options.dir ? `${options.dir}/${crypto.randomUUID()}.sqlite3` : ":memory:";
  const store = await openKv(location, {
    now: clock.now,
    sweepIntervalMs: 0,
    maxChecks: options.maxChecks,
  });
  const world: World = {
    store,
    model: new KvModel(clock.now),
    clock,
    maxChecks: options.maxChecks ?? 100,
  };
  try {
    for (const op of ops) await step(world, op);
    for (const prefix of [["u"], ["v"], [1]]) {
      const selector: AnySelector = { prefix };
      await listAll(world, { type: "list", selector, limit: 1000, reverse: false, between: [] });
    }
  } finally {
    await store.close();
    if (options.dir) await Deno.remove(location);
  }
}
