/**
 * Where the access rules meet the pipeline and the route table: the 401/403 decision for a
 * request, and the rule shown for each route by `apifn routes`.
 *
 * @module
 */

import { HttpError } from "../http/errors.ts";
import type { ApiFunctionsUser } from "../types.ts";
import type { AccessPolicy } from "./access.ts";

/** The access rule shown for a route. */
export interface RouteAccess {
  /** The key of the rule, as written. */
  rule: string;
  /** Team → allowed, as the rule says. */
  teams: Record<string, boolean>;
}

/**
 * The error for a request the rules deny — `HttpError(401)` for an anonymous user,
 * `HttpError(403)` for an authenticated one — or `undefined` when it may go on (allowed, or no
 * rule matches).
 *
 * @param policy The app's rules (`undefined`: none).
 * @param request The route's file (relative to the root), the raw pathname and the user.
 * @returns The error to answer with, or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessPolicy } from "./access.ts";
 * import { accessError } from "./guard.ts";
 * import { anonymousUser } from "../http/context.ts";
 *
 * const policy = compileAccessPolicy({ access: { "@api/admin/**": { admins: "read" } } });
 * const file = "@api/admin/users.get.ts";
 * const anonymous = anonymousUser();
 * assert.equal(accessError(policy, { file, pathname: "/api/admin/users", user: anonymous })?.status, 401);
 * const ada = { ...anonymous, teams: ["staff", "authenticated"], isAuthenticated: true };
 * assert.equal(accessError(policy, { file, pathname: "/api/admin/users", user: ada })?.status, 403);
 * ```
 */
export function accessError(
  policy: AccessPolicy | undefined,
  request: { file: string; pathname: string; user: ApiFunctionsUser },
): HttpError | undefined {
  if (policy === undefined) return undefined;
  const decision = policy.check(request.file, request.pathname, request.user);
  if (decision === undefined || decision.allowed) return undefined;
  return new HttpError(request.user.isAuthenticated ? 403 : 401);
}

/**
 * Adds to each route row the rule that applies to it: the most specific rule matching its file,
 * or its URL pattern read as a URL (`[id]` segments match `*`). Rules written for concrete URLs
 * (`/api/notes/1`) can still override it for those URLs. Rows without a rule are unchanged.
 *
 * @param policy The app's rules (`undefined`: none).
 * @param rows The route rows (`path`, `file`).
 * @returns The rows, with `access` where a rule applies.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { compileAccessPolicy } from "./access.ts";
 * import { withRouteAccess } from "./guard.ts";
 *
 * const policy = compileAccessPolicy({ access: { "/api/reports/*": { finance: "read" } } });
 * const [row] = withRouteAccess(policy, [
 *   { method: "GET", path: "/api/reports/[id]", file: "@api/reports/[id].get.ts" },
 * ]);
 * assert.deepEqual(row?.access, { rule: "/api/reports/*", teams: { finance: true } });
 * ```
 */
export function withRouteAccess<T extends { path: string; file: string }>(
  policy: AccessPolicy | undefined,
  rows: T[],
): (T & { access?: RouteAccess })[] {
  if (policy === undefined) return rows;
  return rows.map((row) => {
    const segments = row.path.split("/").filter((segment) => segment !== "");
    const rule = policy.ruleFor(row.file, () => segments);
    if (rule === undefined) return row;
    return { ...row, access: { rule: rule.pattern.key, teams: Object.fromEntries(rule.teams) } };
  });
}

/**
 * One line for a route's access, as `apifn routes` prints it: `open`, or the rule and the teams
 * it allows (`*` = every other team).
 *
 * @param access The route's access, if any.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatRouteAccess } from "./guard.ts";
 *
 * assert.equal(formatRouteAccess(undefined), "open");
 * assert.equal(
 *   formatRouteAccess({ rule: "@api/admin/**", teams: { admins: true, "*": false } }),
 *   "@api/admin/** → admins",
 * );
 * assert.equal(formatRouteAccess({ rule: "**", teams: { "*": false } }), "** → nobody");
 * ```
 */
export function formatRouteAccess(access: RouteAccess | undefined): string {
  if (access === undefined) return "open";
  const allowed = Object.entries(access.teams).filter(([, ok]) => ok).map(([team]) => team);
  return `${access.rule} → ${allowed.length === 0 ? "nobody" : allowed.join(", ")}`;
}
