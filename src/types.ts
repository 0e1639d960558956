/**
 * The public types that API functions are written against. Their shapes match
 * `ApiFunctionsContext` and the KV types of `@redocly/config` 0.67.0, so a
 * handler written for Redocly type-checks and runs on apifn unchanged. Three
 * additions: `ApiFunctionsUser.idpIdToken`, which Redocly documents but its
 * types lack, the context's `signal`, `enqueue`, `state` and `sse`, and the store's `watch`
 * (the KV types live in `kv_types.ts`).
 *
 * @module
 */

import type { KvChange, KvService, KvValue } from "./kv_types.ts";

export type {
  KvChange,
  KvKey,
  KvKeyPart,
  KvListEntry,
  KvListOptions,
  KvListResponse,
  KvListSelector,
  KvService,
  KvSetOptions,
  KvTransaction,
  KvValue,
  KvWatchOptions,
  KvWatchSelector,
} from "./kv_types.ts";

/** Options of `context.setCookie`. `maxAge` is in milliseconds. */
export interface CookieOptions {
  /** The `Domain` attribute. */
  domain?: string;
  /** The `Expires` attribute. */
  expires?: Date;
  /** `HttpOnly` (default `true`). */
  httpOnly?: boolean;
  /** Lifetime in milliseconds (`3600000` → `Max-Age=3600`). */
  maxAge?: number;
  /** The `Path` attribute (default `/`). */
  path?: string;
  /** `Secure` (default: on for https requests; forced by `sameSite: "None"`). */
  secure?: boolean;
  /** Sign the cookie with HMAC-SHA256 (needs a cookie secret). */
  signed?: boolean;
  /** The `SameSite` attribute (default `Lax`). */
  sameSite?: "Strict" | "Lax" | "None";
}

/** The user making the request. Anonymous users are in team `anonymous`. */
export type ApiFunctionsUser = {
  /** Team names; authenticated users are also in `authenticated`. */
  teams: string[];
  /** Claims of the identity provider's token. */
  // deno-lint-ignore no-explicit-any
  claims: Record<string, any>;
  /** The user's email, when known. */
  email: string | undefined;
  /** The raw access token of the identity provider, when known. */
  idpAccessToken: string | undefined;
  /** The identity provider's id, when known. */
  idpId: string | undefined;
  /**
   * The raw ID token of the identity provider, when known. Redocly documents it on
   * `context.user`, but the `@redocly/config` types lack it: an apifn addition to that shape.
   */
  idpIdToken: string | undefined;
  /** Whether a user was authenticated. */
  isAuthenticated: boolean;
};

/** Options of `context.enqueue` (an apifn addition). */
export type EnqueueOptions = {
  /** Milliseconds to wait before the first run (default 0). */
  delay?: number;
  /** Runs in all, the first included, 1 to 100 (default 5). */
  attempts?: number;
  /**
   * The wait before each retry in ms: a number doubles from there (1000: 1 s, 2 s, 4 s, …, at
   * most an hour); an array gives each wait, its last one repeating. Default 1000.
   */
  backoff?: number | number[];
};

/** The chainable helpers of the context. */
export type ApiFunctionsContextMethods = {
  /** Sets the status of the Response the helpers build; chainable. */
  status: (code: number) => ApiFunctionsContextMethods;
  /** Adds a `Set-Cookie` to the Response; chainable. */
  setCookie: (name: string, value: string, options?: CookieOptions) => ApiFunctionsContextMethods;
  /** Expires a cookie; chainable. */
  deleteCookie: (name: string) => ApiFunctionsContextMethods;
  /** A JSON Response (`application/json; charset=utf-8`). */
  json: (data: object) => Response;
  /** A text Response (`text/plain; charset=utf-8`), optionally with a status. */
  text: (data: string, code?: number) => Response;
  /** A redirect Response (default 302). */
  redirect: (url: string, code?: number) => Response;
};

/** The project configuration handlers see as `context.config`. */
// deno-lint-ignore no-explicit-any
export type ApiFunctionsConfig = Record<string, any>;

/** The second argument of every API function. */
export type ApiFunctionsContext = {
  /** The user making the request. */
  user: ApiFunctionsUser;
  /** The parsed project configuration (`redocly.yaml`). */
  config: ApiFunctionsConfig;
  /** Not used by apifn; present for type compatibility. */
  outdir?: string;
  /** The request's origin, e.g. `http://localhost:8000`. */
  baseUrl?: string;
  /** Path parameters: `[id]` → string, `[...rest]` → string[]. */
  params: Record<string, string | string[]>;
  /** Query parameters: repeated keys → string[]. */
  query: Record<string, string | string[]>;
  /** Request cookies, `{}` when none. */
  cookies: Record<string, string>;
  /** Opens (once) and returns the project's KV store. */
  getKv: () => Promise<KvService>;
  /**
   * apifn's addition (not in `@redocly/config`): aborts when the request's time limit fires
   * (reason: a `TimeoutError` `DOMException`) or the client disconnects (an `AbortError`), so
   * work started with it stops with the request: `fetch(url, { signal: context.signal })`.
   */
  signal: AbortSignal;
  /**
   * apifn's addition (not in `@redocly/config`): runs the job `_jobs/<name>.ts` after this
   * request, at least once, retried with backoff when it throws: `await context.enqueue(
   * "send-welcome", { email })`. Resolves with the job's id once it is stored; rejects with a
   * `TypeError` for an unknown name or a payload that is not JSON, a `RangeError` for a payload
   * over 60 KB or bad options.
   */
  enqueue: (name: string, payload?: KvValue, options?: EnqueueOptions) => Promise<string>;
  /**
   * apifn's addition (not in `@redocly/config`): a plain object of this request only, empty at
   * first, where `_middleware.ts` files put values for the middlewares after them and the
   * function (`context.state.user = …`).
   */
  state: Record<string, unknown>;
  /**
   * apifn's addition (not in `@redocly/config`): answers with Server-Sent Events, one per
   * change of `changes` (ids: versionstamps), with heartbeat comments; the stream is cancelled
   * when the client goes. The time limit covers returning the Response, not the events.
   */
  sse: (changes: ReadableStream<KvChange>, options?: { heartbeatMs?: number }) => Response;
  /** @deprecated Not used by apifn; present for type compatibility. */
  telemetry?: {
    sendCustomMessage: (data: { name: string } & Record<string, string | number>) => void;
  };
} & ApiFunctionsContextMethods;

/** The default export of an API function file. */
export type ApiFunction = (
  request: Request,
  context: ApiFunctionsContext,
) => Response | Promise<Response>;
