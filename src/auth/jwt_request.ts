/**
 * The request side of JWT authentication: where the token is read from, and the user its
 * claims describe.
 *
 * @module
 */

import { parseCookies } from "../http/cookies.ts";
import type { ApiFunctionsUser } from "../types.ts";

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * The token of a request: the `Authorization: Bearer` credentials (scheme case-insensitive), else
 * the cookie named `options.cookie`, else `undefined`.
 *
 * @param request The request.
 * @param options `cookie`: the cookie to fall back to.
 * @returns The token, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { readToken } from "./jwt_request.ts";
 *
 * const request = new Request("http://x/", { headers: { cookie: "session=t1" } });
 * assert.equal(readToken(request, { cookie: "session" }), "t1");
 * assert.equal(readToken(request, {}), undefined);
 * const bearer = new Request("http://x/", { headers: { authorization: "bearer t2" } });
 * assert.equal(readToken(bearer, { cookie: "session" }), "t2");
 * ```
 */
export function readToken(
  request: Request,
  options: { cookie?: string | undefined },
): string | undefined {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = BEARER.exec(authorization);
    if (match) return match[1];
  }
  if (options.cookie === undefined) return undefined;
  const value = parseCookies(request.headers.get("cookie"))[options.cookie];
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The user described by verified claims: `email` and `teams` from their claims (teams: an array,
 * or a space-separated string), `claims` = the payload, `idpAccessToken` and `idpIdToken` = the
 * raw token (a verified identity token: it is what `email` and `teams` come from), `idpId` =
 * `iss`.
 *
 * @param payload The verified claims.
 * @param options The raw token and the claim names.
 * @returns The user, before normalisation.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { userFromClaims } from "./jwt_request.ts";
 *
 * const user = userFromClaims({ upn: "a@x", roles: "r1 r2", iss: "https://idp/" }, {
 *   token: "t",
 *   teamsClaim: "roles",
 *   emailClaim: "upn",
 * });
 * assert.deepEqual(user.teams, ["r1", "r2"]);
 * assert.equal(user.email, "a@x");
 * assert.equal(user.idpId, "https://idp/");
 * ```
 */
export function userFromClaims(
  payload: Record<string, unknown>,
  options: { token: string; teamsClaim: string; emailClaim: string },
): Partial<ApiFunctionsUser> {
  const email = payload[options.emailClaim];
  return {
    email: typeof email === "string" ? email : undefined,
    teams: teamsOf(payload[options.teamsClaim]),
    claims: payload,
    idpAccessToken: options.token,
    idpId: typeof payload.iss === "string" ? payload.iss : undefined,
    idpIdToken: options.token,
  };
}

function teamsOf(value: unknown): string[] {
  if (typeof value === "string") return value.split(/\s+/).filter((team) => team !== "");
  if (Array.isArray(value)) return value.filter((team): team is string => typeof team === "string");
  return [];
}
