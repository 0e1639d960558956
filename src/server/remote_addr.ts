/**
 * The peer address of the request being handled, for functions that need the client's IP
 * (rate limits, logs). `serve()` and the CLI record it for the duration of each request.
 *
 * @module
 */
import { AsyncLocalStorage } from "node:async_hooks";

// Shared through globalThis, so a function that imports another copy of apifn (another
// version, or the published package while the CLI runs from a checkout) sees the same store.
const KEY = Symbol.for("apifn.remoteAddress");
const global = globalThis as { [KEY]?: AsyncLocalStorage<Deno.Addr> };
const current = global[KEY] ??= new AsyncLocalStorage<Deno.Addr>();

/**
 * Runs `fn` with `addr` as the remote address of the request it handles.
 *
 * @param addr The peer address (`info.remoteAddr` of `Deno.serve`).
 * @param fn The request's work.
 * @returns What `fn` returns.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { remoteAddress, withRemoteAddress } from "./remote_addr.ts";
 *
 * const addr = { transport: "tcp" as const, hostname: "10.0.0.7", port: 5123 };
 * assert.equal(await withRemoteAddress(addr, async () => remoteAddress()?.hostname), "10.0.0.7");
 * ```
 */
export function withRemoteAddress<T>(addr: Deno.Addr, fn: () => T): T {
  return current.run(addr, fn);
}

/**
 * The peer address of the request being handled: the client, or the last proxy in front of
 * the server (a function behind a proxy reads `x-forwarded-for` first). `undefined` outside a
 * request served by `serve()` / the CLI (e.g. `app.fetch` in tests).
 *
 * @returns `{ hostname, port }` for TCP peers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { remoteAddress } from "./remote_addr.ts";
 *
 * assert.equal(remoteAddress(), undefined);
 * ```
 */
export function remoteAddress(): { hostname: string; port: number } | undefined {
  const addr = current.getStore();
  return addr && "hostname" in addr ? { hostname: addr.hostname, port: addr.port } : undefined;
}
