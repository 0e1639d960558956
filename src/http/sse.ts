/**
 * Server-Sent Events from a stream of changes (`context.sse`): one event per
 * change, its `id` the change's versionstamp (what `Last-Event-ID` sends back
 * on a reconnect), and a comment line as a heartbeat.
 *
 * @module
 */

/** Default pause between heartbeat comments, ms: under the idle timeouts of common proxies. */
export const HEARTBEAT_MS = 15_000;

const encoder = new TextEncoder();

/**
 * One change as an SSE event: `id: <versionstamp>` and its JSON as `data`.
 *
 * @param change A change, e.g. `{ type: "set", key, versionstamp }`.
 * @returns The event's text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatEvent } from "./sse.ts";
 *
 * assert.equal(
 *   formatEvent({ type: "delete", key: ["a"], versionstamp: "01" }),
 *   'id: 01\ndata: {"type":"delete","key":["a"],"versionstamp":"01"}\n\n',
 * );
 * ```
 */
export function formatEvent(change: unknown): string {
  const versionstamp = (change as { versionstamp?: unknown } | null)?.versionstamp;
  const id = typeof versionstamp === "string" ? `id: ${versionstamp}\n` : "";
  // JSON.stringify escapes line breaks, so the data is one line.
  return `${id}data: ${JSON.stringify(change)}\n\n`;
}

/**
 * A `text/event-stream` Response relaying `changes`. It ends when `changes` ends; when the
 * client goes (the body is cancelled) or `signal` aborts, `changes` is cancelled.
 *
 * @param changes The events.
 * @param options `heartbeatMs` between comments (default 15 s); `signal` to stop.
 * @returns The Response.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { eventStream } from "./sse.ts";
 *
 * const changes = ReadableStream.from([{ type: "set", key: ["a"], versionstamp: "01" }]);
 * const response = eventStream(changes);
 * assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
 * assert.match(await response.text(), /^: connected\n\nid: 01\ndata: /);
 * ```
 */
export function eventStream(
  changes: ReadableStream<unknown>,
  options: { heartbeatMs?: number; signal?: AbortSignal | undefined } = {},
): Response {
  if (!(changes instanceof ReadableStream)) {
    throw new TypeError(
      `Cannot answer with Server-Sent Events from '${String(changes)}': expected a ReadableStream`,
    );
  }
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  if (typeof heartbeatMs !== "number" || !(heartbeatMs > 0) || heartbeatMs > 2 ** 31 - 1) {
    throw new RangeError(
      `Cannot send heartbeats every '${heartbeatMs}' ms: expected a positive number of ms`,
    );
  }
  const { signal } = options;
  const reader = changes.getReader();
  let timer: ReturnType<typeof setInterval> | undefined;
  let ended = false;
  let onAbort: (() => void) | undefined;
  const end = () => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
    reader.cancel().catch(() => {});
  };
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(": connected\n\n"));
      timer = setInterval(() => controller.enqueue(encoder.encode(": heartbeat\n\n")), heartbeatMs);
      onAbort = () => {
        end();
        controller.close();
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener("abort", onAbort, { once: true });
    },
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (ended) return;
        if (done) {
          end();
          return controller.close();
        }
        controller.enqueue(encoder.encode(formatEvent(value)));
      } catch (error) {
        if (ended) return;
        end();
        controller.error(error);
      }
    },
    cancel: end,
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
    },
  });
}

/**
 * Gives `context` its `sse` helper on first use (as an own property, so it works destructured),
 * following the context's signal when the function has made it.
 *
 * @param context The context.
 * @param signal Its signal, if made.
 * @returns The helper.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { installSse } from "./sse.ts";
 *
 * const context = {};
 * const sse = installSse(context, () => undefined);
 * assert.equal((context as { sse?: unknown }).sse, sse);
 * ```
 */
export function installSse(
  context: object,
  signal: () => AbortSignal | undefined,
): (changes: ReadableStream<unknown>, options?: { heartbeatMs?: number }) => Response {
  const sse = (changes: ReadableStream<unknown>, options?: { heartbeatMs?: number }) =>
    eventStream(changes, { ...options, signal: signal() });
  Object.defineProperty(context, "sse", { value: sse, writable: true, configurable: true });
  return sse;
}
