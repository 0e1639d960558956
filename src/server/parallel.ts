/**
 * The entry module of `apifn start --parallel`: `deno serve --parallel` runs
 * it in one worker per core; each worker builds the app (options from
 * `APIFN_SERVE_OPTIONS`, with `manifestPath` for a manifest to import and `health` for the
 * health endpoint) and they share one store. `deno serve` runs its own listener: the descriptor
 * exhaustion handling and the shutdown grace period of `serve()` do not apply here.
 *
 * @module
 */
import { createApp } from "../app.ts";
import { fileUrl } from "../app/modules.ts";
import { createServeHandler } from "./handler.ts";
import { withHealth } from "./health.ts";

const { manifestPath, health, ...options } = JSON.parse(
  Deno.env.get("APIFN_SERVE_OPTIONS") ?? "{}",
);
const log = options.log !== false;
const manifest = manifestPath
  ? (await import(fileUrl(await Deno.realPath(manifestPath)).href)).default
  : undefined;
const app = await createApp({
  ...options,
  ...(manifest ? { manifest } : {}),
  preload: "background",
});

const handler = createServeHandler(app, log ? { log: (line) => console.log(line) } : {});

/** The handler `deno serve` calls. */
export default {
  fetch: health === true ? withHealth(handler, app, { dev: false }) : handler,
} satisfies Deno.ServeDefaultExport;
