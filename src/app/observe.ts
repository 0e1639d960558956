/**
 * The `onResponse` hook of `createApp`: one record per request (method, path, status, duration,
 * user, function file, and snapshots of both bodies cut at 64 KB). Only set up when a hook is
 * given: without one, requests take the usual path untouched.
 *
 * @module
 */
import type { ApiFunctionsUser } from "../types.ts";
import type { HandleEnv } from "./handle_env.ts";

/** The longest body snapshot, in bytes. */
export const SNAPSHOT_BYTES = 64 * 1024;

/** The start of a request or response body, as text (invalid UTF-8 replaced). */
export interface BodySnapshot {
  /** The text of the first {@linkcode SNAPSHOT_BYTES} bytes at most. */
  text: string;
  /** Bytes read (at most 64 KB). */
  bytes: number;
  /** Whether the body went on after the snapshot (or was not read to its end in time). */
  truncated: boolean;
}

/** What `onResponse` receives for each request the app answered. */
export interface ResponseInfo {
  /** The request method. */
  method: string;
  /** The request URL as received. */
  url: string;
  /** The response status. */
  status: number;
  /** Time from receiving the request to having the response (its body may stream on), ms. */
  durationMs: number;
  /** The user the request was decided to have; `undefined` when no route matched. */
  user: ApiFunctionsUser | undefined;
  /** The function file that answered, relative to the root; `undefined` when no route matched. */
  file: string | undefined;
  /** The request's headers (unmasked: mask credentials before showing them) and body. */
  request: { headers: [string, string][]; body: BodySnapshot | undefined };
  /** The response's headers and body (`undefined` for none, or for an event stream). */
  response: { headers: [string, string][]; body: BodySnapshot | undefined };
}

/** Reads at most 64 KB of a body, then lets it go; gives up waiting after `ms`. */
async function snapshot(body: ReadableStream<Uint8Array>, ms: number): Promise<BodySnapshot> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let truncated = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => timer = setTimeout(() => resolve("late"), ms));
  try {
    while (bytes < SNAPSHOT_BYTES) {
      const next = await Promise.race([reader.read(), late]);
      if (next === "late") {
        truncated = true;
        break;
      }
      if (next.done) break;
      const room = SNAPSHOT_BYTES - bytes;
      chunks.push(next.value.length > room ? next.value.subarray(0, room) : next.value);
      bytes += Math.min(room, next.value.length);
      if (next.value.length > room) truncated = true;
    }
    if (bytes >= SNAPSHOT_BYTES && !truncated) truncated = !(await reader.read()).done;
  } catch {
    truncated = true;
  } finally {
    clearTimeout(timer);
    reader.cancel().catch(() => {});
  }
  const text = new TextDecoder().decode(joinBytes(chunks, bytes));
  return { text, bytes, truncated };
}

function joinBytes(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** An app's request observer: wraps `handle` and records the user each request was given. */
export interface Observer {
  /** Decides users through `decide`, remembering each request's user. */
  watchUser(decide: HandleEnv["user"]): HandleEnv["user"];
  /** Answers through `answer`, then reports the request to the hook. */
  respond(request: Request, answer: () => Response | Promise<Response>): Promise<Response>;
}

/**
 * Creates the observer behind `onResponse`.
 *
 * @param env The app's state (for the route of a request).
 * @param hook The hook.
 * @param logError Where a failing hook is reported.
 * @returns The observer.
 */
export function createObserver(
  env: HandleEnv,
  hook: (info: ResponseInfo) => void,
  logError: (message: string, error: unknown) => void,
): Observer {
  const users = new WeakMap<Request, ApiFunctionsUser>();
  // Bodies still streaming after the request's time limit are recorded as cut there.
  const waitMs = Number.isFinite(env.limits.timeoutMs) ? env.limits.timeoutMs : 10_000;
  return {
    watchUser(decide) {
      return (request) => {
        const user = decide(request);
        if (user instanceof Promise) return user.then((u) => (users.set(request, u), u));
        users.set(request, user);
        return user;
      };
    },
    async respond(request, answer) {
      const started = performance.now();
      const pathname = new URL(request.url).pathname;
      const match = env.table.match(request.method, pathname);
      const file = match.kind === "route" ? match.route.data.relative : undefined;
      const requestHeaders = [...request.headers];
      // The function reads the request's own body; the snapshot reads a copy of it.
      const requestBody = request.body === null
        ? Promise.resolve(undefined)
        : snapshot(request.clone().body!, waitMs);
      const response = await answer();
      const durationMs = performance.now() - started;
      const streaming = response.headers.get("content-type")?.startsWith("text/event-stream");
      const copy = response.body === null || streaming ? undefined : response.clone();
      const responseBody = copy ? snapshot(copy.body!, waitMs) : Promise.resolve(undefined);
      Promise.all([requestBody, responseBody]).then(([inBody, outBody]) => {
        hook({
          method: request.method,
          url: request.url,
          status: response.status,
          durationMs,
          user: users.get(request),
          file,
          request: { headers: requestHeaders, body: inBody },
          response: { headers: [...response.headers], body: outBody },
        });
      }).catch((error) => logError("The onResponse hook failed", error));
      return response;
    },
  };
}
