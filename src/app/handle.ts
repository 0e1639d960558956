/**
 * One request through the house: route match → (404 | 400 | 405 | auto
 * OPTIONS, `unrouted.ts`) → user, access rules (401 | 403) → import (once; the
 * function and its `_middleware.ts` files) → the call (`invoke.ts`: body
 * limit, context, middlewares, time limit, cookies, HEAD, errors).
 *
 * @module
 */
import { accessError } from "../auth/guard.ts";
import { endDeadline } from "../http/deadline.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import type { MatchResult } from "../routing/table.ts";
import type { ApiFunctionsUser } from "../types.ts";
import { brokenFileResponse } from "./broken_file.ts";
import type { ReadyChain } from "./chain_run.ts";
import { awaitChain } from "./chain_wait.ts";
import type { FunctionRoute, HandleEnv } from "./handle_env.ts";
import { invoke } from "./invoke.ts";
import { type LoadClock, loadTimedOut, waitForLoad } from "./load_wait.ts";
import type { LoadedFunction } from "./modules.ts";
import { fastPathname } from "../http/pathname.ts";
import { nextRequestId } from "./request_id.ts";
import { answerUnrouted } from "./unrouted.ts";

/**
 * Answers one request. Synchronous (no promise at all) when the function is already imported,
 * the user is decided synchronously and the function itself answers synchronously; otherwise
 * the returned promise resolves to the response.
 *
 * @param request The request.
 * @param env The app's state.
 * @param requestId The request's id, when the caller has one; otherwise it is made (from a
 * safe `x-request-id`, else generated) only when a response or a log line needs it.
 * @returns The response.
 */
export function handle(
  request: Request,
  env: HandleEnv,
  requestId?: string,
): Response | Promise<Response> {
  // Routing needs only the path: a full URL is parsed only when the path is not plain.
  const href = request.url;
  let url: URL | undefined;
  const pathname = fastPathname(href) ?? (url = new URL(href)).pathname;
  const match = env.table.match(request.method, pathname);
  if (match.kind !== "route") {
    return answerUnrouted(match, request, env, { pathname, url, requestId });
  }
  const data = match.route.data;
  const loaded = data.loaded;
  // Not imported yet (the function or its middlewares), or not a function: the general path.
  if (
    loaded === undefined || !loaded.ok ||
    (data.chain !== undefined && data.chain.handlers === undefined)
  ) {
    return handleLoading(request, env, { pathname, url, requestId });
  }
  const resolved = env.user(request);
  if (resolved instanceof Promise) {
    return resolved.then((user) =>
      permitted(request, env, { pathname, url, match, requestId, user })
    );
  }
  return permitted(request, env, { pathname, url, match, requestId, user: resolved });
}

/** Access rules, then the call (the function is imported). */
function permitted(
  request: Request,
  env: HandleEnv,
  state: {
    pathname: string;
    url: URL | undefined;
    match: Extract<MatchResult<FunctionRoute>, { kind: "route" }>;
    requestId: string | undefined;
    user: ApiFunctionsUser;
  },
): Response | Promise<Response> {
  const { pathname, match, user } = state;
  const route = match.route;
  const denied = accessError(env.access, { file: route.data.relative, pathname, user });
  if (denied !== undefined) {
    return errorResponse(denied, {
      dev: false,
      requestId: state.requestId ?? nextRequestId(request),
    });
  }
  const loaded = route.data.loaded as Extract<LoadedFunction, { ok: true }>;
  return invoke(request, {
    env,
    pathname,
    url: state.url,
    params: match.params,
    relative: route.data.relative,
    requestId: state.requestId,
    user,
    handler: loaded.handler,
    chain: route.data.chain as ReadyChain | undefined,
    deadline: undefined,
  });
}

/** The general path: imports the function first (access is decided before), and handles files
 * that turn out not to be functions. The import counts against the request's time limit. */
async function handleLoading(
  request: Request,
  env: HandleEnv,
  state: { pathname: string; url: URL | undefined; requestId: string | undefined },
): Promise<Response> {
  const clock: LoadClock = { ms: env.limits.timeoutMs, deadline: undefined };
  try {
    return await loadAndInvoke(request, env, state, clock);
  } finally {
    endDeadline(clock.deadline);
  }
}

async function loadAndInvoke(
  request: Request,
  env: HandleEnv,
  state: { pathname: string; url: URL | undefined; requestId: string | undefined },
  clock: LoadClock,
): Promise<Response> {
  const { pathname, url } = state;
  let id = state.requestId;
  const getId = () => id ??= nextRequestId(request);
  let table = env.table;
  let user: ApiFunctionsUser | undefined;
  for (;;) {
    const match = table.match(request.method, pathname);
    if (match.kind !== "route") {
      return await answerUnrouted(match, request, env, { pathname, url, requestId: id });
    }
    const route = match.route;
    // Access is decided before the function is imported or run.
    if (user === undefined) {
      const resolved = env.user(request);
      user = resolved instanceof Promise ? await resolved : resolved;
    }
    const denied = accessError(env.access, { file: route.data.relative, pathname, user });
    if (denied !== undefined) return errorResponse(denied, { dev: false, requestId: getId() });
    let loaded = route.data.loaded;
    const chain = route.data.chain;
    // The middlewares import beside the function, under the same time limit.
    if (chain !== undefined && chain.handlers === undefined) chain.load();
    if (loaded === undefined) {
      const loading = route.data.load();
      const outcome = await waitForLoad(loading, clock);
      if (outcome instanceof HttpError) {
        const { error, first } = loadTimedOut(loading, route.data.relative, clock.ms);
        if (first) env.logError(`${getId()} ${error.message}`, undefined);
        return errorResponse(error, { dev: env.dev, requestId: getId() });
      }
      loaded = outcome;
    }
    if (!loaded.ok) {
      if (loaded.kind === "import-error") {
        return brokenFileResponse(loaded, env, getId());
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
    const ready = chain === undefined || chain.handlers !== undefined
      ? chain as ReadyChain | undefined
      : await awaitChain(chain, clock, env, getId);
    if (ready instanceof Response) return ready;
    // The call inherits the time limit its import started.
    return await invoke(request, {
      env,
      pathname,
      url,
      params: match.params,
      relative: route.data.relative,
      chain: ready,
      requestId: id,
      user,
      handler: loaded.handler,
      deadline: clock.deadline,
    });
  }
}
