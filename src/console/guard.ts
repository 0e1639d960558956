/**
 * Who may use the console: loopback peers only, addressed by a loopback host name (a DNS
 * rebinding page cannot pass as one), with the secret's session cookie when one is set, and for
 * a mutation a same-origin request carrying the per-process token. Every answer carries a strict
 * Content-Security-Policy.
 *
 * @module
 */
import { HttpError } from "../http/errors.ts";
import { remoteAddress } from "../http/remote_addr.ts";

/** The header a mutation carries the per-process token in. */
export const TOKEN_HEADER = "x-apifn-console-token";
/** The cookie the session of a console with a secret lives in. */
export const SESSION_COOKIE = "apifn_console";

/** The headers of every console answer. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; " +
    "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; " +
    "base-uri 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-resource-policy": "same-origin",
  "cache-control": "no-store",
};

/**
 * Whether an address is a loopback address (127.0.0.0/8, ::1, or IPv4-mapped 127.x).
 *
 * @param hostname The peer's address.
 * @returns Whether it is loopback.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLoopback } from "./guard.ts";
 *
 * assert.equal(isLoopback("127.0.0.1"), true);
 * assert.equal(isLoopback("::ffff:127.0.0.2"), true);
 * assert.equal(isLoopback("192.168.1.4"), false);
 * ```
 */
export function isLoopback(hostname: string): boolean {
  const address = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (address === "::1" || address === "0:0:0:0:0:0:0:1") return true;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Whether the Host header names this machine (`localhost`, `*.localhost` or a loopback IP). */
function isLoopbackHost(host: string | null): boolean {
  if (host === null) return false;
  const name = host.replace(/:\d+$/, "").toLowerCase();
  return name === "localhost" || name.endsWith(".localhost") || isLoopback(name);
}

/**
 * Compares two strings in time that depends only on their lengths.
 *
 * @param a One string.
 * @param b The other.
 * @returns Whether they are equal.
 */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Reads one cookie of a request. */
export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * Refuses a request the console must not answer: 403 for a peer that is not loopback or a Host
 * that does not name this machine.
 *
 * @param request The request (its peer address recorded with `setRemoteAddress`).
 * @throws {HttpError} 403.
 */
export function checkPeer(request: Request): void {
  const peer = remoteAddress(request);
  if (peer === undefined || !isLoopback(peer.hostname)) {
    throw new HttpError(403, "The console answers only requests from this machine (loopback)");
  }
  if (!isLoopbackHost(request.headers.get("host") ?? new URL(request.url).host)) {
    throw new HttpError(403, "The console answers only on a loopback host name (localhost)");
  }
}

/**
 * Refuses a mutation that is not same-origin or lacks the per-process token (403).
 *
 * @param request The request.
 * @param token The console's token.
 * @param sent The token the request carries (default: its {@linkcode TOKEN_HEADER}).
 * @throws {HttpError} 403.
 */
export function checkMutation(
  request: Request,
  token: string,
  sent = request.headers.get(TOKEN_HEADER) ?? "",
): void {
  const origin = request.headers.get("origin");
  if (origin === null || origin !== new URL(request.url).origin) {
    throw new HttpError(403, "A console change must come from the console's own page (origin)");
  }
  if (!sameSecret(sent, token)) {
    throw new HttpError(403, `A console change needs the page's token (${TOKEN_HEADER})`);
  }
}

/**
 * Adds the console's security headers to a response.
 *
 * @param response The response.
 * @returns It, with the headers.
 */
export function secured(response: Response): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    response.headers.set(name, value);
  }
  return response;
}
