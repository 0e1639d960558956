/**
 * `createServeEntry(options)`: the default export of a `deno serve` entry. `deno serve` (and
 * `--parallel`, one per worker) calls its `fetch` with the handler info, so functions see the
 * peer address; the store is closed once the worker has nothing left to do.
 *
 * @module
 */
import { type App, type AppOptions, createApp } from "../app.ts";
import { createServeHandler } from "./handler.ts";

/** Options of {@linkcode createServeEntry}: the app's options plus the request log. */
export interface ServeEntryOptions extends AppOptions {
  /** Request log: `true` (default) prints one line per request; a function receives each line. */
  log?: boolean | ((line: string) => void);
  /** Serve this app instead of creating one from the options (closed on exit). */
  app?: App;
}

/** What a `deno serve` entry default-exports: `fetch`, plus the app it serves. */
export interface ServeEntry {
  /** The handler `deno serve` calls with each request and its handler info. */
  fetch(request: Request, info: Deno.ServeHandlerInfo): Response | Promise<Response>;
  /** The app it serves. */
  readonly app: App;
}

/**
 * Builds the default export of a `deno serve` entry: the app behind a handler that records
 * the peer address (`remoteAddress(request)`) and logs one line per request. `deno serve`
 * finishes in-flight requests on SIGINT/SIGTERM; when the worker's event loop is then empty,
 * the entry closes the app's store (on `beforeunload`, keeping the loop alive until it is
 * closed). Like `apifn start`, the function files are imported in the background unless
 * `preload` says otherwise.
 *
 * @param options App options (`manifest`, `root`, `kv`, limits, auth …) plus `log` and `app`.
 * @returns `{ fetch, app }`, for `export default`.
 *
 * @example A `main.ts` for `deno serve -A main.ts` (here called by hand)
 * ```ts
 * import assert from "node:assert/strict";
 * import { createServeEntry } from "./entry.ts";
 *
 * const hello = { default: () => Response.json({ hello: "world" }) };
 * const manifest = {
 *   version: 1,
 *   functions: [{ file: "@api/hello.get.ts", module: hello }],
 *   folders: [],
 *   config: {},
 * };
 * const entry = await createServeEntry({ manifest, kv: ":memory:", log: false });
 * const info = {
 *   remoteAddr: { transport: "tcp" as const, hostname: "127.0.0.1", port: 4000 },
 *   completed: Promise.resolve(),
 * };
 * const response = await entry.fetch(new Request("http://localhost/api/hello"), info);
 * assert.deepEqual(await response.json(), { hello: "world" });
 * await entry.app.close();
 * ```
 */
export async function createServeEntry(options: ServeEntryOptions = {}): Promise<ServeEntry> {
  const { log: logOption, app: given, ...appOptions } = options;
  const app = given ?? await createApp({ preload: "background", ...appOptions });
  await app.startJobs();
  const log = logOption === false
    ? undefined
    : typeof logOption === "function"
    ? logOption
    : (line: string) => console.log(line);
  let closing: Promise<void> | undefined;
  // Fired when the event loop is empty: after `deno serve` has shut the server down (or the
  // program is done). Closing schedules work, so the event fires again once it is closed.
  globalThis.addEventListener("beforeunload", (event) => {
    if (closing) return;
    event.preventDefault();
    closing = app.close().catch((error) => {
      console.error("apifn: Cannot close the app:", error);
    });
  });
  return { fetch: createServeHandler(app, log ? { log } : {}), app };
}
