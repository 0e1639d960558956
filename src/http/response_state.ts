/**
 * The per-request response state behind the context helpers: the status set
 * with `status()`, the pending cookies, and the Responses built from them.
 *
 * @module
 */

import type { CookieOptions } from "../types.ts";
import { deleteCookieHeader, serializeCookie } from "./cookies.ts";
import { editHeaders } from "./edit_headers.ts";

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// deno-lint-ignore no-control-regex
const CONTROL = /[\x00-\x1f\x7f]/;
const PROTOCOL_RELATIVE = /^ *[/\\][/\\]/;
const NON_ASCII = /[\u0080-\u{10ffff}]+/gu;

/**
 * Throws a `RangeError` unless `code` is an integer from 100 to 599.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { checkStatus } from "./response_state.ts";
 *
 * checkStatus(201);
 * assert.throws(() => checkStatus(99), RangeError);
 * ```
 */
export function checkStatus(code: number): void {
  if (!Number.isInteger(code) || code < 100 || code > 599) {
    throw new RangeError(`Cannot set status '${code}': expected an integer from 100 to 599`);
  }
}

/**
 * Mutable response state of one request. The context helpers build their
 * Responses through it, so status and cookies end up on them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ResponseState } from "./response_state.ts";
 *
 * const state = new ResponseState(new Request("https://example.com/"));
 * state.status = 201;
 * state.setCookie("sid", "abc");
 * const response = state.respond("{}", state.status, "application/json");
 * assert.equal(response.status, 201);
 * assert.equal(
 *   response.headers.get("set-cookie"),
 *   "sid=abc; Path=/; HttpOnly; Secure; SameSite=Lax",
 * );
 * ```
 */
export class ResponseState {
  /** The status set with `context.status()`, if any. */
  status: number | undefined = undefined;
  #request: Request;
  #url: URL | undefined;
  #cookies: Map<string, string> | undefined = undefined;
  #built: WeakSet<Response> | undefined = undefined;
  // The last Response the helpers built and its body: its size is known without reading it.
  #lastResponse: Response | undefined = undefined;
  #lastBody: string | undefined = undefined;
  #sign: ((name: string, value: string) => string) | undefined;

  /**
   * Creates the state of `request`; pass `url` when it is already parsed, and `options.sign` to
   * allow `signed: true` cookies.
   */
  constructor(
    request: Request,
    url?: URL,
    options: { sign?: ((name: string, value: string) => string) | undefined } = {},
  ) {
    this.#request = request;
    this.#url = url;
    this.#sign = options.sign;
  }

  /** The parsed request URL (parsed on first use). */
  get url(): URL {
    return this.#url ??= new URL(this.#request.url);
  }

  /** Records a cookie, replacing an earlier one of the same name. */
  setCookie(name: string, value: string, options?: CookieOptions): void {
    const header = serializeCookie(name, value, {
      ...options,
      secureDefault: this.#isSecure(),
      sign: this.#sign,
    });
    (this.#cookies ??= new Map()).set(name, header);
  }

  /** Records the deletion of a cookie, replacing an earlier one of the same name. */
  deleteCookie(name: string): void {
    (this.#cookies ??= new Map()).set(name, deleteCookieHeader(name));
  }

  /**
   * Builds a Response with the pending cookies. Null-body statuses (101, 204,
   * 205, 304) get neither body nor content type.
   */
  respond(body: string | null, status: number, contentType: string | null): Response {
    if (status < 200 && status !== 101) {
      throw new RangeError(
        `Cannot build a Response with status '${status}': only 101 and 200 to 599 are supported`,
      );
    }
    const nullBody = NULL_BODY_STATUSES.has(status);
    const cookies = this.#cookies;
    if (cookies === undefined || cookies.size === 0) {
      if (nullBody || contentType === null) return new Response(null, { status });
      const response = new Response(body, { status, headers: { "content-type": contentType } });
      if (body !== null) this.#remember(response, body);
      return response;
    }
    const headers = new Headers();
    if (!nullBody && contentType !== null) headers.set("content-type", contentType);
    for (const header of cookies.values()) headers.append("set-cookie", header);
    const response = new Response(nullBody ? null : body, { status, headers });
    if (!nullBody && body !== null) this.#remember(response, body);
    (this.#built ??= new WeakSet()).add(response);
    return response;
  }

  #remember(response: Response, body: string): void {
    this.#lastResponse = response;
    this.#lastBody = body;
  }

  /** The body of `response` when the helpers built it (its size is known without reading). */
  bodyOf(response: Response): string | undefined {
    return response === this.#lastResponse ? this.#lastBody : undefined;
  }

  /** Builds a redirect Response to `url` after validating both arguments. */
  redirect(url: string, code: number): Response {
    if (!REDIRECT_STATUSES.has(code)) {
      throw new RangeError(
        `Cannot redirect with status '${code}': expected 301, 302, 303, 307 or 308`,
      );
    }
    const location = checkLocation(url);
    const response = this.respond(null, code, null);
    response.headers.set("location", location);
    return response;
  }

  /**
   * Adds the pending cookies to a Response the handler built itself. Returns
   * `response` unchanged when there are none or when a helper built it;
   * copies it when its headers are immutable.
   */
  applyTo(response: Response): Response {
    const cookies = this.#cookies;
    if (cookies === undefined || cookies.size === 0) return response;
    if (this.#built?.has(response) || response.type === "error") return response;
    const target = editHeaders(response, (headers) => {
      for (const header of cookies.values()) headers.append("set-cookie", header);
    });
    (this.#built ??= new WeakSet()).add(target);
    return target;
  }

  #isSecure(): boolean {
    if (this.url.protocol === "https:") return true;
    const forwarded = this.#request.headers.get("x-forwarded-proto");
    if (forwarded === null) return false;
    return forwarded.split(",", 1)[0]!.trim().toLowerCase() === "https";
  }
}

function checkLocation(url: string): string {
  if (typeof url !== "string") {
    throw new TypeError(`Cannot redirect to '${String(url)}': the URL must be a string`);
  }
  const shown = JSON.stringify(url).slice(1, -1);
  if (CONTROL.test(url)) {
    throw new TypeError(`Cannot redirect to '${shown}': the URL contains a control character`);
  }
  if (PROTOCOL_RELATIVE.test(url)) {
    throw new TypeError(
      `Cannot redirect to '${shown}': protocol-relative URLs are not allowed, pass an absolute URL`,
    );
  }
  try {
    return url.replace(NON_ASCII, (text) => encodeURI(text));
  } catch {
    throw new TypeError(`Cannot redirect to '${shown}': the URL contains a lone surrogate`);
  }
}
