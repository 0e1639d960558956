/**
 * `rateLimit()`: at most `max` requests per client per window, counted in the project's KV
 * store, with the IETF draft's `RateLimit-Policy` and `RateLimit` headers on every response.
 *
 * @module
 */
import { nextRequestId } from "../app/request_id.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { remoteAddress } from "../http/remote_addr.ts";
import type { ApiFunctionsContext, KvKey } from "../types.ts";
import { countRequest, type CountResult } from "./rate_limit_count.ts";
import { editHeaders } from "../http/edit_headers.ts";
import type { Middleware } from "./types.ts";

/** The KV key prefix of the counters: `[...RATE_LIMIT_PREFIX, name, clientKey]`. */
export const RATE_LIMIT_PREFIX: readonly string[] = Object.freeze(["apifn", "ratelimit"]);

/** Options of {@linkcode rateLimit}. */
export type RateLimitOptions = {
  /** The window's length in seconds (a positive integer); a client's starts with its first request. */
  window: number;
  /** Requests allowed per client per window (a positive integer). */
  max: number;
  /**
   * Who a request counts for (default: the peer address, `remoteAddress(request)`, or
   * `"unknown"` when there is none, e.g. under `app.fetch`). Behind a proxy, read the client from
   * the proxy's header instead. Keys over 256 characters are stored as their SHA-256.
   */
  key?: (request: Request, context: ApiFunctionsContext) => string | Promise<string>;
  /**
   * The policy's name (default `"default"`): in the headers and in the counters' keys. Two
   * limiters on one store with the same name share counters: give each its own.
   */
  name?: string;
  /** The clock, in epoch milliseconds (default `Date.now`); tests inject one. */
  now?: () => number;
};

const NAME = /^[\x20-\x7e]{1,64}$/;

/** A value as error messages show it: strings quoted. */
function show(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : String(value);
}

function checkInteger(name: "window" | "max", value: unknown, unit: string): number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return value;
  const Error = typeof value === "number" ? RangeError : TypeError;
  throw new Error(
    `Cannot create rate limit with ${name} ${show(value)}: expected a positive ${unit}`,
  );
}

function defaultKey(request: Request): string {
  return remoteAddress(request)?.hostname ?? "unknown";
}

async function storedKey(name: string, client: unknown): Promise<KvKey> {
  if (typeof client !== "string" || client.length === 0) {
    throw new TypeError(
      `Cannot rate limit request: key gave ${show(client)}, expected a non-empty string`,
    );
  }
  if (client.length <= 256) return [...RATE_LIMIT_PREFIX, name, client];
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(client));
  const hex = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  return [...RATE_LIMIT_PREFIX, name, `sha256:${hex}`];
}

/**
 * A rate limit middleware: a fixed window per client (it starts with the client's first request
 * and lasts `window` seconds), counted in the project's KV store (`context.getKv()`) under
 * `["apifn", "ratelimit", name, clientKey]` with a TTL that ends with the window, in one
 * serializable transaction per request: every process on the same store shares the counts.
 * Requests over `max` are answered with 429 (the JSON error body, `Retry-After` in seconds)
 * without running the rest of the chain, and are not counted. Every response carries
 * `RateLimit-Policy: "<name>";q=<max>;w=<window>` and `RateLimit: "<name>";r=<remaining>;t=<seconds
 * until the window ends>` (draft-ietf-httpapi-ratelimit-headers); nested limiters append theirs.
 *
 * @param options `window` (seconds), `max`, and optionally `key`, `name`, `now`.
 * @returns The middleware.
 * @throws {TypeError} On an option of the wrong type.
 * @throws {RangeError} On a `window` or `max` that is not a positive integer.
 *
 * @example Two requests per minute
 * ```ts
 * import assert from "node:assert/strict";
 * import { rateLimit } from "./rate_limit.ts";
 * import { anonymousUser, createContext } from "../http/context.ts";
 * import { openKv } from "../kv/engine/open.ts";
 *
 * const kv = await openKv(":memory:");
 * const limit = rateLimit({ window: 60, max: 2, key: () => "client-1" });
 * const call = () => {
 *   const request = new Request("http://localhost/api/ping");
 *   const context = createContext(request, {
 *     params: {},
 *     user: anonymousUser(),
 *     config: {},
 *     getKv: () => Promise.resolve(kv),
 *   });
 *   return limit(request, context, () => Promise.resolve(context.json({ pong: true })));
 * };
 * assert.equal((await call()).headers.get("ratelimit"), '"default";r=1;t=60');
 * assert.equal((await call()).status, 200);
 * const limited = await call();
 * assert.equal(limited.status, 429);
 * assert.ok(Number(limited.headers.get("retry-after")) > 0); // seconds until the window ends
 * assert.equal(limited.headers.get("ratelimit-policy"), '"default";q=2;w=60');
 * assert.equal((await limited.json()).error, "Too Many Requests");
 * await kv.close();
 * ```
 */
export function rateLimit(options: RateLimitOptions): Middleware {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Cannot create rate limit with options ${show(options)}`);
  }
  const window = checkInteger("window", options.window, "integer of seconds");
  const max = checkInteger("max", options.max, "integer");
  const key = options.key ?? defaultKey;
  const name = options.name ?? "default";
  const now = options.now ?? Date.now;
  if (typeof key !== "function") {
    throw new TypeError(`Cannot create rate limit with key ${show(key)}: expected a function`);
  }
  if (typeof name !== "string" || !NAME.test(name) || /["\\]/.test(name)) {
    throw new TypeError(
      `Cannot create rate limit with name ${
        show(name)
      }: expected 1 to 64 printable ASCII characters without '"' or '\\'`,
    );
  }
  if (typeof now !== "function") {
    throw new TypeError(`Cannot create rate limit with now ${show(now)}: expected a function`);
  }
  const policy = { max, windowMs: window * 1000 };
  const policyField = `"${name}";q=${max};w=${window}`;
  const describe = (headers: Headers, result: CountResult) => {
    const seconds = Math.max(1, Math.ceil((result.resetAt - result.now) / 1000));
    headers.append("ratelimit-policy", policyField);
    headers.append("ratelimit", `"${name}";r=${result.remaining};t=${seconds}`);
    return seconds;
  };
  return async (request, context, next) => {
    const stored = await storedKey(name, await key(request, context));
    const result = await countRequest(await context.getKv(), stored, policy, now);
    if (!result.allowed) {
      const headers = new Headers();
      headers.set("retry-after", String(describe(headers, result)));
      return errorResponse(new HttpError(429, undefined, { headers }), {
        dev: false,
        requestId: nextRequestId(request),
      });
    }
    return editHeaders(await next(), (headers) => describe(headers, result));
  };
}
