/**
 * The JWS algorithms apifn verifies, and which ones a key allows. A key pins its algorithms:
 * an HMAC secret only ever verifies HS*, an RSA key RS* and PS*, an EC key the ES* of its curve,
 * an Ed25519 key EdDSA; `none` is never accepted.
 *
 * @module
 */

/** A JWS algorithm apifn can verify. */
export type JwtAlgorithm =
  | "HS256"
  | "HS384"
  | "HS512"
  | "RS256"
  | "RS384"
  | "RS512"
  | "PS256"
  | "PS384"
  | "PS512"
  | "ES256"
  | "ES384"
  | "EdDSA";

/** The key family of an algorithm: `oct` (HMAC secret), `RSA`, `EC` or `OKP`. */
export type KeyFamily = "oct" | "RSA" | "EC" | "OKP";

/** How WebCrypto imports a key for an algorithm and verifies with it. */
export interface AlgorithmSpec {
  /** The key family. */
  family: KeyFamily;
  /** The curve, for EC and OKP keys. */
  curve?: string;
  /** Parameters of `crypto.subtle.importKey`. */
  importParams: RsaHashedImportParams | EcKeyImportParams | HmacImportParams | Algorithm;
  /** Parameters of `crypto.subtle.verify`. */
  verifyParams: AlgorithmIdentifier | RsaPssParams | EcdsaParams;
  /** The exact signature length in bytes, when fixed (ECDSA, EdDSA). */
  signatureBytes?: number;
}

function hmac(hash: string): AlgorithmSpec {
  return {
    family: "oct",
    importParams: { name: "HMAC", hash },
    verifyParams: { name: "HMAC" },
  };
}

function rsa(hash: string): AlgorithmSpec {
  return {
    family: "RSA",
    importParams: { name: "RSASSA-PKCS1-v1_5", hash },
    verifyParams: { name: "RSASSA-PKCS1-v1_5" },
  };
}

function pss(hash: string, saltLength: number): AlgorithmSpec {
  return {
    family: "RSA",
    importParams: { name: "RSA-PSS", hash },
    verifyParams: { name: "RSA-PSS", saltLength },
  };
}

function ecdsa(curve: string, hash: string, signatureBytes: number): AlgorithmSpec {
  return {
    family: "EC",
    curve,
    importParams: { name: "ECDSA", namedCurve: curve },
    verifyParams: { name: "ECDSA", hash },
    signatureBytes,
  };
}

/**
 * Every supported algorithm with its WebCrypto parameters.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { ALGORITHMS } from "./jwt_algorithms.ts";
 *
 * assert.equal(ALGORITHMS.ES256.curve, "P-256");
 * assert.equal(Object.hasOwn(ALGORITHMS, "none"), false);
 * ```
 */
export const ALGORITHMS: Readonly<Record<JwtAlgorithm, AlgorithmSpec>> = Object.freeze({
  HS256: hmac("SHA-256"),
  HS384: hmac("SHA-384"),
  HS512: hmac("SHA-512"),
  RS256: rsa("SHA-256"),
  RS384: rsa("SHA-384"),
  RS512: rsa("SHA-512"),
  PS256: pss("SHA-256", 32),
  PS384: pss("SHA-384", 48),
  PS512: pss("SHA-512", 64),
  ES256: ecdsa("P-256", "SHA-256", 64),
  ES384: ecdsa("P-384", "SHA-384", 96),
  EdDSA: {
    family: "OKP",
    curve: "Ed25519",
    importParams: { name: "Ed25519" },
    verifyParams: { name: "Ed25519" },
    signatureBytes: 64,
  },
});

/**
 * Whether `name` is a supported algorithm (`none` and unknown names are not).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isJwtAlgorithm } from "./jwt_algorithms.ts";
 *
 * assert.equal(isJwtAlgorithm("RS256"), true);
 * assert.equal(isJwtAlgorithm("none"), false);
 * assert.equal(isJwtAlgorithm("toString"), false);
 * ```
 */
export function isJwtAlgorithm(name: unknown): name is JwtAlgorithm {
  return typeof name === "string" && Object.hasOwn(ALGORITHMS, name);
}

/**
 * The algorithms a key of a family (and curve) may verify.
 *
 * @param family The key family.
 * @param curve The curve (`P-256`, `P-384`, `Ed25519`) for EC and OKP keys.
 * @returns The algorithms, empty for an unsupported curve.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { algorithmsFor } from "./jwt_algorithms.ts";
 *
 * assert.deepEqual(algorithmsFor("EC", "P-384"), ["ES384"]);
 * assert.deepEqual(algorithmsFor("oct"), ["HS256", "HS384", "HS512"]);
 * ```
 */
export function algorithmsFor(family: KeyFamily, curve?: string): JwtAlgorithm[] {
  return (Object.keys(ALGORITHMS) as JwtAlgorithm[]).filter((name) => {
    const spec = ALGORITHMS[name];
    return spec.family === family && (spec.curve === undefined || spec.curve === curve);
  });
}
