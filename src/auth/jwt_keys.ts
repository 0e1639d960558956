/**
 * Verification keys for JWTs: an HMAC secret or a JWK (a public key given as such, or a JWKS
 * entry); PEM and CryptoKey public keys are in `jwt_public_keys.ts`. Each key carries the algorithms it may verify, so a token can never pick a weaker or
 * different one (no `none`, no HS256 signed with an RSA public key).
 *
 * @module
 */

import { ALGORITHMS, algorithmsFor, isJwtAlgorithm, type JwtAlgorithm } from "./jwt_algorithms.ts";

/** A key that verifies JWT signatures with the algorithms it allows. */
export interface VerifyKey {
  /** The JWK `kid`, when known. */
  readonly kid: string | undefined;
  /** The algorithms this key may verify. */
  readonly algorithms: readonly JwtAlgorithm[];
  /** The WebCrypto key for one of `algorithms` (imported once). */
  cryptoKey(algorithm: JwtAlgorithm): Promise<CryptoKey>;
}

/** The smallest HMAC secret accepted, in bytes (RFC 7518 §3.2: at least the hash size). */
export const MIN_SECRET_BYTES = 32;

/**
 * Builds a {@linkcode VerifyKey} whose WebCrypto key is imported (once per algorithm) by `load`.
 *
 * @param init The `kid`, the algorithms the key allows, and how to import it.
 * @returns The key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createVerifyKey } from "./jwt_keys.ts";
 *
 * let imports = 0;
 * const key = createVerifyKey({
 *   kid: "k1",
 *   algorithms: ["HS256"],
 *   load: () => {
 *     imports++;
 *     return crypto.subtle.importKey("raw", new Uint8Array(32), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
 *   },
 * });
 * await key.cryptoKey("HS256");
 * await key.cryptoKey("HS256");
 * assert.equal(imports, 1);
 * await assert.rejects(key.cryptoKey("HS512"), TypeError);
 * ```
 */
export function createVerifyKey(init: {
  kid: string | undefined;
  algorithms: JwtAlgorithm[];
  load: (algorithm: JwtAlgorithm) => Promise<CryptoKey>;
}): VerifyKey {
  const { kid, algorithms, load } = init;
  const cache = new Map<JwtAlgorithm, Promise<CryptoKey>>();
  return {
    kid,
    algorithms: Object.freeze(algorithms),
    cryptoKey(algorithm) {
      if (!algorithms.includes(algorithm)) {
        return Promise.reject(new TypeError(`Key does not allow algorithm '${algorithm}'`));
      }
      let key = cache.get(algorithm);
      if (key === undefined) cache.set(algorithm, key = load(algorithm));
      return key;
    },
  };
}

/**
 * An HMAC key (HS256, HS384, HS512) from a secret of at least 32 bytes.
 *
 * @param secret The secret: text (its UTF-8 bytes) or bytes.
 * @returns The key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { secretKey } from "./jwt_keys.ts";
 *
 * assert.deepEqual(secretKey("x".repeat(32)).algorithms, ["HS256", "HS384", "HS512"]);
 * assert.throws(() => secretKey("short"), RangeError);
 * ```
 */
export function secretKey(secret: string | Uint8Array): VerifyKey {
  const bytes = typeof secret === "string" ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError("Cannot use JWT secret: expected a string or a Uint8Array");
  }
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new RangeError(
      `Cannot use JWT secret: it has ${bytes.length} bytes, at least ${MIN_SECRET_BYTES} are needed`,
    );
  }
  const raw = new Uint8Array(bytes);
  return createVerifyKey({
    kid: undefined,
    algorithms: algorithmsFor("oct"),
    load: (algorithm) =>
      crypto.subtle.importKey("raw", raw, ALGORITHMS[algorithm].importParams, false, ["verify"]),
  });
}

/** A JSON Web Key as found in a JWKS. */
export type Jwk = JsonWebKey & { kid?: string; use?: string };

/**
 * A key from a public JWK. Its `alg` (when present) is the only algorithm allowed; otherwise
 * `kty`/`crv` decide. Throws a `TypeError` for symmetric (`oct`) keys, keys whose `use` is not
 * `sig` or whose `key_ops` lack `verify`, unknown algorithms and `alg`/`kty`/`crv` mismatches.
 *
 * @param jwk The key.
 * @returns The key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { jwkKey } from "./jwt_keys.ts";
 *
 * const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
 * const jwk = await crypto.subtle.exportKey("jwk", (pair as CryptoKeyPair).publicKey);
 * assert.deepEqual(jwkKey({ ...jwk, kid: "k1" }).algorithms, ["EdDSA"]);
 * assert.throws(() => jwkKey({ ...jwk, alg: "RS256" }), TypeError);
 * ```
 */
export function jwkKey(jwk: Jwk): VerifyKey {
  const kid = typeof jwk.kid === "string" ? jwk.kid : undefined;
  const fail = (why: string) => new TypeError(`Cannot use JWK${kid ? ` '${kid}'` : ""}: ${why}`);
  if (typeof jwk !== "object" || jwk === null) throw fail("expected an object");
  const family = jwk.kty;
  if (family === "oct") throw fail("symmetric keys are not accepted here, use a secret");
  if (family !== "RSA" && family !== "EC" && family !== "OKP") {
    throw fail(`unsupported key type '${String(family)}'`);
  }
  if (jwk.use !== undefined && jwk.use !== "sig") throw fail(`its use is '${jwk.use}', not 'sig'`);
  if (
    jwk.key_ops !== undefined && !(Array.isArray(jwk.key_ops) && jwk.key_ops.includes("verify"))
  ) {
    throw fail("its key_ops do not include 'verify'");
  }
  const allowed = algorithmsFor(family, typeof jwk.crv === "string" ? jwk.crv : undefined);
  let algorithms = allowed;
  if (jwk.alg !== undefined) {
    if (!isJwtAlgorithm(jwk.alg)) throw fail(`unsupported algorithm '${String(jwk.alg)}'`);
    if (!allowed.includes(jwk.alg)) {
      throw fail(`algorithm '${jwk.alg}' does not fit key type '${family}'${curveOf(jwk)}`);
    }
    algorithms = [jwk.alg];
  }
  if (algorithms.length === 0) throw fail(`unsupported curve '${String(jwk.crv)}'`);
  const material: JsonWebKey = family === "RSA"
    ? { kty: family, n: jwk.n, e: jwk.e }
    : family === "EC"
    ? { kty: family, crv: jwk.crv, x: jwk.x, y: jwk.y }
    : { kty: family, crv: jwk.crv, x: jwk.x };
  return createVerifyKey({
    kid,
    algorithms,
    load: (algorithm) =>
      crypto.subtle.importKey("jwk", material, ALGORITHMS[algorithm].importParams, false, [
        "verify",
      ]),
  });
}

function curveOf(jwk: Jwk): string {
  return jwk.crv === undefined ? "" : ` (curve '${jwk.crv}')`;
}
