/**
 * The server flags of `apifn dev` / `apifn start` beyond the listener: `--shutdown-grace-ms`,
 * `--health` / `--no-health` and `--openapi` / `--no-openapi`, over the `apifn` settings of
 * `deno.json`.
 *
 * @module
 */
import type { ApifnSettings } from "../config/settings.ts";
import { resolveOpenApi } from "../server/openapi.ts";
import { resolveHealth, resolveShutdownGrace } from "../server/serve_options.ts";
import { UsageError } from "./args.ts";

/** The options the flags add to `serve` / `serveDev`. */
export interface ServerFlags {
  /** Shutdown grace period, in ms. */
  shutdownGraceMs: number;
  /** Whether `GET /_apifn/health` is served. */
  health: boolean;
  /** Whether `/_apifn/openapi.json` and `/_apifn/docs` are served. */
  openapi: boolean;
}

/**
 * Reads `--shutdown-grace-ms`, `--health`, `--no-health`, `--openapi` and `--no-openapi`; a flag
 * wins over the setting, the setting over the default (grace 10 000 ms; health and openapi off
 * under `start`, on under `dev`).
 *
 * @param values The parsed flags.
 * @param settings The project's `apifn` settings.
 * @param dev Whether the command is `apifn dev`.
 * @returns The server options.
 * @throws {UsageError} For a malformed grace period, or a flag given with its `--no-` form.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { serverFlags } from "./serve_flags.ts";
 *
 * assert.deepEqual(serverFlags({ health: true }, { shutdownGraceMs: 500 }, false), {
 *   shutdownGraceMs: 500,
 *   health: true,
 *   openapi: false,
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
  if (values.openapi && values["no-openapi"]) {
    throw new UsageError("Cannot use --openapi with --no-openapi");
  }
  const flag = values.health ? true : values["no-health"] ? false : undefined;
  const openapi = values.openapi ? true : values["no-openapi"] ? false : undefined;
  return {
    shutdownGraceMs: resolveShutdownGrace(grace),
    health: resolveHealth(flag ?? settings.health, dev),
    openapi: resolveOpenApi(openapi ?? settings.openapi, dev),
  };
}
