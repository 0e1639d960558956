/**
 * Calling a function: body limit, strict `json()`, context, the call under a
 * time limit, then what it returned (a Response, the context's cookies, HEAD),
 * with one error-to-response path for anything thrown.
 *
 * Synchronous end to end when the function is: a function that returns a
 * Response (not a promise) is answered without creating a single promise, and
 * an async one costs one promise around its own.
 *
 * @module
 */
import { abortContext, applyContextCookies, builtBody, createContext } from "../http/context.ts";
import { type Deadline, endDeadline, redirectDeadline, startDeadline } from "../http/deadline.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { type LimitedRequest, limitRequestBody } from "../http/limits.ts";
import { copyRemoteAddress } from "../http/remote_addr.ts";
import { knownSize, limitUnknownSize, tooLargeResponse } from "../http/response_limit.ts";
import type { ApiFunctionsContext, ApiFunctionsUser } from "../types.ts";
import { describeValue, type ReadyChain, runChain } from "./chain_run.ts";
import type { HandleEnv } from "./handle_env.ts";
import { nextRequestId } from "./request_id.ts";

/** One call of a matched, loaded and permitted function. */
export interface Call {
  /** The app's state. */
  env: HandleEnv;
  /** The request's pathname. */
  pathname: string;
  /** The parsed request URL, when routing needed it (the context parses it on demand). */
  url?: URL | undefined;
  /** Path parameters. */
  params: Record<string, string | string[]>;
  /** The function's file, relative to the project root (named in messages). */
  relative: string;
  /** The request id given by the caller (otherwise made when a response needs one). */
  requestId: string | undefined;
  /** The user of the request. */
  user: ApiFunctionsUser;
  /** The function. */
  handler: (request: Request, context: never) => unknown;
  /** The middlewares that run around it (`undefined`: none, the function is called directly). */
  chain: ReadyChain | undefined;
  /** The request's time limit when it already runs (it covered the import): the call's too. */
  deadline: Deadline | undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise ||
    (typeof value === "object" && value !== null &&
      typeof (value as { then?: unknown }).then === "function");
}

/**
 * Calls the function of `call` with `request` and a fresh context, through its middlewares when
 * it has any (then always asynchronously: `next()` gives a promise).
 *
 * @param request The request as received.
 * @param call The matched route, its function, the user.
 * @returns The response: a Response when the function answered synchronously, else a promise.
 */
export function invoke(request: Request, call: Call): Response | Promise<Response> {
  const env = call.env;
  let limited: LimitedRequest | undefined;
  let context: ApiFunctionsContext;
  let result: unknown;
  try {
    limited = limitRequestBody(request, env.limits.maxBodyBytes);
    const target = limited.request;
    if (target !== request) copyRemoteAddress(request, target);
    if (env.json !== undefined) target.json = env.json;
    // The request as received: its signal is the connection's (a copy's would never abort).
    context = createContext(request, {
      params: call.params,
      user: call.user,
      config: env.config,
      getKv: env.getKv,
      url: call.url,
      signer: env.cookieSigner,
      enqueue: env.enqueue,
    });
    result = call.chain === undefined
      ? call.handler(target, context as never)
      : runChain(target, context, {
        chain: call.chain,
        handler: call.handler,
        relative: call.relative,
        fail: (error) => failed(request, call, limited, error),
      });
  } catch (error) {
    return failed(request, call, limited, error);
  }
  if (result instanceof Response || !isThenable(result)) {
    return finish(request, call, { limited, context, result });
  }
  const running = result instanceof Promise ? result : Promise.resolve(result);
  return new Promise<Response>((resolve) => {
    const onTimeout = (error: HttpError) => {
      resolve(failed(request, call, limited, error));
      abortContext(context, new DOMException(error.message, "TimeoutError"));
    };
    let deadline = call.deadline;
    if (deadline === undefined) deadline = startDeadline(env.limits.timeoutMs, onTimeout);
    else redirectDeadline(deadline, onTimeout);
    running.then((value) => {
      if (endDeadline(deadline)) {
        resolve(finish(request, call, { limited, context, result: value }));
      }
    }, (error) => {
      if (endDeadline(deadline)) resolve(failed(request, call, limited, error));
    });
  });
}

function finish(
  request: Request,
  call: Call,
  done: { limited: LimitedRequest; context: ApiFunctionsContext; result: unknown },
): Response | Promise<Response> {
  try {
    if (done.limited.exceeded()) throw new HttpError(413);
    const result = done.result;
    if (!(result instanceof Response)) {
      throw new Error(
        `Function '${call.relative}' returned ${describeValue(result)} instead of a Response`,
      );
    }
    const response = applyContextCookies(done.context, result);
    if (request.method === "HEAD" && response.body !== null) {
      response.body.cancel().catch(() => {});
      return new Response(null, response);
    }
    const maxBytes = call.env.limits.maxResponseBytes;
    if (maxBytes === Infinity) return response;
    const size = knownSize(response, builtBody(done.context, response), maxBytes);
    if (size !== undefined) {
      if (size > maxBytes) throw tooLargeResponse(call.relative, size, maxBytes);
      return response;
    }
    // Reading a body to size it would slow every such answer: only dev does it.
    if (!call.env.dev) return response;
    const sized = limitUnknownSize(response, maxBytes, {
      file: call.relative,
      report: (message) => call.env.logError(`${requestId(request, call)} ${message}`, undefined),
    });
    if (sized instanceof Response) return sized;
    return sized.catch((error) => failed(request, call, done.limited, error));
  } catch (error) {
    return failed(request, call, done.limited, error);
  }
}

function requestId(request: Request, call: Call): string {
  return call.requestId ?? nextRequestId(request);
}

function failed(
  request: Request,
  call: Call,
  limited: LimitedRequest | undefined,
  error: unknown,
): Response {
  const failure = limited?.exceeded() ? new HttpError(413) : error;
  const id = requestId(request, call);
  if (!(failure instanceof HttpError) || failure.status >= 500) {
    call.env.logError(`${id} ${request.method} ${call.pathname} failed`, failure);
  }
  return errorResponse(failure, { dev: call.env.dev, requestId: id });
}
