/**
 * Public keys given as PEM (`PUBLIC KEY`, SPKI) or as a WebCrypto `CryptoKey`, turned into
 * {@linkcode VerifyKey}s that allow only the algorithms of their key type.
 *
 * @module
 */

import { decodeBase64Url } from "./base64url.ts";
import { ALGORITHMS, algorithmsFor, type JwtAlgorithm } from "./jwt_algorithms.ts";
import { createVerifyKey, type VerifyKey } from "./jwt_keys.ts";

const PEM = /^-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----$/;
const PROBES: JwtAlgorithm[] = ["RS256", "ES256", "ES384", "EdDSA"];

/**
 * A key from a PEM `PUBLIC KEY` (SPKI): RSA (RS*, PS*), EC P-256 (ES256), EC P-384 (ES384) or
 * Ed25519 (EdDSA). Rejects with a `TypeError` for anything else (certificates, PKCS#1
 * `RSA PUBLIC KEY`, private keys, other curves).
 *
 * @param pem The PEM text.
 * @returns The key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pemKey } from "./jwt_public_keys.ts";
 *
 * const pair = await crypto.subtle.generateKey(
 *   { name: "ECDSA", namedCurve: "P-384" },
 *   true,
 *   ["sign", "verify"],
 * ) as CryptoKeyPair;
 * const der = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
 * const pem = `-----BEGIN PUBLIC KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PUBLIC KEY-----`;
 * assert.deepEqual((await pemKey(pem)).algorithms, ["ES384"]);
 * ```
 */
export async function pemKey(pem: string): Promise<VerifyKey> {
  const match = typeof pem === "string" ? PEM.exec(pem.trim()) : null;
  if (match === null) {
    throw new TypeError(
      "Cannot use public key: expected a PEM 'PUBLIC KEY' block (SPKI), a JWK or a CryptoKey",
    );
  }
  const base64 = match[1]!.replace(/\s+/g, "");
  let der: Uint8Array<ArrayBuffer>;
  try {
    der = decodeBase64Url(base64.replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_"));
  } catch {
    throw new TypeError("Cannot use public key: the PEM body is not valid base64");
  }
  for (const probe of PROBES) {
    try {
      await crypto.subtle.importKey("spki", der, ALGORITHMS[probe].importParams, false, ["verify"]);
    } catch {
      continue;
    }
    const spec = ALGORITHMS[probe];
    return createVerifyKey({
      kid: undefined,
      algorithms: algorithmsFor(spec.family, spec.curve),
      load: (algorithm) =>
        crypto.subtle.importKey("spki", der, ALGORITHMS[algorithm].importParams, false, [
          "verify",
        ]),
    });
  }
  throw new TypeError(
    "Cannot use public key: not an RSA, EC P-256, EC P-384 or Ed25519 public key",
  );
}

/**
 * A key from a WebCrypto public key; its algorithm (and hash or curve) decides the one JWS
 * algorithm allowed. Throws a `TypeError` for HMAC, private and unsupported keys.
 *
 * @param key The key.
 * @returns The key.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { cryptoKeyKey } from "./jwt_public_keys.ts";
 *
 * const pair = await crypto.subtle.generateKey(
 *   { name: "ECDSA", namedCurve: "P-256" },
 *   false,
 *   ["sign", "verify"],
 * ) as CryptoKeyPair;
 * assert.deepEqual(cryptoKeyKey(pair.publicKey).algorithms, ["ES256"]);
 * ```
 */
export function cryptoKeyKey(key: CryptoKey): VerifyKey {
  if (!(key instanceof CryptoKey) || key.type !== "public") {
    throw new TypeError("Cannot use public key: expected a public CryptoKey");
  }
  const algorithm = key.algorithm as { name: string; hash?: { name: string }; namedCurve?: string };
  const found = (Object.keys(ALGORITHMS) as JwtAlgorithm[]).find((name) => {
    const params = ALGORITHMS[name].importParams as {
      name: string;
      hash?: string;
      namedCurve?: string;
    };
    return params.name === algorithm.name && params.name !== "HMAC" &&
      (params.hash === undefined || params.hash === algorithm.hash?.name) &&
      (params.namedCurve === undefined || params.namedCurve === algorithm.namedCurve);
  });
  if (found === undefined) {
    throw new TypeError(`Cannot use public key: unsupported algorithm '${algorithm.name}'`);
  }
  return createVerifyKey({ kid: undefined, algorithms: [found], load: () => Promise.resolve(key) });
}
