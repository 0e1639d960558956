/**
 * The group committer's queue items, and what becomes of them: grouped by key, dropped when
 * their upload was abandoned, settled after their commit.
 *
 * @module
 */
import { type Backend, readMany } from "./backend.ts";
import type { PendingBlob } from "../layout/blobs.ts";
import type { PhysicalState, WriteOp } from "./commit_plan.ts";

/** A write waiting for its commit. */
export interface Queued {
  /** The write, once ready (a large value's chunks are written first). */
  op: WriteOp | undefined;
  id: string;
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

/** Whether every queued op of `groups` is a `set`: only then may their keys be guessed new. */
export function onlySets(groups: readonly Queued[][]): boolean {
  for (const group of groups) for (const item of group) if (item.op!.type !== "set") return false;
  return true;
}

/**
 * Rejects large-value writes whose pending blob the orphan sweep removed, and returns the rest.
 *
 * @param backend The backend.
 * @param groups Queued writes, grouped by key.
 * @returns The groups without the abandoned writes.
 */
export async function dropAbandoned(backend: Backend, groups: Queued[][]): Promise<Queued[][]> {
  const withBlob = groups.flat().filter((item) => item.op?.type === "set" && item.op.blob);
  if (withBlob.length === 0) return groups;
  const markers = await readMany(
    backend,
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

/**
 * Resolves the writes of one key after their commit: an `expire` reports whether it removed
 * the record, every other write `true`.
 *
 * @param group The key's writes, in call order.
 * @param state The key's state before the commit.
 * @param now The clock reading the commit used.
 */
export function settle(group: Queued[], state: PhysicalState, now: number): void {
  let record = state.record;
  let changed = false;
  for (const item of group) {
    const op = item.op!;
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
