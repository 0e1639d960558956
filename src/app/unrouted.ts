/**
 * Answers to requests that match no function: 404, 400 (a bad escape), 405 + `Allow`, and the
 * automatic OPTIONS. A function folder's root `_middleware.ts` that exports
 * `config = { all: true }` runs for those under the folder's mount too, `next()` giving the
 * answer.
 *
 * @module
 */
import { endDeadline } from "../http/deadline.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import type { MatchResult } from "../routing/table.ts";
import type { Segment } from "../routing/segment.ts";
import type { RootMiddleware } from "./chains.ts";
import type { ReadyChain } from "./chain_run.ts";
import { awaitChain } from "./chain_wait.ts";
import type { FunctionRoute, HandleEnv } from "./handle_env.ts";
import { invoke } from "./invoke.ts";
import type { LoadClock } from "./load_wait.ts";
import { nextRequestId } from "./request_id.ts";

/** A match that found no function. */
export type Unrouted = Exclude<MatchResult<FunctionRoute>, { kind: "route" }>;

/** The request as routing saw it. */
interface Seen {
  pathname: string;
  url: URL | undefined;
  requestId: string | undefined;
}

function frameworkError(status: number, requestId: string, headers?: HeadersInit): Response {
  return errorResponse(new HttpError(status, undefined, headers ? { headers } : {}), {
    dev: false,
    requestId,
  });
}

/**
 * The answer to a request that matched no function, without middleware.
 *
 * @param match The match outcome.
 * @param request The request.
 * @param requestId Its id, when known (made only when the answer needs one).
 * @returns The 404, 400, 405 or 204 (OPTIONS).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { unrouted } from "./unrouted.ts";
 *
 * const answer = unrouted({ kind: "options", allow: "GET, HEAD, OPTIONS" }, new Request("http://x/"), "r1");
 * assert.equal(answer.status, 204);
 * assert.equal(answer.headers.get("allow"), "GET, HEAD, OPTIONS");
 * ```
 */
export function unrouted(
  match: Unrouted,
  request: Request,
  requestId: string | undefined,
): Response {
  switch (match.kind) {
    case "not-found":
      return frameworkError(404, requestId ?? nextRequestId(request));
    case "bad-request":
      return errorResponse(new HttpError(400, match.message), {
        dev: false,
        requestId: requestId ?? nextRequestId(request),
      });
    case "method-not-allowed":
      return frameworkError(405, requestId ?? nextRequestId(request), { allow: match.allow });
    case "options":
      return new Response(null, { status: 204, headers: { allow: match.allow } });
  }
}

/** Whether a raw pathname lies under a folder's (static) mount. */
function isUnder(pathname: string, mount: readonly Segment[]): boolean {
  const parts = pathname.split("/");
  return mount.every((segment, i) => {
    const part = parts[i + 1];
    if (part === undefined) return false;
    try {
      return decodeURIComponent(part) === (segment as { value?: string }).value;
    } catch {
      return false;
    }
  });
}

/**
 * The answer to a request that matched no function, through the root middleware of the
 * function folder it lies under when that one opts in with `config.all` (it is imported, under
 * the request's time limit, to learn that).
 *
 * @param match The match outcome.
 * @param request The request.
 * @param env The app's state.
 * @param seen The pathname, the URL when parsed, the request id when known.
 * @returns The answer (a promise when a middleware runs or has to be imported).
 */
export function answerUnrouted(
  match: Unrouted,
  request: Request,
  env: HandleEnv,
  seen: Seen,
): Response | Promise<Response> {
  const roots = env.roots;
  if (roots !== undefined) {
    const root = roots.find((candidate) => isUnder(seen.pathname, candidate.mount));
    if (root !== undefined) {
      const loaded = root.chain.modules[0]!.loaded;
      if (loaded === undefined || !loaded.ok || loaded.all) {
        return throughRoot(match, request, env, { root, seen });
      }
    }
  }
  return unrouted(match, request, seen.requestId);
}

async function throughRoot(
  match: Unrouted,
  request: Request,
  env: HandleEnv,
  { root, seen }: { root: RootMiddleware; seen: Seen },
): Promise<Response> {
  const clock: LoadClock = { ms: env.limits.timeoutMs, deadline: undefined };
  let id = seen.requestId;
  const getId = () => id ??= nextRequestId(request);
  try {
    const ready = root.chain.handlers !== undefined
      ? root.chain as ReadyChain
      : await awaitChain(root.chain, clock, env, getId);
    if (ready instanceof Response) return ready;
    const loaded = root.chain.modules[0]!.loaded;
    if (loaded === undefined || !loaded.ok || !loaded.all) return unrouted(match, request, id);
    const resolved = env.user(request);
    return await invoke(request, {
      env,
      pathname: seen.pathname,
      url: seen.url,
      params: {},
      relative: root.chain.modules[0]!.relative,
      requestId: id,
      user: resolved instanceof Promise ? await resolved : resolved,
      handler: () => unrouted(match, request, getId()),
      chain: ready,
      deadline: clock.deadline,
    });
  } finally {
    endDeadline(clock.deadline);
  }
}
