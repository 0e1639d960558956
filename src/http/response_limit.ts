/**
 * The response size limit (Redocly: 5 MB, answered with 500). A body whose size is known before
 * sending is checked then: the bodies `context.json()` / `context.text()` build, a
 * `Content-Length`, and a body that is whole once read (a string, bytes or a Blob: Deno hands it
 * over in one piece). Any other body is a stream: it is counted as it is sent and cut once past
 * the limit (the status has gone out, so the connection is aborted). Reading a body to size it
 * costs every hand-built response, so only `dev` does that; `start` checks the sizes known
 * without reading (the helpers' bodies, `Content-Length`).
 *
 * @module
 */
import { HttpError } from "./errors.ts";

/** Says which function answered and what happened to its response: for the log. */
export type ResponseReport = (message: string, error: HttpError) => void;

/**
 * The size of `response`'s body when it is known without reading it: the helpers' body (`built`,
 * exact only when it may pass `maxBytes`, since encoding it costs), else its `Content-Length`.
 *
 * @param response What the function returned.
 * @param built Its body when the context's helpers built it.
 * @param maxBytes The limit in bytes.
 * @returns The size in bytes (a bound under `maxBytes` when it cannot pass it), or `undefined`.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { knownSize } from "./response_limit.ts";
 *
 * assert.equal(knownSize(new Response("hi"), "hi", 100), 6);
 * assert.equal(knownSize(new Response("é"), "é", 2), 2);
 * assert.equal(knownSize(new Response("x", { headers: { "content-length": "1" } }), undefined, 9), 1);
 * assert.equal(knownSize(new Response("x"), undefined, 9), undefined);
 * ```
 */
export function knownSize(
  response: Response,
  built: string | undefined,
  maxBytes: number,
): number | undefined {
  if (built !== undefined) {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: most bodies need no encoding to be sized.
    const bound = built.length * 3;
    return bound <= maxBytes ? bound : new TextEncoder().encode(built).byteLength;
  }
  const declared = response.headers.get("content-length");
  return declared !== null && /^\s*\d+\s*$/.test(declared) ? Number(declared) : undefined;
}

/**
 * The 500 for a body over the limit.
 *
 * @param file The function file.
 * @param size The body's size in bytes.
 * @param maxBytes The limit.
 * @returns The error.
 */
export function tooLargeResponse(file: string, size: number, maxBytes: number): HttpError {
  return tooLarge(file, `is ${size} bytes`, maxBytes);
}

/**
 * Sizes a body of unknown size by reading it (`dev`): a whole body (string, bytes, Blob) is
 * sized before sending; a stream is counted as it goes out and cut past `maxBytes`.
 *
 * @param response What the function returned.
 * @param maxBytes The limit in bytes.
 * @param options The file (for messages) and the report of a cut stream.
 * @returns The response to send (itself, or a copy whose body is counted), or a promise of it.
 * @throws {HttpError} 500 when the body is over the limit before sending.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { limitUnknownSize } from "./response_limit.ts";
 *
 * const options = { file: "@api/a.ts", report: () => {} };
 * const small = await limitUnknownSize(new Response("hi"), 5, options);
 * assert.equal(await small.text(), "hi");
 * await assert.rejects(
 *   async () => await limitUnknownSize(new Response("too long"), 5, options),
 *   { status: 500, message: "Response of '@api/a.ts' is at least 8 bytes, over the limit of 5 bytes" },
 * );
 * ```
 */
export function limitUnknownSize(
  response: Response,
  maxBytes: number,
  options: { file: string; report: ResponseReport },
): Response | Promise<Response> {
  const body = response.body;
  if (body === null) return response;
  return limitStream(response, body, maxBytes, options);
}

function tooLarge(file: string, what: string, maxBytes: number): HttpError {
  return new HttpError(
    500,
    `Response of '${file}' ${what}, over the limit of ${maxBytes} bytes`,
  );
}

type Read = ReadableStreamReadResult<Uint8Array>;
const LATE = Symbol("late");

/** The read if it settles before the next macrotask (a whole body's does), else `LATE`. */
function readNow(read: Promise<Read>): Promise<Read | typeof LATE> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof LATE>((resolve) => timer = setTimeout(resolve, 0, LATE));
  return Promise.race([read, late]).finally(() => clearTimeout(timer));
}

async function limitStream(
  response: Response,
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  options: { file: string; report: ResponseReport },
): Promise<Response> {
  const reader = body.getReader();
  const head: Uint8Array[] = [];
  let seen = 0;
  let pending: Promise<Read> | undefined;
  // A string, bytes or Blob body is one chunk then the end, both at hand: it is sized before
  // sending and goes out as bytes again (with its length). A stream that makes its reader wait
  // is sent at once (an event stream's headers must not wait) and counted as it goes.
  for (let i = 0; i < 2 && pending === undefined; i++) {
    const read = reader.read();
    const chunk = await readNow(read);
    if (chunk === LATE) {
      pending = read;
      break;
    }
    if (chunk.done) {
      if (head.length === 0) return new Response(null, response);
      const whole = head.length === 1
        ? head[0] as Uint8Array<ArrayBuffer>
        : new Blob(head as BlobPart[]);
      return new Response(whole, response);
    }
    seen += chunk.value.byteLength;
    if (seen > maxBytes) {
      reader.cancel().catch(() => {});
      throw tooLarge(options.file, `is at least ${seen} bytes`, maxBytes);
    }
    head.push(chunk.value);
  }
  const counted = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of head) controller.enqueue(chunk);
    },
    async pull(controller) {
      const chunk = await (pending ?? reader.read());
      pending = undefined;
      if (chunk.done) return controller.close();
      seen += chunk.value.byteLength;
      if (seen > maxBytes) {
        const error = tooLarge(options.file, `passed ${seen} bytes while streaming`, maxBytes);
        options.report(`${error.message}: the connection is aborted`, error);
        reader.cancel(error).catch(() => {});
        return controller.error(error);
      }
      controller.enqueue(chunk.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return new Response(counted, response);
}
