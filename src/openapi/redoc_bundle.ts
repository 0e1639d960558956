/**
 * Redoc's standalone bundle (npm `redoc`, `bundles/redoc.standalone.js`), read from the
 * installed package through a text import: it is part of apifn's module graph, so
 * `deno install` / `deno cache` fetch it with the rest, and it is served without a CDN.
 *
 * @module
 */

let bundle: Promise<string> | undefined;

/**
 * The bundle's text, imported on first use and kept.
 *
 * @returns The JavaScript of `redoc/bundles/redoc.standalone.js`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readRedocBundle } from "./redoc_bundle.ts";
 *
 * assert.match(await readRedocBundle(), /Redoc/);
 * ```
 */
export function readRedocBundle(): Promise<string> {
  bundle ??= import("redoc/bundles/redoc.standalone.js", { with: { type: "text" } })
    .then((module) => module.default as string);
  bundle.catch(() => (bundle = undefined));
  return bundle;
}
