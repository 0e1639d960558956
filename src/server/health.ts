/**
 * `GET /_apifn/health`: whether the server answers and its KV store reads. Off by default under
 * `serve` / `apifn start` (`health: true` / `--health`), on under `serveDev` / `apifn dev`. When
 * on, the endpoint wins over a user route that matches the path; startup warns about such routes.
 *
 * @module
 */
import type { App, RouteInfo } from "../app.ts";
import { nextRequestId } from "../app/request_id.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { checkStore } from "./store_check.ts";

/** The path of the health endpoint. */
export const HEALTH_PATH = "/_apifn/health";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
};

function isHealthUrl(url: string): boolean {
  // "scheme://host/_apifn/health", optionally with a query: no URL object on the hot path.
  const slash = url.indexOf("/", url.indexOf("//") + 2);
  if (slash < 0 || !url.startsWith(HEALTH_PATH, slash)) return false;
  const end = slash + HEALTH_PATH.length;
  return end === url.length || url[end] === "?" || (url[end] === "/" && end + 1 === url.length);
}

/**
 * Answers `GET` / `HEAD /_apifn/health` before `handler` sees the request: 200
 * `{"status":"ok","kv":"ok"}` when the store opens and reads a page, else 503
 * `{"status":"unavailable","kv":"unavailable"}` (in dev with the store's `error`).
 *
 * @param handler The server's handler.
 * @param app The app whose store is checked.
 * @param options `dev`: include the store's error message.
 * @returns The handler with the endpoint.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withHealth } from "./health.ts";
 *
 * const kv = { list: () => Promise.resolve({ items: [], total: 0, cursor: null }) };
 * const app = { getKv: () => Promise.resolve(kv) };
 * const handler = withHealth(() => new Response("app"), app as never, { dev: false });
 * const response = await handler(new Request("http://x/_apifn/health"), {} as never);
 * assert.deepEqual(await response.json(), { status: "ok", kv: "ok" });
 * assert.equal(await (await handler(new Request("http://x/api"), {} as never)).text(), "app");
 * ```
 */
export function withHealth<I>(
  handler: (request: Request, info: I) => Response | Promise<Response>,
  app: Pick<App, "getKv">,
  options: { dev: boolean },
): (request: Request, info: I) => Response | Promise<Response> {
  return function health(request, info) {
    if (!isHealthUrl(request.url)) return handler(request, info);
    return answer(request, app, options.dev);
  };
}

async function answer(request: Request, app: Pick<App, "getKv">, dev: boolean): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    const error = new HttpError(405, undefined, { headers: { allow: "GET, HEAD" } });
    return errorResponse(error, { dev, requestId: nextRequestId(request) });
  }
  const problem = await checkStore(() => app.getKv(), { timeoutMs: 5000 });
  const body = problem === undefined
    ? { status: "ok", kv: "ok" }
    : { status: "unavailable", kv: "unavailable", ...(dev ? { error: problem } : {}) };
  const text = request.method === "HEAD" ? null : JSON.stringify(body);
  return new Response(text, { status: problem === undefined ? 200 : 503, headers: JSON_HEADERS });
}

function matches(pattern: readonly string[], path: readonly string[]): boolean {
  const [head, ...rest] = pattern;
  if (head === undefined) return path.length === 0;
  // "[...x]" takes one or more segments, "[[...x]]" zero or more.
  const fewest = /^\[\[\.\.\./.test(head) ? 0 : /^\[\.\.\./.test(head) ? 1 : -1;
  if (fewest >= 0) {
    for (let taken = fewest; taken <= path.length; taken++) {
      if (matches(rest, path.slice(taken))) return true;
    }
    return false;
  }
  if (path.length === 0) return false;
  return (/^\[[^\]]+\]$/.test(head) || head === path[0]) && matches(rest, path.slice(1));
}

/**
 * The routes the health endpoint hides: those serving `GET` on `/_apifn/health`.
 *
 * @param routes The app's routes.
 * @returns The shadowed routes, for a startup warning.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { shadowedRoutes } from "./health.ts";
 *
 * const routes = [
 *   { method: "GET", path: "/api/notes", file: "@api/notes.get.ts" },
 *   { method: "*", path: "/[...all]", file: "all/[...all].ts" },
 * ];
 * assert.deepEqual(shadowedRoutes(routes).map((r) => r.file), ["all/[...all].ts"]);
 * ```
 */
export function shadowedRoutes(routes: readonly RouteInfo[]): RouteInfo[] {
  const path = HEALTH_PATH.split("/").slice(1);
  return routes.filter((route) =>
    (route.method === "GET" || route.method === "*") &&
    matches(route.path.split("/").filter((s) => s !== ""), path)
  );
}
