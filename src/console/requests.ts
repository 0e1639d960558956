/**
 * The console's request log: the last 200 requests the app answered, newest first, each with
 * the function's `console` output. Credentials are masked in every view; the originals stay in
 * memory only for a replay.
 *
 * @module
 */
import type { BodySnapshot, ResponseInfo } from "../app/observe.ts";
import type { LogLine } from "./capture.ts";

/** How many requests the log keeps. */
export const MAX_REQUESTS = 200;

const MASK = "••••••";
const SECRET_HEADERS = new Set(["authorization", "proxy-authorization", "x-api-key"]);

/** A request in the log. */
export interface LoggedRequest {
  /** Its number in this process (1, 2, …). */
  id: number;
  /** When it arrived, epoch ms. */
  at: number;
  /** What the app's hook reported. */
  info: ResponseInfo;
  /** The function's console output while it ran. */
  logs: LogLine[];
}

/** One row of the requests view. */
export interface RequestSummary {
  id: number;
  at: number;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  user: string;
  file: string | null;
  logs: LogLine[];
}

/**
 * Masks credentials in headers: the value of `authorization` (keeping its scheme), cookie values
 * (keeping their names) and the values of `set-cookie`.
 *
 * @param headers Header pairs.
 * @returns The pairs, masked.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { maskHeaders } from "./requests.ts";
 *
 * assert.deepEqual(maskHeaders([["authorization", "Bearer abc"], ["cookie", "a=1; b=2"]]), [
 *   ["authorization", "Bearer ••••••"],
 *   ["cookie", "a=••••••; b=••••••"],
 * ]);
 * ```
 */
export function maskHeaders(headers: readonly [string, string][]): [string, string][] {
  return headers.map(([name, value]) => {
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) {
      const scheme = /^([A-Za-z][\w-]*) /.exec(value);
      return [name, scheme ? `${scheme[1]} ${MASK}` : MASK];
    }
    if (lower === "cookie") {
      const masked = value.split(";").map((part) => {
        const at = part.indexOf("=");
        return at < 0 ? MASK : `${part.slice(0, at).trim()}=${MASK}`;
      });
      return [name, masked.join("; ")];
    }
    if (lower === "set-cookie") {
      const at = value.indexOf("=");
      const rest = value.indexOf(";");
      const tail = rest < 0 ? "" : value.slice(rest);
      return [name, at < 0 ? MASK : `${value.slice(0, at)}=${MASK}${tail}`];
    }
    return [name, value];
  });
}

/**
 * Whether a header value shown masked was left as shown (a replay then sends the original).
 *
 * @param value A header value from the view.
 * @returns Whether it still holds the mask.
 */
export function isMasked(value: string): boolean {
  return value.includes(MASK);
}

/** The request log. */
export class RequestLog {
  #items: LoggedRequest[] = [];
  #next = 1;

  /** Adds a request; the oldest falls out after {@linkcode MAX_REQUESTS}. */
  add(info: ResponseInfo, logs: LogLine[], at = Date.now()): LoggedRequest {
    const item = { id: this.#next++, at, info, logs };
    this.#items.unshift(item);
    if (this.#items.length > MAX_REQUESTS) this.#items.length = MAX_REQUESTS;
    return item;
  }

  /** The requests, newest first, as rows. */
  list(): RequestSummary[] {
    return this.#items.map(summarize);
  }

  /** A request as kept (unmasked), for a replay. */
  get(id: number): LoggedRequest | undefined {
    return this.#items.find((item) => item.id === id);
  }

  /** A request's detail, masked. */
  detail(id: number): Record<string, unknown> | undefined {
    const item = this.get(id);
    if (!item) return undefined;
    const { request, response } = item.info;
    return {
      ...summarize(item),
      url: item.info.url,
      request: { headers: maskHeaders(request.headers), body: request.body ?? null },
      response: { headers: maskHeaders(response.headers), body: response.body ?? null },
    };
  }
}

/**
 * The row of a logged request.
 *
 * @param item The request.
 * @returns Its row.
 */
export function summarize(item: LoggedRequest): RequestSummary {
  const url = new URL(item.info.url);
  return {
    id: item.id,
    at: item.at,
    method: item.info.method,
    path: url.pathname + url.search,
    status: item.info.status,
    durationMs: Math.round(item.info.durationMs * 10) / 10,
    user: item.info.user?.email ?? "anonymous",
    file: item.info.file ?? null,
    logs: item.logs,
  };
}

export type { BodySnapshot };
