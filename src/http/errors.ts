/**
 * HTTP errors and the single path that turns any thrown value into an error
 * Response.
 *
 * @module
 */

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Entity",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/**
 * Returns the standard reason phrase of an error status, or `HTTP error <status>`
 * for statuses outside the built-in table.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { statusText } from "./errors.ts";
 *
 * assert.equal(statusText(404), "Not Found");
 * assert.equal(statusText(418), "HTTP error 418");
 * ```
 */
export function statusText(status: number): string {
  return STATUS_TEXT[status] ?? `HTTP error ${status}`;
}

/** Options of the {@linkcode HttpError} constructor. */
export type HttpErrorOptions = {
  /** Headers added to the error Response (e.g. `Allow`, `Retry-After`). */
  headers?: HeadersInit;
  /** The underlying error. */
  cause?: unknown;
  /** Whether the message may be shown to clients in production (default: `status < 500`). */
  expose?: boolean;
  /** What is wrong, one entry per error: the response is then `application/problem+json`. */
  errors?: readonly ProblemError[];
};

/**
 * One entry of a problem's `errors` (RFC 9457 extension member): where the error is, as a JSON
 * pointer into the body (`in: "body"`) or a parameter's `in` and `name`, and what is wrong.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ProblemError } from "./errors.ts";
 *
 * const error: ProblemError = { in: "query", name: "limit", detail: "must be integer" };
 * assert.equal(error.in, "query");
 * ```
 */
export interface ProblemError {
  /** Where: `body`, or the parameter's location (`path`, `query`, `header`, `cookie`). */
  in: "body" | "path" | "query" | "header" | "cookie";
  /** The parameter's name (parameters only). */
  name?: string;
  /** A JSON pointer (RFC 6901) into the body or the parameter's value; `""` is all of it. */
  pointer?: string;
  /** What is wrong. */
  detail: string;
}

/**
 * An error that carries an HTTP status (400 to 599). Throw it from anywhere in a
 * request to answer with that status.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HttpError } from "./errors.ts";
 *
 * const error = new HttpError(405, undefined, { headers: { allow: "GET" } });
 * assert.equal(error.message, "Method Not Allowed");
 * assert.equal(error.headers.get("allow"), "GET");
 * assert.equal(error.expose, true);
 * assert.equal(new HttpError(503).expose, false);
 * ```
 */
export class HttpError extends Error {
  /** The HTTP status, 400 to 599. */
  readonly status: number;
  /** Headers added to the error Response. */
  readonly headers: Headers;
  /** Whether the message may be shown to clients in production. */
  readonly expose: boolean;
  /** What is wrong, when the error is a problem with entries (answered as problem+json). */
  readonly errors: readonly ProblemError[] | undefined;

  /** Creates an error with `status`; the message defaults to the status text. */
  constructor(status: number, message?: string, options: HttpErrorOptions = {}) {
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(
        `Cannot create HttpError with status '${status}': expected an integer from 400 to 599`,
      );
    }
    super(message ?? statusText(status), { cause: options.cause });
    this.name = "HttpError";
    this.status = status;
    this.headers = new Headers(options.headers);
    this.expose = options.expose ?? status < 500;
    this.errors = options.errors;
  }
}

/** Options of {@linkcode errorResponse}. */
export type ErrorResponseOptions = {
  /** Development mode: show messages and stacks of unexpected errors. */
  dev: boolean;
  /** The id of the request, echoed in the body. */
  requestId: string;
};

const JSON_TYPE = "application/json; charset=utf-8";
const PROBLEM_TYPE = "application/problem+json; charset=utf-8";

/**
 * Turns any thrown value into a JSON error Response
 * (`{ "error": string, "requestId": string }`). An {@linkcode HttpError} keeps
 * its status and headers; one with `errors` is answered as `application/problem+json`
 * (RFC 9457: `type`, `title`, `status`, `detail`, `errors`, `requestId`). Anything else
 * becomes a 500 that reveals nothing in production and adds `message` and `stack` in
 * development.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { errorResponse, HttpError } from "./errors.ts";
 *
 * const notFound = errorResponse(new HttpError(404), { dev: false, requestId: "r1" });
 * assert.equal(notFound.status, 404);
 * assert.deepEqual(await notFound.json(), { error: "Not Found", requestId: "r1" });
 *
 * const crash = errorResponse(new Error("db password is hunter2"), { dev: false, requestId: "r2" });
 * assert.equal(crash.status, 500);
 * assert.deepEqual(await crash.json(), { error: "Internal Server Error", requestId: "r2" });
 *
 * const errors = [{ in: "query" as const, name: "limit", detail: "must be integer" }];
 * const problem = errorResponse(new HttpError(400, "1 error", { errors }), {
 *   dev: false,
 *   requestId: "r3",
 * });
 * assert.equal(problem.headers.get("content-type"), "application/problem+json; charset=utf-8");
 * assert.deepEqual(await problem.json(), {
 *   type: "about:blank",
 *   title: "Bad Request",
 *   status: 400,
 *   detail: "1 error",
 *   errors,
 *   requestId: "r3",
 * });
 * ```
 */
export function errorResponse(error: unknown, options: ErrorResponseOptions): Response {
  const { dev, requestId } = options;
  if (error instanceof HttpError) {
    const headers = new Headers(error.headers);
    const message = error.expose || dev ? error.message : statusText(error.status);
    if (error.errors !== undefined) {
      headers.set("content-type", PROBLEM_TYPE);
      // `about:blank`: the status says what kind of problem it is; `errors` says where.
      const title = statusText(error.status);
      const problem = { type: "about:blank", title, status: error.status, detail: message };
      const errors = error.expose || dev ? error.errors : [];
      const body = JSON.stringify({ ...problem, errors, requestId });
      return new Response(body, { status: error.status, headers });
    }
    headers.set("content-type", JSON_TYPE);
    const body = JSON.stringify({ error: message, requestId });
    return new Response(body, { status: error.status, headers });
  }
  const body: Record<string, string> = { error: statusText(500), requestId };
  if (dev) {
    if (error instanceof Error) {
      body.message = safeString(() => String(error.message));
      body.stack = safeString(() => String(error.stack ?? ""));
    } else {
      body.message = safeString(() => String(error));
    }
  }
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: { "content-type": JSON_TYPE },
  });
}

function safeString(convert: () => string): string {
  try {
    return convert();
  } catch {
    return "[value cannot be converted to a string]";
  }
}
