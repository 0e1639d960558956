/**
 * `/_apifn/…` belongs to apifn while the console is on: no user route may serve a path there.
 * Files and folders whose name starts with `_` are never routes, so only a configured function
 * folder named `_apifn` (folders mount at their own path, taken literally) can put one there.
 *
 * @module
 */
import type { RouteInfo } from "../app/routes.ts";

/**
 * The error naming every route under `/_apifn/`, or `undefined` when there is none.
 *
 * @param routes The app's routes.
 * @returns The error.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { reservedRouteError } from "./reserved.ts";
 *
 * const routes = [{ method: "GET", path: "/_apifn/stats", file: "_apifn/stats.get.ts" }];
 * assert.match(reservedRouteError(routes)!.message, /'_apifn\/stats\.get\.ts'/);
 * assert.equal(reservedRouteError([{ method: "GET", path: "/api/a", file: "@api/a.ts" }]), undefined);
 * ```
 */
export function reservedRouteError(routes: readonly RouteInfo[]): Error | undefined {
  const taken = routes.filter((route) =>
    route.path === "/_apifn" || route.path.startsWith("/_apifn/")
  );
  if (taken.length === 0) return undefined;
  const lines = taken.map((route) => `  ${route.method} ${route.path} ('${route.file}')`);
  return new Error(
    [
      `Cannot serve the console: ${taken.length} route${taken.length === 1 ? "" : "s"} under ` +
      "/_apifn/, which apifn keeps for itself (rename the function folder)",
      ...lines,
    ].join("\n"),
  );
}
