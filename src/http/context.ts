/**
 * The `context` object passed as the second argument to every API function.
 *
 * @module
 */

import type {
  ApiFunctionsConfig,
  ApiFunctionsContext,
  ApiFunctionsUser,
  CookieOptions,
  KvService,
} from "../types.ts";
import { noJobQueue } from "../jobs/no_queue.ts";
import { parseCookies } from "./cookies.ts";
import { followRequest } from "./follow_request.ts";
import { anonymousUser } from "./anonymous_user.ts";
import { parseQuery } from "./query.ts";
import { checkStatus, ResponseState } from "./response_state.ts";
import { installSse } from "./sse.ts";

export { anonymousUser };

/** What {@linkcode createContext} needs besides the Request. */
export type ContextInit = {
  /** Path parameters of the matched route. */
  params: Record<string, string | string[]>;
  /** The user making the request. */
  user: ApiFunctionsUser;
  /** The parsed project configuration. */
  config: ApiFunctionsConfig;
  /** Opens (once) and returns the project's KV store. */
  getKv: () => Promise<KvService>;
  /** The request URL, when already parsed (saves parsing it again). */
  url?: URL;
  /** Signs `signed: true` cookies and verifies signed request cookies (needs a cookie secret). */
  signer?: {
    sign(name: string, value: string): string;
    verifyAll(cookies: Record<string, string>): Record<string, string>;
  } | undefined;
  /** The app's `enqueue` (without one, `context.enqueue` rejects). */
  enqueue?: ApiFunctionsContext["enqueue"] | undefined;
};

const JSON_TYPE = "application/json; charset=utf-8";
const TEXT_TYPE = "text/plain; charset=utf-8";

/** Reads the response state of a context built here (set in the class's static block). */
let stateOf: (context: object) => ResponseState | undefined;
/** Aborts the signal of a context built here (set in the class's static block). */
let abortOf: (context: object, reason: unknown) => void;

/** The context: a class (V8 builds literals with accessors slowly); helpers are arrow fields, so
 * they work destructured; `query`, `cookies`, `baseUrl`, `signal`, `sse` are lazy getters. */
