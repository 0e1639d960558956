/**
 * `cors()`: Cross-Origin Resource Sharing as a middleware. It answers preflights itself and adds
 * the CORS headers to the response of every other request from an allowed origin.
 *
 * @module
 */
import { type CorsConfig, type CorsOptions, parseCorsOptions } from "./cors_options.ts";
import { editHeaders } from "../http/edit_headers.ts";
import { addVary } from "./response_headers.ts";
import type { Middleware } from "./types.ts";

export type { CorsOptions, CorsOrigin } from "./cors_options.ts";

/** The `Access-Control-Allow-Origin` value for `origin`, or `undefined` when not allowed. */
function allowedOrigin(config: CorsConfig, origin: string | null): string | undefined {
  if (config.origin === "*") return "*";
  return origin !== null && config.origin(origin) ? origin : undefined;
}

/** The answer to a preflight: 204, without calling the rest of the chain. */
function preflight(config: CorsConfig, request: Request, allowed: string | undefined): Response {
  const headers = new Headers();
  if (config.origin !== "*") addVary(headers, "Origin");
  if (allowed !== undefined) {
    headers.set("access-control-allow-origin", allowed);
    if (config.credentials) headers.set("access-control-allow-credentials", "true");
    if (config.methods) headers.set("access-control-allow-methods", config.methods);
    if (config.headers === undefined) {
      addVary(headers, "Access-Control-Request-Headers");
      const requested = request.headers.get("access-control-request-headers");
      if (requested) headers.set("access-control-allow-headers", requested);
    } else if (config.headers) {
      headers.set("access-control-allow-headers", config.headers);
    }
    if (config.maxAge !== undefined) headers.set("access-control-max-age", config.maxAge);
  }
  return new Response(null, { status: 204, headers });
}

/**
 * A CORS middleware. A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`)
 * is answered with 204 and never reaches later middlewares or the function: from an allowed
 * origin it carries `Access-Control-Allow-Origin`, `-Methods`, `-Headers`, `-Max-Age` (and
 * `-Credentials`), from any other origin no CORS header at all. Every other request runs the
 * chain, and the response from an allowed origin gets `Access-Control-Allow-Origin` (and
 * `-Credentials`, `-Expose-Headers`). Unless `origin` is `"*"`, every answer carries
 * `Vary: Origin`, since it depends on the origin; with credentials the origin is reflected,
 * never `*` (`origin: "*"` with `credentials: true` is refused).
 *
 * Preflights to a route without its own `OPTIONS` function are answered by apifn's automatic
 * `OPTIONS` unless a middleware runs for them: put `cors()` in the root `_middleware.ts` with
 * `export const config = { all: true }` so that it sees those as well.
 *
 * @param options The allowed origins, methods and headers; credentials; preflight cache time.
 * @returns The middleware.
 * @throws {TypeError} On malformed options, or `origin: "*"` with `credentials: true`.
 * @throws {RangeError} On a `maxAge` that is not a non-negative integer.
 *
 * @example A preflight and a request from an allowed origin
 * ```ts
 * import assert from "node:assert/strict";
 * import { cors } from "./cors.ts";
 * import { anonymousUser, createContext } from "../http/context.ts";
 *
 * const middleware = cors({ origin: ["https://app.example"], credentials: true, maxAge: 600 });
 * const run = (request: Request) => {
 *   const context = createContext(request, {
 *     params: {},
 *     user: anonymousUser(),
 *     config: {},
 *     getKv: () => Promise.reject(new Error("not needed")),
 *   });
 *   return middleware(request, context, () => Promise.resolve(context.json({ ok: true })));
 * };
 *
 * const preflight = await run(
 *   new Request("http://localhost/api/notes", {
 *     method: "OPTIONS",
 *     headers: { origin: "https://app.example", "access-control-request-method": "POST" },
 *   }),
 * );
 * assert.equal(preflight.status, 204);
 * assert.equal(preflight.headers.get("access-control-allow-origin"), "https://app.example");
 * assert.equal(preflight.headers.get("access-control-max-age"), "600");
 *
 * const other = await run(
 *   new Request("http://localhost/api/notes", { headers: { origin: "https://evil.example" } }),
 * );
 * assert.equal(other.headers.get("access-control-allow-origin"), null);
 * assert.equal(other.headers.get("vary"), "Origin");
 * ```
 */
export function cors(options: CorsOptions): Middleware {
  const config = parseCorsOptions(options);
  return async (request, _context, next) => {
    const origin = request.headers.get("origin");
    const allowed = allowedOrigin(config, origin);
    if (
      request.method === "OPTIONS" && origin !== null &&
      request.headers.has("access-control-request-method")
    ) {
      return preflight(config, request, allowed);
    }
    const response = await next();
    return editHeaders(response, (headers) => {
      if (config.origin !== "*") addVary(headers, "Origin");
      if (allowed === undefined) return;
      headers.set("access-control-allow-origin", allowed);
      if (config.credentials) headers.set("access-control-allow-credentials", "true");
      if (config.exposeHeaders) headers.set("access-control-expose-headers", config.exposeHeaders);
    });
  };
}
