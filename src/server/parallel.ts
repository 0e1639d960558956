/**
 * The entry module of `apifn start --parallel`: `deno serve --parallel` runs
 * it in one worker per core; each worker builds the app (options from
 * `APIFN_SERVE_OPTIONS`, with `manifestPath` for a manifest to import) and they share one
 * store.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { fileUrl } from "../app/modules.ts";
import { createServeHandler } from "./handler.ts";

const { manifestPath, ...options } = JSON.parse(Deno.env.get("APIFN_SERVE_OPTIONS") ?? "{}");
const log = options.log !== false;
const manifest = manifestPath
  ? (await import(fileUrl(await Deno.realPath(manifestPath)).href)).default
  : undefined;
const app = await createApp({
  ...options,
  ...(manifest ? { manifest } : {}),
  preload: "background",
});

/** The handler `deno serve` calls. */
export default {
  fetch: createServeHandler(app, log ? { log: (line) => console.log(line) } : {}),
} satisfies Deno.ServeDefaultExport;
