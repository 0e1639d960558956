/**
 * Arguments of the `kv` commands: JSON keys, and the project's store.
 *
 * @module
 */
import { setMissing } from "../config/dotenv.ts";
import { readProjectEnvFiles } from "../config/env_files.ts";
import { kvFromSettings } from "../config/settings.ts";
import { openKv } from "../kv/engine/open.ts";
import type { KvStore } from "../kv/api/store.ts";
import type { KvKey } from "../types.ts";
import { UsageError } from "./args.ts";
import { readProject } from "./project.ts";

/**
 * Parses a JSON key argument.
 *
 * @param text The argument.
 * @param options `prefix`: allow the empty key `[]`.
 * @returns The key.
 * @throws {UsageError} When it is not a JSON array.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseKeyArg } from "./kv_args.ts";
 *
 * assert.deepEqual(parseKeyArg('["notes", 1]'), ["notes", 1]);
 * assert.throws(() => parseKeyArg("notes"), /Invalid key 'notes'/);
 * ```
 */
export function parseKeyArg(text: string, options: { prefix?: boolean } = {}): KvKey {
  let key: unknown;
  try {
    key = JSON.parse(text);
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || (key.length === 0 && !options.prefix)) {
    throw new UsageError(
      `Invalid key '${text}': expected a JSON array like '["notes","a1"]'`,
    );
  }
  return key as KvKey;
}

/**
 * Opens the project's store for a command: `--kv`, else `APIFN_KV` (environment, then
 * `<root>/.env`), else `apifn.kv` of `deno.json`, else `<root>/.apifn/kv.sqlite3`.
 *
 * @param values The `--root` and `--kv` flags.
 * @returns The store.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { openProjectKv } from "./kv_args.ts";
 *
 * const kv = await openProjectKv({ kv: ":memory:" });
 * assert.equal(await kv.get(["missing"]), null);
 * await kv.close();
 * ```
 */
export async function openProjectKv(
  values: Record<string, unknown>,
): Promise<KvStore> {
  const project = await readProject(values.root as string | undefined);
  // APIFN_KV may come from the .env files, as for the server.
  setMissing(await readProjectEnvFiles(project.root, { dev: false }));
  const location = kvFromSettings(values.kv as string | undefined, project.settings);
  return await openKv(location, { root: project.root, sweepIntervalMs: 0 });
}
