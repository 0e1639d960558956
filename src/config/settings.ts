/**
 * The `apifn` key of `deno.json`: project settings the CLI and `createApp` honour.
 *
 * ```json
 * { "apifn": { "folders": ["/blog"], "kv": "data/kv.sqlite3", "port": 8080, "hostname": "127.0.0.1",
 *   "health": true, "openapi": true, "shutdownGraceMs": 5000 } }
 * ```
 *
 * Precedence, highest first: `createApp` / CLI options, then environment variables (`APIFN_KV`,
 * `PORT`), then these settings, then the defaults.
 *
 * @module
 */

/** Settings read from the `apifn` key of `deno.json` (`folders` is kept apart, with Redocly's). */
export interface ApifnSettings {
  /** Where the KV store lives: a file path relative to the root, `:memory:` or a KV Connect URL. */
  kv?: string;
  /** Port of `apifn dev` / `apifn start`. */
  port?: number;
  /** Interface of `apifn dev` / `apifn start`. */
  hostname?: string;
  /** Serve `GET /_apifn/health` (`apifn start`: off by default; `apifn dev`: on). */
  health?: boolean;
  /** Serve `/_apifn/openapi.json` and `/_apifn/docs` (`apifn start`: off by default; `apifn dev`: on). */
  openapi?: boolean;
  /** How long `apifn dev` / `apifn start` wait for requests in flight at shutdown, in ms. */
  shutdownGraceMs?: number;
}

/**
 * Validates the `apifn` section's settings. Unknown keys are ignored; wrong types throw a
 * `TypeError` naming the file and key.
 *
 * @param section The `apifn` object of `deno.json`.
 * @param path The config file, for messages.
 * @returns The settings that are set.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readSettings } from "./settings.ts";
 *
 * assert.deepEqual(readSettings({ kv: "data/kv.db", port: 8080 }, "deno.json"), {
 *   kv: "data/kv.db",
 *   port: 8080,
 * });
 * assert.throws(() => readSettings({ port: "80" }, "deno.json"), TypeError);
 * ```
 */
export function readSettings(section: Record<string, unknown>, path: string): ApifnSettings {
  const settings: ApifnSettings = {};
  const fail = (key: string, what: string) =>
    new TypeError(`Cannot read config file '${path}': 'apifn.${key}' must be ${what}`);
  if (section.kv !== undefined) {
    if (typeof section.kv !== "string" || section.kv === "") throw fail("kv", "a non-empty string");
    settings.kv = section.kv;
  }
  if (section.port !== undefined) {
    const port = section.port;
    if (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535) {
      throw fail("port", "an integer from 0 to 65535");
    }
    settings.port = port;
  }
  if (section.hostname !== undefined) {
    if (typeof section.hostname !== "string" || section.hostname === "") {
      throw fail("hostname", "a non-empty string");
    }
    settings.hostname = section.hostname;
  }
  if (section.health !== undefined) {
    if (typeof section.health !== "boolean") throw fail("health", "true or false");
    settings.health = section.health;
  }
  if (section.openapi !== undefined) {
    if (typeof section.openapi !== "boolean") throw fail("openapi", "true or false");
    settings.openapi = section.openapi;
  }
  if (section.shutdownGraceMs !== undefined) {
    const grace = section.shutdownGraceMs;
    if (typeof grace !== "number" || !(grace >= 0 && grace <= 2_147_483_647)) {
      throw fail("shutdownGraceMs", "a number of milliseconds from 0 to 2147483647");
    }
    settings.shutdownGraceMs = grace;
  }
  return settings;
}

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined; // no --allow-env
  }
}

/**
 * The KV location to open: the explicit one, else `undefined` when `APIFN_KV` is set (so
 * `openKv` reads it), else the `apifn.kv` setting.
 *
 * @param explicit An option or flag.
 * @param settings The project's settings.
 * @returns What to pass to `openKv`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { kvFromSettings } from "./settings.ts";
 *
 * assert.equal(kvFromSettings(":memory:", { kv: "data/kv.db" }), ":memory:");
 * assert.equal(kvFromSettings(undefined, {}), undefined);
 * ```
 */
export function kvFromSettings(
  explicit: string | undefined,
  settings: ApifnSettings | undefined,
): string | undefined {
  if (explicit !== undefined) return explicit;
  if (env("APIFN_KV") !== undefined) return undefined;
  return settings?.kv;
}
