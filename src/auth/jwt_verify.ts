/**
 * Verifying a compact JWS token: shape, header, the pinned algorithm, the signature (WebCrypto)
 * and the registered claims `exp`, `nbf`, `iss` and `aud`.
 *
 * @module
 */

import { decodeBase64Url } from "./base64url.ts";
import { ALGORITHMS, isJwtAlgorithm, type JwtAlgorithm } from "./jwt_algorithms.ts";
import type { VerifyKey } from "./jwt_keys.ts";

/** Claim checks of {@linkcode verifyJwt}. */
export interface ClaimChecks {
  /** Accepted `iss` values (any, when absent). */
  issuer?: string | readonly string[];
  /** Accepted audiences: the token's `aud` (string or array) must contain one (any, when absent). */
  audience?: string | readonly string[];
  /** Tolerated clock difference for `exp` and `nbf`, in seconds (default 30). */
  clockSkewSeconds?: number;
  /** The clock, in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Narrows the algorithms further (default: every algorithm the key allows). */
  algorithms?: readonly JwtAlgorithm[];
}

/** A verified token. */
export interface VerifiedJwt {
  /** The protected header. */
  header: Record<string, unknown>;
  /** The claims. */
  payload: Record<string, unknown>;
}

/** Finds the candidate keys for a token's `kid` (undefined when the token names none). */
export type KeyLookup = (kid: string | undefined) => Promise<readonly VerifyKey[]>;

/** The longest token accepted, in characters. */
export const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_CANDIDATES = 10;
const encoder = new TextEncoder();

function fail(reason: string): Error {
  return new Error(`Invalid JWT: ${reason}`);
}

function decodeJson(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(decodeBase64Url(part)));
  } catch {
    throw fail(`the ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw fail(`the ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

/**
 * Verifies a compact JWS and returns its header and claims; rejects with an `Error` whose message
 * says why (`Invalid JWT: …`). The header's `alg` must be one the key allows (and one of
 * `checks.algorithms` when given); `none` and unknown algorithms are refused, and so are
 * headers with `crit`. `exp` and `nbf`, when present, must be numbers and hold (with the clock
 * skew); `iss` and `aud` are required when `checks` names them.
 *
 * @param token The token.
 * @param keys Finds the candidate keys by `kid`.
 * @param checks Claim checks and the clock.
 * @returns The verified header and payload.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeBase64Url } from "./base64url.ts";
 * import { secretKey } from "./jwt_keys.ts";
 * import { verifyJwt } from "./jwt_verify.ts";
 *
 * const secret = "a-secret-of-at-least-32-bytes!!!";
 * const part = (value: object) => encodeBase64Url(new TextEncoder().encode(JSON.stringify(value)));
 * const input = `${part({ alg: "HS256" })}.${part({ sub: "ada", exp: 2_000_000_000 })}`;
 * const hmac = await crypto.subtle.importKey(
 *   "raw",
 *   new TextEncoder().encode(secret),
 *   { name: "HMAC", hash: "SHA-256" },
 *   false,
 *   ["sign"],
 * );
 * const signature = await crypto.subtle.sign("HMAC", hmac, new TextEncoder().encode(input));
 * const token = `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
 * const key = secretKey(secret);
 * const { payload } = await verifyJwt(token, () => Promise.resolve([key]), {
 *   now: () => 1_900_000_000_000,
 * });
 * assert.equal(payload.sub, "ada");
 * await assert.rejects(
 *   verifyJwt(token, () => Promise.resolve([key]), { now: () => 2_100_000_000_000 }),
 *   /expired/,
 * );
 * ```
 */
export async function verifyJwt(
  token: string,
  keys: KeyLookup,
  checks: ClaimChecks = {},
): Promise<VerifiedJwt> {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    throw fail(`longer than ${MAX_TOKEN_LENGTH} characters`);
  }
  const parts = token.split(".");
  if (parts.length !== 3) throw fail("expected three dot-separated parts");
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart, "header");
  const alg = header.alg;
  if (!isJwtAlgorithm(alg)) throw fail(`algorithm '${String(alg)}' is not accepted`);
  if (checks.algorithms !== undefined && !checks.algorithms.includes(alg)) {
    throw fail(`algorithm '${alg}' is not accepted`);
  }
  if (header.crit !== undefined) throw fail("critical header parameters are not supported");
  const kid = header.kid === undefined ? undefined : header.kid;
  if (kid !== undefined && typeof kid !== "string") throw fail("'kid' is not a string");
  let signature: Uint8Array<ArrayBuffer>;
  try {
    signature = decodeBase64Url(signaturePart);
  } catch {
    throw fail("the signature is not base64url");
  }
  const spec = ALGORITHMS[alg];
  if (spec.signatureBytes !== undefined && signature.length !== spec.signatureBytes) {
    throw fail(
      `the signature has ${signature.length} bytes, '${alg}' needs ${spec.signatureBytes}`,
    );
  }
  const candidates = (await keys(kid)).filter((key) => key.algorithms.includes(alg));
  if (candidates.length === 0) {
    throw fail(`no key${kid === undefined ? "" : ` with kid '${kid}'`} accepts '${alg}'`);
  }
  const data = encoder.encode(`${headerPart}.${payloadPart}`);
  let verified = false;
  for (const key of candidates.slice(0, MAX_CANDIDATES)) {
    const cryptoKey = await key.cryptoKey(alg);
    if (await crypto.subtle.verify(spec.verifyParams, cryptoKey, signature, data)) {
      verified = true;
      break;
    }
  }
  if (!verified) throw fail("the signature does not verify");
  const payload = decodeJson(payloadPart, "payload");
  checkClaims(payload, checks);
  return { header, payload };
}

function checkClaims(payload: Record<string, unknown>, checks: ClaimChecks): void {
  const now = (checks.now ?? Date.now)() / 1000;
  const skew = checks.clockSkewSeconds ?? 30;
  const { exp, nbf } = payload;
  if (exp !== undefined) {
    if (typeof exp !== "number" || !Number.isFinite(exp)) throw fail("'exp' is not a number");
    if (now - skew >= exp) throw fail(`expired at ${isoTime(exp)}`);
  }
  if (nbf !== undefined) {
    if (typeof nbf !== "number" || !Number.isFinite(nbf)) throw fail("'nbf' is not a number");
    if (now + skew < nbf) throw fail(`not valid before ${isoTime(nbf)}`);
  }
  if (checks.issuer !== undefined) {
    const accepted = typeof checks.issuer === "string" ? [checks.issuer] : checks.issuer;
    if (typeof payload.iss !== "string" || !accepted.includes(payload.iss)) {
      throw fail(`issuer '${String(payload.iss)}' is not accepted`);
    }
  }
  if (checks.audience !== undefined) {
    const accepted = typeof checks.audience === "string" ? [checks.audience] : checks.audience;
    const aud = payload.aud;
    const given = typeof aud === "string" ? [aud] : Array.isArray(aud) ? aud : [];
    if (!given.some((value) => typeof value === "string" && accepted.includes(value))) {
      throw fail(`audience '${JSON.stringify(aud) ?? "undefined"}' is not accepted`);
    }
  }
}

function isoTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}
