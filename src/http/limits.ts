/**
 * Request and response body size limits and function timeout (Redocly: 5 MB, 5 MB and 10 s).
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/**
 * Redocly's limits: 5 MB request bodies, 5 MB responses, 10 s execution time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS } from "./limits.ts";
 *
 * assert.equal(DEFAULT_LIMITS.maxBodyBytes, 5 * 1024 * 1024);
 * assert.equal(DEFAULT_LIMITS.maxResponseBytes, 5 * 1024 * 1024);
 * assert.equal(DEFAULT_LIMITS.timeoutMs, 10_000);
 * ```
 */
export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxBodyBytes: 5 * 1024 * 1024,
  maxResponseBytes: 5 * 1024 * 1024,
  timeoutMs: 10_000,
});

/** The limits in effect: bytes of a request body, bytes of a response body, ms per call. */
export type Limits = { maxBodyBytes: number; maxResponseBytes: number; timeoutMs: number };

/**
 * Merges `given` over {@linkcode DEFAULT_LIMITS}, checking each value: body limits and a time
 * limit are non-negative numbers of bytes and milliseconds (`Infinity`: no limit).
 *
 * @param given The limits set by the caller (any may be left out).
 * @returns The limits in effect.
 * @throws {RangeError} When a limit is not a non-negative number.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveLimits } from "./limits.ts";
 *
 * assert.deepEqual(resolveLimits({ timeoutMs: 500 }), {
 *   maxBodyBytes: 5_242_880,
 *   maxResponseBytes: 5_242_880,
 *   timeoutMs: 500,
 * });
 * assert.throws(() => resolveLimits({ timeoutMs: -1 }), RangeError);
 * ```
 */
export function resolveLimits(
  given: { [K in keyof Limits]?: number | undefined } = {},
): Limits {
  const limits = {
    maxBodyBytes: given.maxBodyBytes ?? DEFAULT_LIMITS.maxBodyBytes,
    maxResponseBytes: given.maxResponseBytes ?? DEFAULT_LIMITS.maxResponseBytes,
    timeoutMs: given.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
  };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
      throw new RangeError(
        `Cannot use limits.${name} '${String(value)}': expected a non-negative number`,
      );
    }
  }
  return limits;
}

/** The result of {@linkcode limitRequestBody}. */
export type LimitedRequest = {
  /** The request to hand to the handler (the original one when it has no body). */
  request: Request;
  /** Whether more than the allowed bytes were read from the body. */
  exceeded(): boolean;
};

function never(): boolean {
  return false;
}

/**
 * Enforces a body size limit on `request`. Throws `HttpError(413)` at once when
 * `content-length` is too large; otherwise wraps the body in a counting stream
 * that errors with `HttpError(413)` as soon as more than `maxBytes` are read
 * (chunked bodies included), and with `HttpError(400)` when the body cannot be
 * read (malformed framing, truncated, connection lost). Bodiless requests come
 * back unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { limitRequestBody } from "./limits.ts";
 *
 * const limited = limitRequestBody(
 *   new Request("http://localhost/", { method: "POST", body: "hello" }),
 *   3,
 * );
 * await assert.rejects(limited.request.text(), { status: 413 });
 * assert.equal(limited.exceeded(), true);
 * ```
 */
export function limitRequestBody(request: Request, maxBytes: number): LimitedRequest {
  if (typeof maxBytes !== "number" || Number.isNaN(maxBytes) || maxBytes < 0) {
    throw new RangeError(
      `Cannot limit the request body to '${maxBytes}' bytes: expected a non-negative number`,
    );
  }
  // The common case, a GET or HEAD without a body: nothing to read, not even a header.
  const method = request.method;
  if ((method === "GET" || method === "HEAD") && request.body === null) {
    return { request, exceeded: never };
  }
  const header = request.headers.get("content-length")?.trim();
  const declared = header !== undefined && /^\d+$/.test(header) ? Number(header) : undefined;
  if (declared !== undefined && declared > maxBytes) throw tooLarge(maxBytes);
  // A declared length is enforced by the HTTP server's framing: no counting stream is needed
  // (streams cost more than the rest of a small request). Read errors still become 400s.
  // `request.body` is left untouched here: reading it would turn the body Deno.serve already
  // buffered into a stream, and `json()` would then read it chunk by chunk.
  if (declared !== undefined || maxBytes === Infinity) {
    guardBodyErrors(request);
    return { request, exceeded: never };
  }
  const body = request.body;
  if (body === null) return { request, exceeded: never };
  let seen = 0;
  let exceeded = false;
  const reader = body.getReader();
  // Pull-based, so a body the client breaks (bad chunked framing, fewer bytes than its
  // Content-Length, a dropped connection) errors with a 400 rather than a 500.
  const counted = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        controller.error(unreadable(error));
        return;
      }
      if (chunk.done) return controller.close();
      seen += chunk.value.byteLength;
      if (seen > maxBytes) {
        exceeded = true;
        const error = tooLarge(maxBytes);
        controller.error(error);
        reader.cancel(error).catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  // No `signal`: reading `request.signal` of a Deno.serve request switches on
  // Deno's legacy abort behaviour and prints a warning for every server.
  const limited = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: counted,
    duplex: "half",
  } as RequestInit);
  return { request: limited, exceeded: () => exceeded };
}

const BODY_METHODS = ["arrayBuffer", "blob", "bytes", "formData", "text"] as const;

/** Makes the body readers of `request` reject with `HttpError(400)` when the body is broken. */
function guardBodyErrors(request: Request): void {
  const target = request as unknown as Record<string, unknown>;
  for (const name of BODY_METHODS) {
    const read = Request.prototype[name] as (this: Request) => Promise<unknown>;
    target[name] = function guarded(this: Request) {
      if (this.bodyUsed) return read.call(this); // the handler's own mistake: not a client error
      return read.call(this).catch((error: unknown) => {
        throw unreadable(error);
      });
    };
  }
}

function unreadable(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  return new HttpError(400, "Cannot read the request body: it is malformed or incomplete", {
    cause: error,
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(413, `Request body is larger than ${maxBytes} bytes`);
}
