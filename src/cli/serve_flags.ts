/**
 * The server flags of `apifn dev` / `apifn start` beyond the listener: `--shutdown-grace-ms`
 * and `--health` / `--no-health`, over the `apifn` settings of `deno.json`.
 *
 * @module
 */
import type { ApifnSettings } from "../config/settings.ts";
import { resolveHealth, resolveShutdownGrace } from "../server/serve_options.ts";
import { UsageError } from "./args.ts";

/** The options the flags add to `serve` / `serveDev`. */
export interface ServerFlags {
  /** Shutdown grace period, in ms. */
  shutdownGraceMs: number;
  /** Whether `GET /_apifn/health` is served. */
  health: boolean;
}

/**
 * Reads `--shutdown-grace-ms`, `--health` and `--no-health`; a flag wins over the setting,
 * the setting over the default (grace 10 000 ms; health off under `start`, on under `dev`).
 *
 * @param values The parsed flags.
 * @param settings The project's `apifn` settings.
 * @param dev Whether the command is `apifn dev`.
 * @returns The server options.
 * @throws {UsageError} For a malformed grace period or both `--health` and `--no-health`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { serverFlags } from "./serve_flags.ts";
 *
 * assert.deepEqual(serverFlags({ health: true }, { shutdownGraceMs: 500 }, false), {
 *   shutdownGraceMs: 500,
 *   health: true,
 * });
 * assert.throws(() => serverFlags({ "shutdown-grace-ms": "5s" }, {}, false), /expected/);
 * ```
 */
export function serverFlags(
  values: Record<string, unknown>,
  settings: ApifnSettings,
  dev: boolean,
): ServerFlags {
  const text = values["shutdown-grace-ms"];
  let grace = settings.shutdownGraceMs;
  if (typeof text === "string") {
    if (!/^\d+$/.test(text) || Number(text) > 2_147_483_647) {
      throw new UsageError(
        `Invalid --shutdown-grace-ms '${text}': expected a number of milliseconds from 0 to 2147483647`,
      );
    }
    grace = Number(text);
  }
  if (values.health && values["no-health"]) {
    throw new UsageError("Cannot use --health with --no-health");
  }
  const flag = values.health ? true : values["no-health"] ? false : undefined;
  return {
    shutdownGraceMs: resolveShutdownGrace(grace),
    health: resolveHealth(flag ?? settings.health, dev),
  };
}
