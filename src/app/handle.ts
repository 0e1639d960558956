/**
 * One request through the house: route match → (404 | 400 | 405 | auto
 * OPTIONS) → user, access rules (401 | 403) → body limit, strict `json()` →
 * context → the function, under a time limit →
 * cookies, HEAD → one error-to-response path for anything thrown.
 *
 * @module
 */
import type { AccessPolicy } from "../auth/access.ts";
import { accessError } from "../auth/guard.ts";
import type { CookieSigner } from "../auth/signed_cookies.ts";
import { applyContextCookies, createContext } from "../http/context.ts";
import { nextRequestId } from "./request_id.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { limitRequestBody, withTimeout } from "../http/limits.ts";
import { copyRemoteAddress } from "../http/remote_addr.ts";
import type { Route, RouteTable } from "../routing/table.ts";
import type { ApiFunctionsConfig, ApiFunctionsUser, KvService } from "../types.ts";
import type { LoadedFunction } from "./modules.ts";

/** What a route carries: its file and its (lazily) loaded function. */
export interface FunctionRoute {
  /** Absolute path of the file. */
  file: string;
  /** Path relative to the project root, shown in messages. */
  relative: string;
  /** Loads (once) the function. */
  load(): Promise<LoadedFunction>;
}

/** Everything a request needs from the app. */
export interface HandleEnv {
  /** The route table in use. */
  table: RouteTable<FunctionRoute>;
  /** Development mode: detailed errors. */
  dev: boolean;
  /** Body size and time limits. */
  limits: { maxBodyBytes: number; timeoutMs: number };
  /** Access rules, checked before a function is loaded (`undefined`: every route is open). */
  access?: AccessPolicy | undefined;
  /** Signs and verifies cookies (`undefined`: no cookie secret). */
  cookieSigner?: CookieSigner | undefined;
  /** The strict `json()` put on each request handed to a function. */
  json?: ((this: Request) => Promise<unknown>) | undefined;
  /** The parsed project configuration. */
  config: ApiFunctionsConfig;
  /** Opens the app's store. */
  getKv: () => Promise<KvService>;
  /** Decides the user of a request. */
  user: (request: Request) => Promise<ApiFunctionsUser> | ApiFunctionsUser;
  /** Called when a file turns out not to be a function (production drops its route). */
  disable: (route: Route<FunctionRoute>, message: string) => RouteTable<FunctionRoute> | undefined;
  /** Logs an unexpected error. */
  logError: (message: string, error: unknown) => void;
}

const reported = new WeakSet<object>();

function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const name = (value as object).constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "a plain object";
  }
  return `a ${typeof value}`;
}

function frameworkError(status: number, requestId: string, headers?: HeadersInit): Response {
  return errorResponse(new HttpError(status, undefined, headers ? { headers } : {}), {
    dev: false,
    requestId,
  });
}

/**
 * Answers one request.
 *
 * @param request The request.
 * @param env The app's state.
 * @param requestId The request's id, when the caller has one; otherwise it is made (from a
 * safe `x-request-id`, else generated) only when a response or a log line needs it.
 * @returns The response.
 */
export async function handle(
  request: Request,
  env: HandleEnv,
  requestId?: string,
): Promise<Response> {
  let id = requestId;
  const getId = () => id ??= nextRequestId(request);
  const url = new URL(request.url);
  let table = env.table;
  let user: ApiFunctionsUser | undefined;
  for (;;) {
    const match = table.match(request.method, url.pathname);
    switch (match.kind) {
      case "not-found":
        return frameworkError(404, getId());
      case "bad-request":
        return errorResponse(new HttpError(400, match.message), { dev: false, requestId: getId() });
      case "method-not-allowed":
        return frameworkError(405, getId(), { allow: match.allow });
      case "options":
        return new Response(null, { status: 204, headers: { allow: match.allow } });
    }
    const route = match.route;
    // Access is decided before the function is imported or run.
    if (user === undefined) {
      const resolved = env.user(request);
      user = resolved instanceof Promise ? await resolved : resolved;
    }
    const denied = accessError(env.access, {
      file: route.data.relative,
      pathname: url.pathname,
      user,
    });
    if (denied !== undefined) return errorResponse(denied, { dev: false, requestId: getId() });
    const loaded = await route.data.load();
    if (!loaded.ok) {
      if (loaded.kind === "import-error") {
        // Each broken version of a file is reported once, not on every request.
        if (!reported.has(loaded)) {
          reported.add(loaded);
          env.logError(`${getId()} ${loaded.message}`, loaded.error);
        }
        return errorResponse(env.dev ? loaded.error : new Error(loaded.message), {
          dev: env.dev,
          requestId: getId(),
        });
      }
      const next = env.disable(route, loaded.message);
      if (!next || env.dev) {
        return errorResponse(new HttpError(500, loaded.message), {
          dev: env.dev,
          requestId: getId(),
        });
      }
      table = next;
      continue;
    }
    return await invoke(request, {
      env,
      url,
      params: match.params,
      route,
      requestId: getId,
      user,
      handler: loaded.handler,
    });
  }
}

async function invoke(
  request: Request,
  call: {
    env: HandleEnv;
    url: URL;
    params: Record<string, string | string[]>;
    route: Route<FunctionRoute>;
    requestId: () => string;
    user: ApiFunctionsUser;
    handler: (request: Request, context: never) => unknown;
  },
): Promise<Response> {
  const { env, requestId } = call;
  let limited: ReturnType<typeof limitRequestBody> | undefined;
  try {
    limited = limitRequestBody(request, env.limits.maxBodyBytes);
    copyRemoteAddress(request, limited.request);
    if (env.json !== undefined) limited.request.json = env.json;
    const context = createContext(limited.request, {
      params: call.params,
      user: call.user,
      config: env.config,
      getKv: env.getKv,
      url: call.url,
      signer: env.cookieSigner,
    });
    let running: Promise<unknown>;
    try {
      running = Promise.resolve(call.handler(limited.request, context as never));
    } catch (error) {
      running = Promise.reject(error); // a sync throw takes the same path as a rejection
    }
    const result = await withTimeout(running, env.limits.timeoutMs);
    if (limited.exceeded()) throw new HttpError(413);
    if (!(result instanceof Response)) {
      throw new Error(
        `Function '${call.route.data.relative}' returned ${describe(result)} instead of a Response`,
      );
    }
    const response = applyContextCookies(context, result);
    if (request.method === "HEAD" && response.body !== null) {
      await response.body.cancel();
      return new Response(null, response);
    }
    return response;
  } catch (error) {
    const failure = limited?.exceeded() ? new HttpError(413) : error;
    if (!(failure instanceof HttpError) || failure.status >= 500) {
      env.logError(`${requestId()} ${request.method} ${call.url.pathname} failed`, failure);
    }
    return errorResponse(failure, { dev: env.dev, requestId: requestId() });
  }
}
