/**
 * The user of a request nobody is authenticated for (re-exported by `context.ts`).
 *
 * @module
 */
import type { ApiFunctionsUser } from "../types.ts";

/**
 * Returns the user of an unauthenticated request (a fresh object each call).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { anonymousUser } from "./anonymous_user.ts";
 *
 * assert.deepEqual(anonymousUser().teams, ["anonymous"]);
 * assert.equal(anonymousUser().isAuthenticated, false);
 * ```
 */
export function anonymousUser(): ApiFunctionsUser {
  return {
    teams: ["anonymous"],
    claims: {},
    email: undefined,
    idpAccessToken: undefined,
    idpId: undefined,
    idpIdToken: undefined,
    isAuthenticated: false,
  };
}
