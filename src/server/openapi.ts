/**
 * The OpenAPI endpoints: `GET /_apifn/openapi.json` (the document, built from the routes the app
 * serves at that moment, or the project's first API description when `redocly.yaml` lists one), `GET /_apifn/docs` (a Redoc reference page for it) and
 * `GET /_apifn/redoc.standalone.js` (Redoc's bundle, served from the npm package: no CDN). On
 * under `serveDev` / `apifn dev`, off under `serve` / `apifn start` unless `openapi: true` /
 * `--openapi`. When on, they win over user routes on those paths.
 *
 * @module
 */
import type { App, AppOptions } from "../app/options.ts";
import { manifestSource } from "../app/manifest.ts";
import { createVersionedLoader, denoLoader, type ModuleLoader } from "../app/modules.ts";
import { nextRequestId } from "../app/request_id.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { buildOpenApiDocument } from "../openapi/document.ts";
import { DOCS_CSP, renderDocsPage } from "../openapi/docs_page.ts";
import { readInfo } from "../openapi/info.ts";
import { readRedocBundle } from "../openapi/redoc_bundle.ts";

/** The paths the endpoints answer. */
export const OPENAPI_PATHS = {
  document: "/_apifn/openapi.json",
  docs: "/_apifn/docs",
  bundle: "/_apifn/redoc.standalone.js",
} as const;

const PREFIX = "/_apifn/";
const PAGES = new Set<string>(Object.values(OPENAPI_PATHS));

/** What the endpoints need: the project, its routes, and how its files are imported. */
export interface OpenApiEndpointsSource {
  /** The app (its routes, and its API description if any, are read on each request). */
  app: Pick<App, "routes" | "contract">;
  /** The project root (absolute). */
  root: string;
  /** Imports a function file (the app's loader). */
  load: ModuleLoader;
  /** Error details in responses. */
  dev: boolean;
  /** Receives problems found while building the document (each once). */
  warn(message: string): void;
}

/**
 * Answers the OpenAPI paths before `handler` sees the request.
 *
 * @param handler The server's handler.
 * @param source The app and project.
 * @returns The handler with the endpoints.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { withOpenApi } from "./openapi.ts";
 *
 * const handler = withOpenApi(() => new Response("app"), {
 *   app: { routes: [] },
 *   root: "/p",
 *   load: () => Promise.resolve({}),
 *   dev: true,
 *   warn: () => {},
 * });
 * const response = await handler(new Request("http://x/_apifn/docs"), undefined);
 * assert.equal(response.headers.get("content-type"), "text/html; charset=utf-8");
 * assert.equal(await (await handler(new Request("http://x/api"), undefined)).text(), "app");
 * ```
 */
export function withOpenApi<I>(
  handler: (request: Request, info: I) => Response | Promise<Response>,
  source: OpenApiEndpointsSource,
): (request: Request, info: I) => Response | Promise<Response> {
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (!warned.has(message)) source.warn(message);
    warned.add(message);
  };
  return function openapi(request, info) {
    // "scheme://host/_apifn/…": no URL object for other requests.
    const url = request.url;
    const slash = url.indexOf("/", url.indexOf("//") + 2);
    if (slash < 0 || !url.startsWith(PREFIX, slash)) return handler(request, info);
    const path = new URL(url).pathname;
    if (!PAGES.has(path)) return handler(request, info);
    return answer(request, path, { ...source, warn }).catch((error) =>
      errorResponse(error, { dev: source.dev, requestId: nextRequestId(request) })
    );
  };
}

async function answer(
  request: Request,
  path: string,
  source: OpenApiEndpointsSource,
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    throw new HttpError(405, undefined, { headers: { allow: "GET, HEAD" } });
  }
  let body: string;
  const headers: Record<string, string> = { "x-content-type-options": "nosniff" };
  if (path === OPENAPI_PATHS.bundle) {
    body = await readRedocBundle();
    headers["content-type"] = "text/javascript; charset=utf-8";
    headers["cache-control"] = "public, max-age=3600";
  } else if (path === OPENAPI_PATHS.docs) {
    const { title } = await readInfo(source.root);
    body = renderDocsPage({ title, document: "openapi.json", bundle: "redoc.standalone.js" });
    headers["content-type"] = "text/html; charset=utf-8";
    headers["content-security-policy"] = DOCS_CSP;
    headers["referrer-policy"] = "no-referrer";
    headers["cache-control"] = "no-store";
  } else {
    // The project's own description, when it has one, is the document (every $ref inlined).
    const document = source.app.contract?.document ?? await buildOpenApiDocument({
      root: source.root,
      routes: source.app.routes,
      load: source.load,
      warn: source.warn,
    });
    body = JSON.stringify(document, null, 2);
    headers["content-type"] = "application/json; charset=utf-8";
    headers["cache-control"] = "no-store";
  }
  return new Response(request.method === "HEAD" ? null : body, { headers });
}

/**
 * Imports function files the way the app does: from the manifest or the test file system when
 * there is one, with dev mode's versioned imports (an edited file is seen), else plainly (the
 * module the app imported is the one read).
 *
 * @param options The app's options.
 * @param root The project root (absolute).
 * @returns The loader.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { denoLoader } from "../app/modules.ts";
 * import { openApiLoader } from "./openapi.ts";
 *
 * assert.equal(openApiLoader({ dev: false }, "/p"), denoLoader);
 * ```
 */
export function openApiLoader(
  options: Pick<AppOptions, "dev" | "manifest" | "fs">,
  root: string,
): ModuleLoader {
  if (options.manifest) return manifestSource(options.manifest, root).fs.load;
  return options.fs?.load ?? (options.dev ? createVersionedLoader() : denoLoader);
}

/**
 * Validates the `openapi` option.
 *
 * @param value The option's value (`undefined`: `fallback`).
 * @param fallback The mode's default (`serve`: off, `serveDev`: on).
 * @returns Whether the endpoints are served.
 * @throws {TypeError} When it is not a boolean.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveOpenApi } from "./openapi.ts";
 *
 * assert.equal(resolveOpenApi(undefined, true), true);
 * assert.throws(() => resolveOpenApi("yes", false), TypeError);
 * ```
 */
export function resolveOpenApi(value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot use openapi '${String(value)}': expected true or false`);
  }
  return value;
}
