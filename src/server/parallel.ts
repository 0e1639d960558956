/**
 * The entry module of `apifn start --parallel`: `deno serve --parallel` runs
 * it in one worker per core; each worker builds the app (options from
 * `APIFN_SERVE_OPTIONS`, with `manifestPath` for a manifest to import) and they share one
 * store.
 *
 * @module
 */
import { fileUrl } from "../app/modules.ts";
import { createServeEntry } from "./entry.ts";

const { manifestPath, ...options } = JSON.parse(Deno.env.get("APIFN_SERVE_OPTIONS") ?? "{}");
const manifest = manifestPath
  ? (await import(fileUrl(await Deno.realPath(manifestPath)).href)).default
  : undefined;

/** The handler `deno serve` calls. */
export default (await createServeEntry({
  ...options,
  ...(manifest ? { manifest } : {}),
})) satisfies Deno.ServeDefaultExport;
