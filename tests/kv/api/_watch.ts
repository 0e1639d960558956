/**
 * Shared helpers of the watch tests: a bounded read of a stream and a store
 * file in a temp dir.
 *
 * @module
 */

/** Generous: a busy machine may be slow, and a watch that never fires fails instead of hanging. */
export const DEADLINE_MS = 20_000;
export const sanitize = { sanitizeOps: true, sanitizeResources: true };

/** Reads `reader` until `found` accepts a value; fails after the deadline or at the end. */
export async function readUntil<T>(
  reader: ReadableStreamDefaultReader<T>,
  found: (value: T) => boolean,
  what: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen: T[] = [];
  const search = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) throw new Error(`The watch ended before ${what}; saw ${JSON.stringify(seen)}`);
      seen.push(value);
      if (found(value)) return value;
    }
  })();
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No ${what} within ${DEADLINE_MS} ms; saw ${JSON.stringify(seen)}`)),
      DEADLINE_MS,
    );
  });
  try {
    return await Promise.race([search, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** A store path in a new temp dir, removed on dispose. */
export async function tempStorePath(): Promise<{ path: string } & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "apifn-kv-watch-" });
  return {
    path: `${dir}/kv.sqlite3`,
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}
