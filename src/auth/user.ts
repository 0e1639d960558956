/**
 * Turning whatever `authenticate` returns into a well-formed `context.user`, and calling it so
 * that a failure can only ever make the request anonymous.
 *
 * @module
 */

import { anonymousUser } from "../http/context.ts";
import type { ApiFunctionsUser } from "../types.ts";

export { anonymousUser };

/** What an `authenticate` function may return (or resolve to). */
export type AuthenticateResult = Partial<ApiFunctionsUser> | null | undefined;

/** An `authenticate` function: decides the user of a request (`null`: anonymous). */
export type AuthenticateFunction = (
  request: Request,
) => Promise<AuthenticateResult> | AuthenticateResult;

/** Team names an authenticated user can never be given: they mean something else in rules. */
const RESERVED = new Set(["anonymous", "*", ""]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/**
 * Normalises an `authenticate` result. `null`, `undefined`, a non-object or an object with
 * `isAuthenticated: false` → the anonymous user `{ teams: ["anonymous"], claims: {},
 * isAuthenticated: false }`. Otherwise an authenticated user built only from the known fields,
 * each kept only with the right type: `email`, `idpAccessToken`, `idpId`, `idpIdToken`
 * (strings), `claims` (a plain object, copied; else `{}`), `teams` (the strings among them,
 * deduplicated, without `anonymous`, `*` and `""`, plus `authenticated`).
 *
 * @param user What `authenticate` returned.
 * @returns The user handlers see.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { normalizeUser } from "./user.ts";
 *
 * const user = normalizeUser({
 *   email: "ada@example.com",
 *   teams: ["admins", "admins", 42, "anonymous"],
 *   isAdmin: true,
 * } as never);
 * assert.deepEqual(user.teams, ["admins", "authenticated"]);
 * assert.equal(user.isAuthenticated, true);
 * assert.equal("isAdmin" in user, false);
 * assert.deepEqual(normalizeUser(null).teams, ["anonymous"]);
 * ```
 */
export function normalizeUser(user: unknown): ApiFunctionsUser {
  if (typeof user !== "object" || user === null || Array.isArray(user)) return anonymousUser();
  const given = user as Record<string, unknown>;
  if (given.isAuthenticated === false) return anonymousUser();
  const teams: string[] = [];
  if (Array.isArray(given.teams)) {
    for (const team of given.teams) {
      if (typeof team === "string" && !RESERVED.has(team) && !teams.includes(team)) {
        teams.push(team);
      }
    }
  }
  if (!teams.includes("authenticated")) teams.push("authenticated");
  return {
    teams,
    claims: isPlainObject(given.claims) ? { ...given.claims } : {},
    email: stringOrUndefined(given.email),
    idpAccessToken: stringOrUndefined(given.idpAccessToken),
    idpId: stringOrUndefined(given.idpId),
    idpIdToken: stringOrUndefined(given.idpIdToken),
    isAuthenticated: true,
  };
}

/** Options of {@linkcode createUserResolver}. */
export interface UserResolverOptions {
  /** Development mode: log why `authenticate` failed. */
  dev: boolean;
  /** Where the dev-mode reason goes. */
  warn: (message: string) => void;
}

/**
 * Wraps `authenticate` into the function the pipeline calls for each request: its result is
 * normalised with {@linkcode normalizeUser}; when it throws or rejects, the request is anonymous
 * (never a 500) and, in dev mode only, the reason is logged. Without `authenticate`, every
 * request is anonymous.
 *
 * @param authenticate The app's `authenticate`, if any.
 * @param options Dev mode and the logger.
 * @returns The resolver.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { createUserResolver } from "./user.ts";
 *
 * const logged: string[] = [];
 * const resolve = createUserResolver(() => {
 *   throw new Error("token expired");
 * }, { dev: true, warn: (message) => logged.push(message) });
 * const user = await resolve(new Request("http://x/"));
 * assert.equal(user.isAuthenticated, false);
 * assert.match(logged[0]!, /token expired/);
 * ```
 */
export function createUserResolver(
  authenticate: AuthenticateFunction | undefined,
  options: UserResolverOptions,
): (request: Request) => Promise<ApiFunctionsUser> | ApiFunctionsUser {
  if (authenticate === undefined) return anonymousUser;
  const report = (error: unknown) => {
    if (!options.dev) return;
    let reason: string;
    try {
      reason = error instanceof Error ? error.message : String(error);
    } catch {
      reason = "(a value that cannot be shown)";
    }
    options.warn(`authenticate failed, the request is anonymous: ${reason}`);
  };
  return async (request) => {
    try {
      return normalizeUser(await authenticate(request));
    } catch (error) {
      report(error);
      return anonymousUser();
    }
  };
}
