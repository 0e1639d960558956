/**
 * `apifn start --parallel`: one `deno serve --parallel` child (a server worker per core, all
 * sharing one store), with signals forwarded to it. The store file is checked first, as
 * `apifn start` does.
 *
 * @module
 */
import { type ApifnSettings, kvFromSettings } from "../config/settings.ts";
import { openKv } from "../kv/engine/open.ts";
import { checkStoreFile } from "../server/store_check.ts";

/**
 * The error `apifn start` stops with when the store file cannot be read.
 *
 * @param broken The file and SQLite's reason.
 * @returns The error (the CLI prints it and exits with code 1).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { brokenStoreError } from "./serve_parallel.ts";
 *
 * const error = brokenStoreError({ path: "/app/kv.db", reason: "file is not a database" });
 * assert.equal(error.message, "Cannot start with the KV store '/app/kv.db': file is not a database");
 * ```
 */
export function brokenStoreError(broken: { path: string; reason: string }): Error {
  return new Error(`Cannot start with the KV store '${broken.path}': ${broken.reason}`);
}

/**
 * Checks the store, then runs `deno serve --parallel` until it exits.
 *
 * @param options Listener, store, manifest and log options for the workers.
 * @param settings The project's `apifn` settings (for the store's location).
 * @returns The exit code.
 *
 * @example Usage
 * ```ts ignore
 * import { serveParallel } from "./serve_parallel.ts";
 *
 * const code = await serveParallel({
 *   root: ".", port: 8000, hostname: "0.0.0.0", kv: undefined, manifest: undefined,
 *   quiet: false, health: false,
 * }, {});
 * ```
 */
export async function serveParallel(
  options: {
    root: string;
    port: number;
    hostname: string;
    kv: string | undefined;
    manifest: string | undefined;
    quiet: boolean;
    health: boolean;
    openapi?: boolean;
    mock?: boolean;
  },
  settings: ApifnSettings,
): Promise<number> {
  let store: Awaited<ReturnType<typeof openKv>> | undefined;
  const broken = await checkStoreFile(
    kvFromSettings(options.kv, settings),
    options.root,
    async (path) => store = await openKv(path),
  );
  await store?.close();
  if (broken) throw brokenStoreError(broken);
  const entry = new URL("../server/parallel.ts", import.meta.url).href;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "-A",
      "--unstable-kv",
      "--port",
      String(options.port),
      "--host",
      options.hostname,
      entry,
    ],
    env: {
      APIFN_SERVE_OPTIONS: JSON.stringify({
        root: options.root,
        ...(options.kv ? { kv: options.kv } : {}),
        ...(options.manifest ? { manifestPath: options.manifest } : {}),
        ...(options.quiet ? { log: false } : {}),
        ...(options.health ? { health: true } : {}),
        ...(options.openapi ? { openapi: true } : {}),
        ...(options.mock ? { mock: true } : {}),
      }),
    },
    stdin: "null",
  }).spawn();
  const forward = (signal: Deno.Signal) => () => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = forward(signal);
    Deno.addSignalListener(signal, handler);
    return () => Deno.removeSignalListener(signal, handler);
  });
  const host = options.hostname === "0.0.0.0" ? "localhost" : options.hostname;
  console.log(`apifn start: listening on http://${host}:${options.port}/ (parallel workers)`);
  const status = await child.status;
  for (const remove of handlers) remove();
  return status.signal ? 0 : status.code;
}
