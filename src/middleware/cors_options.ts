/**
 * The options of `cors()`, checked once when the middleware is made.
 *
 * @module
 */

/** Which origins may read responses: one origin, a list, a pattern, a predicate, or any (`"*"`). */
export type CorsOrigin = string | string[] | RegExp | ((origin: string) => boolean);

/** Options of `cors()`. */
export type CorsOptions = {
  /**
   * The allowed origins: `"*"` (any; not with `credentials`), an origin such as
   * `"https://app.example.com"` (scheme, host and port, no path), a list of them, a `RegExp`
   * tested against the request's `Origin` (anchor it: `/^https:\/\/[a-z]+\.example\.com$/`), or
   * a function of the `Origin` value.
   */
  origin: CorsOrigin;
  /** Methods a preflight allows (default `GET, HEAD, PUT, PATCH, POST, DELETE`). */
  methods?: string[];
  /**
   * Request headers a preflight allows. Default: the ones the preflight asks for
   * (`Access-Control-Request-Headers`), reflected.
   */
  headers?: string[];
  /** Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). */
  credentials?: boolean;
  /** Seconds a browser may cache a preflight answer (`Access-Control-Max-Age`). */
  maxAge?: number;
  /** Response headers scripts may read beyond the safelisted ones. */
  exposeHeaders?: string[];
};

/** The checked options. */
export type CorsConfig = {
  /** `"*"` answers every origin with `*`; otherwise whether an origin is allowed. */
  origin: "*" | ((origin: string) => boolean);
  methods: string;
  /** `undefined`: reflect the requested headers. */
  headers: string | undefined;
  credentials: boolean;
  maxAge: string | undefined;
  exposeHeaders: string | undefined;
};

const DEFAULT_METHODS = ["GET", "HEAD", "PUT", "PATCH", "POST", "DELETE"];
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function show(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "function") return "a function";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function checkOrigin(value: unknown): string {
  let parsed: URL | undefined;
  try {
    parsed = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    // reported below
  }
  if (parsed === undefined || parsed.origin === "null" || parsed.origin !== value) {
    throw new TypeError(
      `Cannot create cors middleware with origin ${
        show(value)
      }: expected "*" or an origin such as 'https://example.com' (scheme, host and port only)`,
    );
  }
  return value as string;
}

function matchOrigin(origin: unknown): CorsConfig["origin"] {
  if (origin === "*") return "*";
  if (typeof origin === "string") {
    const allowed = checkOrigin(origin);
    return (value) => value === allowed;
  }
  if (Array.isArray(origin)) {
    const allowed = new Set(origin.map(checkOrigin));
    return (value) => allowed.has(value);
  }
  if (origin instanceof RegExp) {
    return (value) => {
      origin.lastIndex = 0; // a /g or /y pattern remembers where it stopped
      return origin.test(value);
    };
  }
  if (typeof origin === "function") return (value) => origin(value) === true;
  throw new TypeError(
    `Cannot create cors middleware with origin ${
      show(origin)
    }: expected "*", an origin, a list of origins, a RegExp or a function`,
  );
}

function tokenList(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (
    !Array.isArray(value) || value.some((item) => typeof item !== "string" || !TOKEN.test(item))
  ) {
    throw new TypeError(
      `Cannot create cors middleware with ${name} ${show(value)}: expected an array of names`,
    );
  }
  return value.join(", ");
}

/**
 * Checks the options of `cors()`.
 *
 * @param options What the user passed.
 * @returns The options in the form the middleware uses.
 * @throws {TypeError} On a wrong type, a malformed origin or name, or `"*"` with credentials.
 * @throws {RangeError} On a `maxAge` that is not a non-negative integer.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseCorsOptions } from "./cors_options.ts";
 *
 * const config = parseCorsOptions({ origin: ["https://a.example"], maxAge: 600 });
 * assert.equal(config.origin !== "*" && config.origin("https://a.example"), true);
 * assert.equal(config.maxAge, "600");
 * assert.throws(() => parseCorsOptions({ origin: "*", credentials: true }), TypeError);
 * ```
 */
export function parseCorsOptions(options: CorsOptions): CorsConfig {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`Cannot create cors middleware with options ${show(options)}`);
  }
  const credentials = options.credentials ?? false;
  if (typeof credentials !== "boolean") {
    throw new TypeError(
      `Cannot create cors middleware with credentials ${show(credentials)}: expected a boolean`,
    );
  }
  const origin = matchOrigin(options.origin);
  if (origin === "*" && credentials) {
    throw new TypeError(
      `Cannot create cors middleware with origin "*" and credentials: browsers refuse credentialed responses for any origin; list the allowed origins instead`,
    );
  }
  const maxAge = options.maxAge;
  if (maxAge !== undefined && (!Number.isSafeInteger(maxAge) || maxAge < 0)) {
    const Error = typeof maxAge === "number" ? RangeError : TypeError;
    throw new Error(
      `Cannot create cors middleware with maxAge ${
        show(maxAge)
      }: expected a non-negative integer of seconds`,
    );
  }
  return {
    origin,
    methods: tokenList("methods", options.methods ?? DEFAULT_METHODS)!,
    headers: tokenList("headers", options.headers),
    credentials,
    maxAge: maxAge === undefined ? undefined : String(maxAge),
    exposeHeaders: tokenList("exposeHeaders", options.exposeHeaders),
  };
}
