/**
 * A JWKS (JSON Web Key Set) fetched from a URL: fetched on first use, cached, refreshed when a
 * token names an unknown `kid` or the cache is old — never more often than the cooldown allows,
 * so tokens with made-up `kid`s cannot make the server refetch on every request.
 *
 * @module
 */

import { type Jwk, jwkKey, type VerifyKey } from "./jwt_keys.ts";

/** Options of {@linkcode JwksCache}. */
export interface JwksOptions {
  /** The `fetch` to use (tests inject one). */
  fetch?: typeof fetch;
  /** The clock, in milliseconds (tests inject one). */
  now?: () => number;
  /** Give up on a fetch after this many milliseconds (default 5000). */
  timeoutMs?: number;
  /** Refetch when the keys are older than this many seconds (default 600). */
  maxAgeSeconds?: number;
  /** At most one fetch per this many seconds, whatever the tokens ask (default 30). */
  cooldownSeconds?: number;
  /** Called with a key that was skipped and why (default: ignored). */
  onSkip?: (message: string) => void;
}

const MAX_BYTES = 1024 * 1024;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Checks a JWKS URL: `https:`, or `http:` on a loopback host only. Throws a `TypeError`.
 *
 * @param url The URL.
 * @returns The parsed URL.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkJwksUrl } from "./jwks.ts";
 *
 * assert.equal(checkJwksUrl("http://127.0.0.1:9/jwks").port, "9");
 * assert.throws(() => checkJwksUrl("http://idp.example.com/jwks"), TypeError);
 * ```
 */
export function checkJwksUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`Cannot use JWKS URL '${String(url)}': not a URL`);
  }
  if (parsed.protocol === "https:") return parsed;
  if (parsed.protocol === "http:" && LOOPBACK.has(parsed.hostname)) return parsed;
  throw new TypeError(
    `Cannot use JWKS URL '${parsed.href}': use https (http is only allowed for localhost)`,
  );
}

/**
 * A cached key set from a JWKS URL.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { JwksCache } from "./jwks.ts";
 *
 * const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
 * const jwk = await crypto.subtle.exportKey("jwk", (pair as CryptoKeyPair).publicKey);
 * let fetches = 0;
 * const cache = new JwksCache("https://idp.example/jwks", {
 *   fetch: () => {
 *     fetches++;
 *     return Promise.resolve(Response.json({ keys: [{ ...jwk, kid: "a" }] }));
 *   },
 * });
 * assert.equal((await cache.find("a"))[0]?.kid, "a");
 * assert.deepEqual(await cache.find("unknown"), []); // within the cooldown: no refetch
 * assert.equal(fetches, 1);
 * ```
 */
export class JwksCache {
  #url: URL;
  #fetch: typeof fetch;
  #now: () => number;
  #timeoutMs: number;
  #maxAgeMs: number;
  #cooldownMs: number;
  #onSkip: (message: string) => void;
  #keys: VerifyKey[] | undefined = undefined;
  #fetchedAt = -Infinity;
  #attemptedAt = -Infinity;
  #inflight: Promise<void> | undefined = undefined;
  #lastError: unknown = undefined;

  /** Creates a cache for `url` (nothing is fetched until a key is needed). */
  constructor(url: string | URL, options: JwksOptions = {}) {
    this.#url = checkJwksUrl(url);
    this.#fetch = options.fetch ?? fetch;
    this.#now = options.now ?? Date.now;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#maxAgeMs = (options.maxAgeSeconds ?? 600) * 1000;
    this.#cooldownMs = (options.cooldownSeconds ?? 30) * 1000;
    this.#onSkip = options.onSkip ?? (() => {});
  }

  /**
   * The keys for a token: those with `kid` (all keys when `kid` is undefined). Fetches when
   * there are no keys yet, when they are older than the maximum age, or when `kid` is unknown,
   * unless the last fetch started within the cooldown. Rejects only when no keys were ever
   * fetched and fetching fails.
   */
  async find(kid: string | undefined): Promise<VerifyKey[]> {
    const now = this.#now();
    const stale = now - this.#fetchedAt >= this.#maxAgeMs;
    let found = this.#select(kid);
    if (this.#keys === undefined || stale || (kid !== undefined && found.length === 0)) {
      if (this.#inflight || now - this.#attemptedAt >= this.#cooldownMs) {
        await (this.#inflight ??= this.#refresh(now));
        found = this.#select(kid);
      }
    }
    if (this.#keys === undefined) {
      throw new Error(`Cannot fetch JWKS '${this.#url.href}': ${describe(this.#lastError)}`);
    }
    return found;
  }

  #select(kid: string | undefined): VerifyKey[] {
    const keys = this.#keys ?? [];
    return kid === undefined ? keys : keys.filter((key) => key.kid === kid);
  }

  async #refresh(now: number): Promise<void> {
    this.#attemptedAt = now;
    try {
      this.#keys = await this.#download();
      this.#fetchedAt = this.#now();
      this.#lastError = undefined;
    } catch (error) {
      this.#lastError = error; // keep serving the keys we have
    } finally {
      this.#inflight = undefined;
    }
  }

  async #download(): Promise<VerifyKey[]> {
    const response = await this.#fetch(this.#url, {
      signal: AbortSignal.timeout(this.#timeoutMs),
      headers: { accept: "application/json" },
      redirect: "error",
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`status ${response.status}`);
    }
    const declared = Number(response.headers.get("content-length"));
    if (declared > MAX_BYTES) {
      await response.body?.cancel();
      throw new Error(`larger than ${MAX_BYTES} bytes`);
    }
    const text = await response.text();
    if (text.length > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
    const body = JSON.parse(text);
    if (typeof body !== "object" || body === null || !Array.isArray(body.keys)) {
      throw new Error("expected an object with a 'keys' array");
    }
    const keys: VerifyKey[] = [];
    for (const jwk of body.keys.slice(0, 100) as Jwk[]) {
      try {
        keys.push(jwkKey(jwk));
      } catch (error) {
        this.#onSkip(describe(error));
      }
    }
    return keys;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.name === "TimeoutError" ? "timed out" : error.message;
  }
  return String(error);
}
