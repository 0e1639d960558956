/**
 * The KV browser's tree: the distinct next parts under a prefix, each with its `total`, found by
 * skipping from one child to the next with `list` pages of one entry (never a scan of the
 * prefix), a bounded number of children per request.
 *
 * @module
 */
import type { KvKey, KvKeyPart, KvService } from "../types.ts";

/** A child of a prefix in the tree. */
export interface TreeChild {
  /** The key part. */
  part: KvKeyPart;
  /** Live entries under `[...prefix, part]`, the entry at that key itself included. */
  total: number;
  /** Whether `[...prefix, part]` is itself an entry. */
  entry: boolean;
}

/**
 * The smallest key part that sorts after `part` and after every key that starts with it, in Deno
 * KV's order (strings < numbers < false < true); `undefined` after `true`.
 *
 * @param part A key part.
 * @returns The next part.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { partAfter } from "./kv_tree.ts";
 *
 * assert.equal(partAfter("a"), "a\0");
 * assert.equal(partAfter(0), Number.MIN_VALUE);
 * assert.equal(partAfter(false), true);
 * assert.equal(partAfter(true), undefined);
 * ```
 */
export function partAfter(part: KvKeyPart): KvKeyPart | undefined {
  if (typeof part === "string") return `${part}\0`;
  if (typeof part === "boolean") return part ? undefined : true;
  if (part === Number.MAX_VALUE) return false;
  if (part === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, part);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, part > 0 ? bits + 1n : bits - 1n);
  const next = view.getFloat64(0);
  return next === 0 ? 0 : next; // -0 is 0 in keys
}

/**
 * Lists up to `limit` children of `prefix`, from the one after `after` on.
 *
 * @param kv The store.
 * @param prefix The prefix (`[]`: the whole store).
 * @param options `after`: the last part of the previous request; `limit` (default 20).
 * @returns The children and the `after` of the next request (`null`: none left).
 */
export async function listChildren(
  kv: KvService,
  prefix: KvKey,
  options: { after?: KvKeyPart | undefined; limit?: number } = {},
): Promise<{ children: TreeChild[]; next: KvKeyPart | null }> {
  const limit = options.limit ?? 20;
  const children: TreeChild[] = [];
  let from = options.after === undefined ? undefined : partAfter(options.after);
  if (options.after !== undefined && from === undefined) return { children, next: null };
  while (children.length < limit) {
    const selector = from === undefined ? { prefix } : { prefix, start: [...prefix, from] };
    const { items } = await kv.list(selector, { limit: 1 });
    const first = items[0];
    if (!first) return { children, next: null };
    const part = first.key[prefix.length]!;
    const child = [...prefix, part];
    const entry = first.key.length === child.length;
    const { total } = await kv.list({ prefix: child }, { limit: 1 });
    children.push({ part, total: total + (entry ? 1 : 0), entry });
    from = partAfter(part);
    if (from === undefined) return { children, next: null };
  }
  return { children, next: children.at(-1)!.part };
}
