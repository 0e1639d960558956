/**
 * `jwtAuthenticator(options)`: an `authenticate` function that reads a JWT from
 * `Authorization: Bearer` (or a cookie), verifies it with WebCrypto and turns its claims into
 * a user.
 *
 * @module
 */

import type { ApiFunctionsUser } from "../types.ts";
import { JwksCache } from "./jwks.ts";
import type { JwtAlgorithm } from "./jwt_algorithms.ts";
import { type Jwk, jwkKey, secretKey, type VerifyKey } from "./jwt_keys.ts";
import { cryptoKeyKey, pemKey } from "./jwt_public_keys.ts";
import { readToken, userFromClaims } from "./jwt_request.ts";
import { type KeyLookup, verifyJwt } from "./jwt_verify.ts";

export type { JwtAlgorithm } from "./jwt_algorithms.ts";

/** Options of {@linkcode jwtAuthenticator}: exactly one of `secret`, `jwksUrl`, `publicKey`. */
export interface JwtOptions {
  /** HMAC secret (HS256/384/512), at least 32 bytes. */
  secret?: string | Uint8Array;
  /** URL of the identity provider's JWKS (`https:`, or `http:` on localhost). */
  jwksUrl?: string | URL;
  /** A public key: PEM `PUBLIC KEY`, a JWK (its `alg`/`kty`/`crv` decide) or a CryptoKey. */
  publicKey?: string | JsonWebKey | CryptoKey;
  /** Accepted issuers (`iss`); any when absent. */
  issuer?: string | string[];
  /** Accepted audiences (`aud` must contain one); any when absent. */
  audience?: string | string[];
  /** The claim with the user's teams: an array of strings or a space-separated string (default `teams`). */
  teamsClaim?: string;
  /** The claim with the user's email (default `email`). */
  emailClaim?: string;
  /** Also read the token from this cookie when there is no `Authorization: Bearer` header. */
  cookie?: string;
  /** Tolerated clock difference for `exp`/`nbf`, in seconds (default 30). */
  clockSkewSeconds?: number;
  /** Narrows the accepted algorithms further (default: all the key allows). */
  algorithms?: JwtAlgorithm[];
  /** JWKS fetching: timeout (default 5000 ms), cache age (600 s), refetch cooldown (30 s). */
  jwks?: { timeoutMs?: number; maxAgeSeconds?: number; cooldownSeconds?: number };
  /** The clock in milliseconds (for tests). */
  now?: () => number;
  /** The `fetch` used for the JWKS (for tests). */
  fetch?: typeof fetch;
}

/** Decides the user of a request: `null` means anonymous. */
export type Authenticator = (request: Request) => Promise<Partial<ApiFunctionsUser> | null>;

/**
 * Creates an authenticator that verifies JWTs. No token → `null` (anonymous); a token that
 * fails verification → the promise rejects with the reason (`createApp` turns that into the
 * anonymous user and logs the reason in dev mode only). A verified token gives
 * `{ email, teams, claims, idpAccessToken, idpId, idpIdToken }` with `claims` = the payload,
 * `idpAccessToken` and `idpIdToken` = the raw token, `idpId` = its `iss`. Throws a `TypeError`
 * for invalid options (no key or several, bad URL, bad key) and a `RangeError` for a short
 * secret.
 *
 * @param options The key and the checks.
 * @returns The authenticator, for `createApp({ authenticate })`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { jwtAuthenticator } from "./jwt.ts";
 *
 * const secret = "0123456789abcdef0123456789abcdef";
 * const authenticate = jwtAuthenticator({ secret, audience: "my-api" });
 *
 * // A token signed elsewhere (e.g. by your login function) with the same secret.
 * const b64url = (bytes: Uint8Array) =>
 *   btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");
 * const part = (value: object) => b64url(new TextEncoder().encode(JSON.stringify(value)));
 * const claims = { email: "ada@example.com", teams: ["admins"], aud: "my-api" };
 * const input = `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}`;
 * const hmac = await crypto.subtle.importKey(
 *   "raw",
 *   new TextEncoder().encode(secret),
 *   { name: "HMAC", hash: "SHA-256" },
 *   false,
 *   ["sign"],
 * );
 * const mac = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(input));
 * const token = `${input}.${b64url(new Uint8Array(mac))}`;
 *
 * const bearer = (value: string) =>
 *   new Request("http://x/", { headers: { authorization: `Bearer ${value}` } });
 * const user = await authenticate(bearer(token));
 * assert.equal(user?.email, "ada@example.com");
 * assert.deepEqual(user?.teams, ["admins"]);
 * assert.equal(await authenticate(new Request("http://x/")), null); // no token: anonymous
 * await assert.rejects(authenticate(bearer(token.slice(0, -2))), /Invalid JWT/);
 * ```
 */
