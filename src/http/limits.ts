/**
 * Request body size limit and function timeout (Redocly: 5 MB and 10 s).
 *
 * @module
 */

import { HttpError } from "./errors.ts";

/**
 * Redocly's limits: 5 MB request bodies, 10 s execution time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DEFAULT_LIMITS } from "./limits.ts";
 *
 * assert.equal(DEFAULT_LIMITS.maxBodyBytes, 5 * 1024 * 1024);
 * assert.equal(DEFAULT_LIMITS.timeoutMs, 10_000);
 * ```
 */
export const DEFAULT_LIMITS: { readonly maxBodyBytes: number; readonly timeoutMs: number } = Object
  .freeze({ maxBodyBytes: 5 * 1024 * 1024, timeoutMs: 10_000 });

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
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw tooLarge(maxBytes);
  }
  const body = request.body;
  if (body === null) return { request, exceeded: never };
  // A declared length is enforced by the HTTP server's framing: no counting stream is needed
  // (streams cost more than the rest of a small request). Read errors still become 400s.
  if ((declared !== null && /^\d+$/.test(declared.trim())) || maxBytes === Infinity) {
    guardBodyErrors(request);
    return { request, exceeded: never };
  }
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

/**
 * Resolves or rejects like `promise`, unless `ms` milliseconds pass first: then
 * rejects with `HttpError(504, "Function timed out after <s> s")` (checked by one
 * shared ticker at a quarter of the limit, at most every 100 ms; no timer per call,
 * and none left running once nothing is waiting).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { withTimeout } from "./limits.ts";
 *
 * assert.equal(await withTimeout(Promise.resolve(42), 1000), 42);
 * await assert.rejects(withTimeout(new Promise(() => {}), 1), {
 *   status: 504,
 *   message: "Function timed out after 0.001 s",
 * });
 * ```
 */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) {
    throw new RangeError(`Cannot time out after '${ms}' ms: expected a non-negative number`);
  }
  if (ms === Infinity) return Promise.resolve(promise);
  // No timer per call: a deadline in a shared set, checked by one ticker (timers are costly
  // on the hot path, and a function limit does not need millisecond precision).
  return new Promise<T>((resolve, reject) => {
    const at = performance.now() + ms;
    let deadline: Deadline | undefined;
    let settled = false;
    promise.then((value) => {
      settled = true;
      if (deadline) forget(deadline);
      resolve(value);
    }, (error) => {
      settled = true;
      if (deadline) forget(deadline);
      reject(error);
    });
    // Most calls settle within a few microtasks (a sync handler, a cached read): only the
    // ones still running after that are registered with the ticker.
    queueMicrotask(() =>
      queueMicrotask(() => {
        if (settled) return;
        deadline = {
          at,
          expire: () => reject(new HttpError(504, `Function timed out after ${ms / 1000} s`)),
        };
        watchDeadline(deadline, ms);
      })
    );
  });
}

interface Deadline {
  at: number;
  expire: () => void;
}

const deadlines = new Set<Deadline>();
let ticker: ReturnType<typeof setTimeout> | undefined;
let tickMs = Infinity;

function watchDeadline(deadline: Deadline, ms: number): void {
  deadlines.add(deadline);
  // Tick at a quarter of the shortest limit in use, between 1 ms and 100 ms.
  const wanted = Math.min(100, Math.max(1, Math.floor(ms / 4)));
  if (ticker === undefined || wanted < tickMs) {
    if (ticker !== undefined) clearTimeout(ticker);
    tickMs = wanted;
    scheduleTick();
  }
}

function forget(deadline: Deadline): void {
  deadlines.delete(deadline);
  if (deadlines.size === 0 && ticker !== undefined) {
    clearTimeout(ticker);
    ticker = undefined;
    tickMs = Infinity;
  }
}

function scheduleTick(): void {
  ticker = setTimeout(tick, tickMs);
}

function tick(): void {
  ticker = undefined;
  const now = performance.now();
  for (const deadline of deadlines) {
    if (deadline.at <= now) {
      deadlines.delete(deadline);
      deadline.expire();
    }
  }
  if (deadlines.size > 0) scheduleTick();
  else tickMs = Infinity;
}
