/**
 * The entry module of `apifn start --parallel`: `deno serve --parallel` runs
 * it in one worker per core; each worker builds the app (options from
 * `APIFN_SERVE_OPTIONS`, with `manifestPath` for a manifest to import, `health` for the
 * health endpoint and `openapi` for the OpenAPI endpoints) and they share one store. `deno serve` runs its own listener: the descriptor
 * exhaustion handling and the shutdown grace period of `serve()` do not apply here.
 *
 * @module
 */
import { fileUrl } from "../app/modules.ts";
import { createServeEntry } from "./entry.ts";
import { withHealth } from "./health.ts";
import { openApiLoader, withOpenApi } from "./openapi.ts";

const { manifestPath, health, openapi, ...options } = JSON.parse(
  Deno.env.get("APIFN_SERVE_OPTIONS") ?? "{}",
);
const manifest = manifestPath
  ? (await import(fileUrl(await Deno.realPath(manifestPath)).href)).default
  : undefined;

const entry = await createServeEntry({ ...options, ...(manifest ? { manifest } : {}) });

let fetch = health === true ? withHealth(entry.fetch, entry.app, { dev: false }) : entry.fetch;
if (openapi === true) {
  const load = openApiLoader({ ...(manifest ? { manifest } : {}) }, options.root);
  const warn = (message: string) => console.warn(`apifn: ${message}`);
  fetch = withOpenApi(fetch, { app: entry.app, root: options.root, load, dev: false, warn });
}

/** The handler `deno serve` calls. */
export default { fetch } satisfies Deno.ServeDefaultExport;
