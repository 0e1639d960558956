/**
 * The response size limit (Redocly: 5 MB, answered with 500). A body whose size is known before
 * sending is checked then: the bodies `context.json()` / `context.text()` build, a
 * `Content-Length`, and a body that is whole once read (a string, bytes or a Blob: Deno hands it
 * over in one piece). Any other body is a stream: it is counted as it is sent and cut once past
 * the limit (the status has gone out, so the connection is aborted).
 *
 * @module
 */
import { HttpError } from "./errors.ts";

/** Bodies built by the context helpers: the string, so no byte of it needs reading. */
const builtBodies = new WeakMap<Response, string>();

/**
 * Remembers the string body of a Response a context helper built.
 *
 * @param response The Response.
 * @param body Its body.
 */
export function rememberBody(response: Response, body: string): void {
  builtBodies.set(response, body);
}

/** Says which function answered and what happened to its response: for the log. */
export type ResponseReport = (message: string, error: HttpError) => void;

/**
 * Applies the response size limit to `response`.
 *
 * @param response What the function returned.
 * @param maxBytes The limit in bytes (`Infinity`: none).
 * @param options `file`: the function file, for messages; `report`: called when a stream is cut.
 * @returns The response to send (itself, or a copy whose body is counted), or a promise of it.
 * @throws {HttpError} 500 when the body is known to be over the limit before sending.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { limitResponse } from "./response_limit.ts";
 *
 * const report = () => {};
 * const small = await limitResponse(new Response("hi"), 5, { file: "@api/a.ts", report });
 * assert.equal(await small.text(), "hi");
 * await assert.rejects(
 *   async () => await limitResponse(new Response("too long"), 5, { file: "@api/a.ts", report }),
 *   { status: 500, message: "Response of '@api/a.ts' is at least 8 bytes, over the limit of 5 bytes" },
 * );
 * ```
 */
export function limitResponse(
  response: Response,
  maxBytes: number,
  options: { file: string; report: ResponseReport },
): Response | Promise<Response> {
  const built = builtBodies.get(response);
  if (built !== undefined) {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: most bodies need no encoding to be sized.
    if (built.length * 3 <= maxBytes) return response;
    check(new TextEncoder().encode(built).byteLength, maxBytes, options.file);
    return response;
  }
  const declared = response.headers.get("content-length");
  if (declared !== null && /^\s*\d+\s*$/.test(declared)) {
    check(Number(declared), maxBytes, options.file);
    return response;
  }
  const body = response.body;
  if (body === null) return response;
  return limitStream(response, body, maxBytes, options);
}

function check(size: number, maxBytes: number, file: string): void {
  if (size > maxBytes) throw tooLarge(file, `is ${size} bytes`, maxBytes);
}

function tooLarge(file: string, what: string, maxBytes: number): HttpError {
  return new HttpError(
    500,
    `Response of '${file}' ${what}, over the limit of ${maxBytes} bytes`,
  );
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
  // A string, bytes or Blob body comes as one chunk then the end: it is sized before sending,
  // and goes out as bytes again (with its length, not chunked).
  for (let i = 0; i < 2; i++) {
    const chunk = await reader.read();
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
      const chunk = await reader.read();
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
