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
import { nextRequestId } from "../app/request_id.ts";
import { withRemoteAddress } from "./remote_addr.ts";

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
  async fetch(request: Request, info: Deno.ServeHandlerInfo): Promise<Response> {
    const started = performance.now();
    const requestId = nextRequestId(request);
    const response = await withRemoteAddress(
      info.remoteAddr,
      () => app.fetch(request, { requestId }),
    );
    if (log) {
      const ms = (performance.now() - started).toFixed(1);
      console.log(
        `${request.method} ${
          new URL(request.url).pathname
        } ${response.status} ${ms}ms ${requestId}`,
      );
    }
    return response;
  },
} satisfies Deno.ServeDefaultExport;
