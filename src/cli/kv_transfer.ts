/**
 * `apifn kv export [file]` and `apifn kv import [file]`: NDJSON to and from the store.
 *
 * @module
 */
import { exportKv, importKv, KvImportError } from "../kv/transfer/ndjson.ts";
import { openProjectKv, parseKeyArg } from "./kv_args.ts";
import { createProgress } from "./progress.ts";

/**
 * Exports the store to `file` (written to a temporary file, then renamed) or stdout.
 *
 * @param file The output file, or `undefined` for stdout.
 * @param values The command's flags (`--root`, `--kv`, `--prefix`).
 * @returns The exit code.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { exportCommand, importCommand } from "./kv_transfer.ts";
 * import { openKv } from "../kv/engine/open.ts";
 *
 * const dir = await Deno.makeTempDir();
 * const kv = await openKv(`${dir}/a.db`);
 * await kv.set(["k"], "v", { ttlInSeconds: 60 });
 * await kv.close();
 * assert.equal(await exportCommand(`${dir}/dump.ndjson`, { kv: `${dir}/a.db` }), 0);
 * assert.equal(await importCommand(`${dir}/dump.ndjson`, { kv: `${dir}/b.db` }), 0);
 * const copy = await openKv(`${dir}/b.db`);
 * assert.equal(await copy.get(["k"]), "v");
 * await copy.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function exportCommand(
  file: string | undefined,
  values: Record<string, unknown>,
): Promise<number> {
  const prefix = values.prefix === undefined
    ? undefined
    : parseKeyArg(values.prefix as string, { prefix: true });
  const kv = await openProjectKv(values);
  const progress = createProgress("exported");
  const options = { ...(prefix ? { prefix } : {}), onProgress: progress.update };
  try {
    if (file === undefined) {
      const { count } = await exportKv(kv, Deno.stdout.writable, options);
      progress.done(count);
      return 0;
    }
    const temporary = `${file}.tmp-${Deno.pid}`;
    const output = await Deno.open(temporary, { write: true, create: true, truncate: true });
    try {
      const { count } = await exportKv(kv, output.writable, options);
      await output.writable.close();
      await Deno.rename(temporary, file);
      progress.done(count);
      return 0;
    } catch (error) {
      try {
        output.close();
      } catch {
        // closed by the stream already
      }
      await Deno.remove(temporary).catch(() => {});
      throw error;
    }
  } finally {
    await kv.close();
  }
}

/**
 * Imports NDJSON from `file` or stdin; bad lines are listed and nothing is written.
 *
 * @param file The input file, or `undefined` for stdin.
 * @param values The command's flags (`--root`, `--kv`).
 * @returns The exit code.
 */
export async function importCommand(
  file: string | undefined,
  values: Record<string, unknown>,
): Promise<number> {
  const input = file === undefined ? Deno.stdin.readable : (await Deno.open(file)).readable;
  const kv = await openProjectKv(values);
  const progress = createProgress("imported");
  try {
    const { count, expired } = await importKv(kv, input, { onProgress: progress.update });
    progress.done(count);
    const skipped = expired ? ` (${expired} already expired, skipped)` : "";
    console.error(`apifn kv import: ${count} entries written${skipped}`);
    return 0;
  } catch (error) {
    if (!(error instanceof KvImportError)) throw error;
    console.error(`apifn: ${error.message}`);
    return 1;
  } finally {
    await kv.close();
  }
}