export function jwtAuthenticator(options: JwtOptions): Authenticator {
  const prepared = prepare(options);
  return async (request) => (await prepared.get())(request);
}

/**
 * Like {@linkcode jwtAuthenticator}, but imports the key first, so a bad PEM or JWK rejects
 * here (at startup) rather than on each request.
 *
 * @param options The key and the checks.
 * @returns The authenticator.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { prepareJwtAuthenticator } from "./jwt.ts";
 *
 * await assert.rejects(prepareJwtAuthenticator({ publicKey: "not a key" }), TypeError);
 * ```
 */
export async function prepareJwtAuthenticator(options: JwtOptions): Promise<Authenticator> {
  return await prepare(options).get();
}

function prepare(options: JwtOptions): { get(): Promise<Authenticator> } {
  if (typeof options !== "object" || options === null) {
    throw new TypeError("Cannot create JWT authenticator: expected an options object");
  }
  const sources = (["secret", "jwksUrl", "publicKey"] as const).filter((k) =>
    options[k] !== undefined
  );
  if (sources.length !== 1) {
    throw new TypeError(
      `Cannot create JWT authenticator: give exactly one of 'secret', 'jwksUrl' or 'publicKey', got ${
        sources.length === 0 ? "none" : sources.map((s) => `'${s}'`).join(", ")
      }`,
    );
  }
  const teamsClaim = options.teamsClaim ?? "teams";
  const emailClaim = options.emailClaim ?? "email";
  const checks = {
    ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
    ...(options.audience !== undefined ? { audience: options.audience } : {}),
    ...(options.algorithms !== undefined ? { algorithms: options.algorithms } : {}),
    clockSkewSeconds: options.clockSkewSeconds ?? 30,
    now: options.now ?? Date.now,
  };
  const lookup = keyLookup(options);
  lookup.catch(() => {}); // reported when a request (or prepareJwtAuthenticator) awaits it
  let ready: Promise<Authenticator> | undefined;
  return {
    get() {
      return ready ??= lookup.then((keys) => async (request: Request) => {
        const token = readToken(request, { cookie: options.cookie });
        if (token === undefined) return null;
        const { payload } = await verifyJwt(token, keys, checks);
        return userFromClaims(payload, { token, teamsClaim, emailClaim });
      });
    },
  };
}

function keyLookup(options: JwtOptions): Promise<KeyLookup> {
  if (options.jwksUrl !== undefined) {
    const cache = new JwksCache(options.jwksUrl, {
      ...options.jwks,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
    });
    return Promise.resolve((kid) => cache.find(kid));
  }
  let key: Promise<VerifyKey>;
  if (options.secret !== undefined) key = Promise.resolve(secretKey(options.secret));
  else {
    const publicKey = options.publicKey;
    if (typeof publicKey === "string") key = pemKey(publicKey);
    else if (publicKey instanceof CryptoKey) key = Promise.resolve(cryptoKeyKey(publicKey));
    else key = Promise.resolve(jwkKey(publicKey as Jwk));
    // Import once now, so a malformed key fails early.
    key = key.then(async (k) => (await k.cryptoKey(k.algorithms[0]!), k));
  }
  return key.then((k) => {
    const keys = [k];
    return () => Promise.resolve(keys);
  });
}