class RequestContext implements ApiFunctionsContext {
  static {
    stateOf = (context) => #state in context ? context.#state : undefined;
    abortOf = (context, reason) => {
      if (#abort in context) (context.#abort ??= new AbortController()).abort(reason);
    };
  }

  user: ApiFunctionsUser;
  config: ApiFunctionsConfig;
  params: Record<string, string | string[]>;
  getKv: () => Promise<KvService>;
  #state: ResponseState;
  #request: Request;
  #query: Record<string, string | string[]> | undefined = undefined;
  #cookies: Record<string, string> | undefined = undefined;
  #baseUrl: string | undefined = undefined;
  #signer: ContextInit["signer"];
  #abort: AbortController | undefined = undefined;
  #enqueue: ContextInit["enqueue"];
  #values: Record<string, unknown> | undefined = undefined;

  constructor(request: Request, init: ContextInit) {
    this.user = init.user;
    this.config = init.config;
    this.params = init.params;
    this.getKv = init.getKv;
    this.#request = request;
    this.#signer = init.signer;
    this.#enqueue = init.enqueue;
    this.#state = new ResponseState(request, init.url, { sign: init.signer?.sign });
  }

  get query(): Record<string, string | string[]> {
    return this.#query ??= parseQuery(this.#state.url);
  }
  set query(value: Record<string, string | string[]>) {
    this.#query = value;
  }

  get cookies(): Record<string, string> {
    if (this.#cookies !== undefined) return this.#cookies;
    const cookies = parseCookies(this.#request.headers.get("cookie"));
    return this.#cookies = this.#signer ? this.#signer.verifyAll(cookies) : cookies;
  }
  set cookies(value: Record<string, string>) {
    this.#cookies = value;
  }

  get baseUrl(): string {
    return this.#baseUrl ??= this.#state.url.origin;
  }
  set baseUrl(value: string) {
    this.#baseUrl = value;
  }

  // Made on first read: requests whose function never reads it pay nothing (reading
  // `request.signal` has Deno watch the connection, and warn once under its legacy behaviour).
  get signal(): AbortSignal {
    return (this.#abort ??= followRequest(this.#request)).signal;
  }

  // A getter: the app's function itself, not bound to the request (nothing made per request).
  get enqueue(): ApiFunctionsContext["enqueue"] {
    return this.#enqueue ?? noJobQueue;
  }

  // Made on first read: most requests have no middleware to share values with.
  get state(): Record<string, unknown> {
    return this.#values ??= {};
  }
  set state(value: Record<string, unknown>) {
    this.#values = value;
  }

  get sse(): ApiFunctionsContext["sse"] {
    return installSse(this, () => this.#abort?.signal);
  }

  status = (code: number): this => {
    checkStatus(code);
    this.#state.status = code;
    return this;
  };

  setCookie = (name: string, value: string, options?: CookieOptions): this => {
    this.#state.setCookie(name, value, options);
    return this;
  };

  deleteCookie = (name: string): this => {
    this.#state.deleteCookie(name);
    return this;
  };

  json = (data: object): Response => {
    const state = this.#state;
    return state.respond(JSON.stringify(data) ?? "null", state.status ?? 200, JSON_TYPE);
  };

  text = (data: string, code?: number): Response => {
    if (code !== undefined) checkStatus(code);
    const state = this.#state;
    return state.respond(String(data), code ?? state.status ?? 200, TEXT_TYPE);
  };

  redirect = (url: string, code: number = 302): Response => {
    return this.#state.redirect(url, code);
  };
}

/**
 * Creates the context of one request. `query`, `cookies` and `baseUrl` are
 * computed on first access (they are getters, so they are not own enumerable
 * properties); the methods work when destructured; status and cookies set on
 * the context apply to the Responses its helpers build.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { anonymousUser, createContext } from "./context.ts";
 *
 * const request = new Request("http://localhost:8000/api/users?active=true");
 * const context = createContext(request, {
 *   params: {},
 *   user: anonymousUser(),
 *   config: {},
 *   getKv: () => Promise.reject(new Error("no KV here")),
 * });
 * assert.deepEqual(context.query, { active: "true" });
 * assert.equal(context.baseUrl, "http://localhost:8000");
 * const response = context.status(201).json({ ok: true });
 * assert.equal(response.status, 201);
 * assert.deepEqual(await response.json(), { ok: true });
 * ```
 */
export function createContext(request: Request, init: ContextInit): ApiFunctionsContext {
  return new RequestContext(request, init);
}

/**
 * Aborts `context.signal` (made now if the function has not read it yet) with `reason`; the
 * time limit does it, with a `TimeoutError`. Nothing happens for a context not made by
 * {@linkcode createContext}, or one already aborted.
 *
 * @param context The context.
 * @param reason The abort reason.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { abortContext, anonymousUser, createContext } from "./context.ts";
 *
 * const context = createContext(new Request("http://localhost/"), {
 *   params: {},
 *   user: anonymousUser(),
 *   config: {},
 *   getKv: () => Promise.reject(new Error("no KV here")),
 * });
 * abortContext(context, new DOMException("Function timed out after 10 s", "TimeoutError"));
 * assert.equal(context.signal.aborted, true);
 * assert.equal(context.signal.reason.name, "TimeoutError");
 * ```
 */
export function abortContext(context: ApiFunctionsContext, reason: unknown): void {
  abortOf(context, reason);
}

/** The body of `response` when the context's helpers built it, else `undefined`. */
export function builtBody(context: ApiFunctionsContext, response: Response): string | undefined {
  return stateOf(context)?.bodyOf(response);
}

/**
 * Adds the cookies set on `context` to a Response the handler built itself.
 * Returns `response` unchanged when there are none (or when a context helper
 * built it); returns a copy when its headers are immutable (e.g. from `fetch`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { anonymousUser, applyContextCookies, createContext } from "./context.ts";
 *
 * const context = createContext(new Request("http://localhost/"), {
 *   params: {},
 *   user: anonymousUser(),
 *   config: {},
 *   getKv: () => Promise.reject(new Error("no KV here")),
 * });
 * context.setCookie("theme", "dark");
 * const response = applyContextCookies(context, new Response("hi"));
 * assert.equal(response.headers.get("set-cookie"), "theme=dark; Path=/; HttpOnly; SameSite=Lax");
 * ```
 */
export function applyContextCookies(context: ApiFunctionsContext, response: Response): Response {
  const state = stateOf(context);
  return state === undefined ? response : state.applyTo(response);
}
