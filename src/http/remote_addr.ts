/**
 * The peer address of a request, for functions that need the client's IP (rate limits,
 * logs): `serve()` and the CLI record it for each request they hand to the app.
 *
 * @module
 */

// Kept on the request under a registered symbol: a function that imports another copy of
// apifn (another version, or the published package while the CLI runs from a checkout) reads
// the same property. Not a WeakMap: an entry per request adds garbage-collection work
// (ephemeron tables) on a server's hot path.
const KEY = Symbol.for("apifn.remoteAddress");
/** What was recorded: the address, or `Deno.serve`'s handler info (read only when asked). */
type Peer = Deno.Addr | { readonly remoteAddr: Deno.Addr };
type Marked = Request & { [KEY]?: Peer };

/**
 * Records the peer address of a request: an address, or `Deno.serve`'s handler info (its
 * `remoteAddr` costs a call into the runtime, so it is read only if a function asks).
 *
 * @param request The request.
 * @param addr Its peer address, or the handler info that has it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { remoteAddress, setRemoteAddress } from "./remote_addr.ts";
 *
 * const request = new Request("http://localhost/");
 * setRemoteAddress(request, { transport: "tcp", hostname: "10.0.0.7", port: 5123 });
 * assert.deepEqual(remoteAddress(request), { hostname: "10.0.0.7", port: 5123 });
 * ```
 */
export function setRemoteAddress(request: Request, addr: Peer): void {
  (request as Marked)[KEY] = addr;
}

/**
 * Carries a request's peer address over to a request made from it.
 *
 * @param from The original request.
 * @param to The request handed on instead.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { copyRemoteAddress, remoteAddress, setRemoteAddress } from "./remote_addr.ts";
 *
 * const original = new Request("http://localhost/");
 * setRemoteAddress(original, { transport: "tcp", hostname: "10.0.0.8", port: 1 });
 * const copy = new Request(original.url);
 * copyRemoteAddress(original, copy);
 * assert.equal(remoteAddress(copy)?.hostname, "10.0.0.8");
 * ```
 */
export function copyRemoteAddress(from: Request, to: Request): void {
  const addr = (from as Marked)[KEY];
  if (addr !== undefined && from !== to) (to as Marked)[KEY] = addr;
}

/**
 * The peer address of a request served by `serve()` / the CLI: the client, or the last proxy
 * in front of the server (behind a proxy, read `x-forwarded-for` first). `undefined` for
 * requests that did not come through a server (e.g. `app.fetch` in tests).
 *
 * @param request The request a function received.
 * @returns `{ hostname, port }` for TCP peers.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { remoteAddress } from "./remote_addr.ts";
 *
 * assert.equal(remoteAddress(new Request("http://localhost/")), undefined);
 * ```
 */
export function remoteAddress(request: Request): { hostname: string; port: number } | undefined {
  const peer = (request as Marked)[KEY];
  const addr = peer && "remoteAddr" in peer ? peer.remoteAddr : peer;
  return addr && "hostname" in addr ? { hostname: addr.hostname, port: addr.port } : undefined;
}
