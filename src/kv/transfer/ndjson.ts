/**
 * Export and import of a store as NDJSON: one `{"key":…,"value":…,"expiresAt":…}` object per
 * line, `expiresAt` (epoch milliseconds) only for entries with a TTL. An import validates every
 * line before writing anything, so a bad file writes nothing.
 *
 * @module
 */
import type { KvKey } from "../../types.ts";
import type { KvStore } from "../api/store.ts";
import { type ImportProblem, parseExport, readLines } from "./lines.ts";

export { type ExportedEntry, type ImportProblem, parseExport, readLines } from "./lines.ts";

/** Thrown by {@linkcode importKv} when lines are bad: nothing was written. */
export class KvImportError extends SyntaxError {
  /** Every bad line, in order. */
  readonly problems: ImportProblem[];

  /**
   * Creates the error; the message lists up to 20 bad lines.
   *
   * @param problems The bad lines.
   */
  constructor(problems: ImportProblem[]) {
    const shown = problems.slice(0, 20).map((p) => `  line ${p.line}: ${p.message}`);
    if (problems.length > shown.length) shown.push(`  … and ${problems.length - 20} more`);
    const count = `${problems.length} bad line${problems.length === 1 ? "" : "s"}`;
    super([`Cannot import: ${count} (nothing was written)`, ...shown].join("\n"));
    this.name = "KvImportError";
    this.problems = problems;
  }
}

const encoder = new TextEncoder();

/**
 * Writes every live entry of `store` to `output` as NDJSON (the stream is left open).
 *
 * @param store The store.
 * @param output Where the lines go, e.g. `Deno.stdout.writable` or a file's `writable`.
 * @param options `prefix`: only entries under it; `onProgress`: called with the count so far.
 * @returns How many entries were written.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "../engine/open.ts";
 * import { exportKv } from "./ndjson.ts";
 *
 * const kv = await openKv(":memory:");
 * await kv.set(["a"], { n: 1 });
 * const chunks: Uint8Array[] = [];
 * const output = new WritableStream<Uint8Array>({ write: (c) => void chunks.push(c) });
 * assert.deepEqual(await exportKv(kv, output), { count: 1 });
 * const text = new TextDecoder().decode(chunks[0]);
 * assert.equal(text, '{"key":["a"],"value":{"n":1}}\n');
 * await kv.close();
 * ```
 */
export async function exportKv(
  store: KvStore,
  output: WritableStream<Uint8Array>,
  options: { prefix?: KvKey; onProgress?: (count: number) => void } = {},
): Promise<{ count: number }> {
  const writer = output.getWriter();
  let count = 0;
  let buffer = "";
  try {
    for await (const entry of store.entries(options.prefix ? { prefix: options.prefix } : {})) {
      buffer += JSON.stringify(entry) + "\n";
      count++;
      if (buffer.length >= 64 * 1024) {
        await writer.write(encoder.encode(buffer));
        buffer = "";
        options.onProgress?.(count);
      }
    }
    if (buffer) await writer.write(encoder.encode(buffer));
    options.onProgress?.(count);
  } finally {
    writer.releaseLock();
  }
  return { count };
}

/**
 * Imports NDJSON from `input` into `store`. Every line is validated first; when any is bad a
 * {@linkcode KvImportError} lists them all and nothing is written. Valid entries are then
 * written in batches (existing keys are overwritten, others kept); an entry whose `expiresAt`
 * has passed is skipped, the others keep their absolute expiry.
 *
 * @param store The store.
 * @param input The NDJSON bytes.
 * @param options `onProgress`: called with the count written so far; `batchSize` (default 500).
 * @returns How many entries were written and how many had already expired.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openKv } from "../engine/open.ts";
 * import { importKv, KvImportError } from "./ndjson.ts";
 *
 * const kv = await openKv(":memory:");
 * const good = new Blob(['{"key":["a"],"value":1}\n']).stream();
 * assert.deepEqual(await importKv(kv, good), { count: 1, expired: 0 });
 * const bad = new Blob(['{"key":["b"],"value":2}\n{"key":[],"value":3}\n']).stream();
 * await assert.rejects(importKv(kv, bad), KvImportError);
 * assert.equal(await kv.get(["b"]), null);
 * await kv.close();
 * ```
 */
export async function importKv(
  store: KvStore,
  input: ReadableStream<Uint8Array>,
  options: { onProgress?: (count: number) => void; batchSize?: number } = {},
): Promise<{ count: number; expired: number }> {
  const { entries, problems } = await parseExport(readLines(input));
  if (problems.length > 0) throw new KvImportError(problems);
  const batchSize = options.batchSize ?? 500;
  let count = 0;
  let expired = 0;
  for (let first = 0; first < entries.length; first += batchSize) {
    const writes: Promise<unknown>[] = [];
    for (const entry of entries.slice(first, first + batchSize)) {
      if (entry.expiresAt === undefined) {
        writes.push(store.set(entry.key, entry.value));
        continue;
      }
      // The remaining TTL, computed right before the (synchronous) start of `set`.
      const remaining = entry.expiresAt - Date.now();
      if (remaining <= 0) {
        expired++;
        continue;
      }
      writes.push(store.set(entry.key, entry.value, { ttlInSeconds: remaining / 1000 }));
    }
    await Promise.all(writes);
    count += writes.length;
    options.onProgress?.(count);
  }
  return { count, expired };
}
