/**
 * Paths of the benchmark files, resolved from this module so the scripts run from any directory.
 *
 * @module
 */

/**
 * The repository root (absolute, no trailing slash).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { REPO } from "./paths.ts";
 *
 * assert.ok((await Deno.stat(`${REPO}/deno.json`)).isFile);
 * ```
 */
export const REPO: string = new URL("../../", import.meta.url).pathname.replace(/\/$/, "");

/**
 * The `bench/` folder (absolute).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { BENCH } from "./paths.ts";
 *
 * assert.ok(BENCH.endsWith("/bench"));
 * ```
 */
export const BENCH: string = `${REPO}/bench`;

/**
 * The command that runs a Deno script of the repository with KV enabled.
 *
 * @param script Path relative to the repository root.
 * @param args The script's arguments.
 * @returns `[deno, run, -A, --unstable-kv, <abs script>, ...args]`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { denoRun } from "./paths.ts";
 *
 * assert.equal(denoRun("bench/run.ts", ["x"]).at(-1), "x");
 * ```
 */
export function denoRun(script: string, args: readonly string[] = []): string[] {
  return [Deno.execPath(), "run", "-A", "--unstable-kv", `${REPO}/${script}`, ...args];
}
