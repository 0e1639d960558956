/**
 * The console's own paths under `/_apifn/`: the page, its script and style, the event stream,
 * the JSON API and (with a secret) the sign-in. Every request passes the guard first.
 *
 * @module
 */
import type { App } from "../app/options.ts";
import { nextRequestId } from "../app/request_id.ts";
import { errorResponse, HttpError } from "../http/errors.ts";
import { answerKv } from "./api_kv.ts";
import { answerRequests } from "./api_requests.ts";
import type { EventHub } from "./events.ts";
import {
  checkMutation,
  checkPeer,
  readCookie,
  sameSecret,
  secured,
  SESSION_COOKIE,
} from "./guard.ts";
import type { Problems } from "./problems.ts";
import type { RequestLog } from "./requests.ts";
import { renderPage, renderSignIn } from "./ui/page.ts";
import { SCRIPT } from "./ui/script.ts";
import { STYLE } from "./ui/style.ts";

/** The console page. */
export const CONSOLE_PATH = "/_apifn/";
/** Where the console's assets and API live. */
export const CONSOLE_PREFIX = "/_apifn/console/";

/** What the router works with. */
export interface ConsoleState {
  /** The app shown. */
  app: App;
  /** Development mode (error details in answers). */
  dev: boolean;
  /** The per-process token mutations carry. */
  token: string;
  /** With a secret: the secret and the session cookie value it grants. */
  secret?: { value: string; session: string } | undefined;
  log: RequestLog;
  problems: Problems;
  hub: EventHub;
  /** The routes view's data. */
  routes(): unknown;
  /** Sends a request through the app, its console output captured. */
  send(request: Request): Promise<Response>;
}

/**
 * Whether a path is the console's.
 *
 * @param pathname The request path.
 * @returns Whether the console answers it.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { isConsolePath } from "./router.ts";
 *
 * assert.equal(isConsolePath("/_apifn/"), true);
 * assert.equal(isConsolePath("/_apifn/console/api/routes"), true);
 * assert.equal(isConsolePath("/_apifn/health"), false);
 * ```
 */
export function isConsolePath(pathname: string): boolean {
  return pathname === "/_apifn" || pathname === CONSOLE_PATH ||
    pathname.startsWith(CONSOLE_PREFIX);
}

const TYPES = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
};

/**
 * Answers a console request.
 *
 * @param request The request (its peer address recorded).
 * @param state The console.
 * @returns The response, with the console's security headers.
 */
export async function answerConsole(request: Request, state: ConsoleState): Promise<Response> {
  try {
    return secured(await route(request, state));
  } catch (error) {
    const status = error instanceof HttpError ? error.status : 500;
    if (status >= 500) console.error("apifn console: request failed", error);
    return secured(errorResponse(error, { dev: state.dev, requestId: nextRequestId(request) }));
  }
}

async function route(request: Request, state: ConsoleState): Promise<Response> {
  checkPeer(request);
  const url = new URL(request.url);
  const path = url.pathname;
  const method = request.method;
  const reading = method === "GET" || method === "HEAD";
  const signingIn = path === `${CONSOLE_PREFIX}sign-in`;
  // A sign-in is a plain form post: its token comes as a form field.
  if (!reading && !signingIn) checkMutation(request, state.token);
  if (path === "/_apifn") {
    return new Response(null, { status: 308, headers: { location: CONSOLE_PATH } });
  }
  const signedIn = !state.secret ||
    sameSecret(readCookie(request, SESSION_COOKIE) ?? "", state.secret.session);
  if (signingIn && method === "POST") return await signIn(request, state);
  if (path === CONSOLE_PATH && reading) {
    const html = signedIn ? renderPage(state.token) : renderSignIn(state.token);
    return new Response(html, { headers: { "content-type": TYPES.html } });
  }
  const asset = path.slice(CONSOLE_PREFIX.length);
  if (asset === "app.js" && reading) {
    return new Response(SCRIPT, { headers: { "content-type": TYPES.js } });
  }
  if (asset === "app.css" && reading) {
    return new Response(STYLE, { headers: { "content-type": TYPES.css } });
  }
  if (!signedIn) throw new HttpError(401, "Sign in to the console first");
  if (asset === "events" && reading) {
    return new Response(state.hub.open(), {
      headers: { "content-type": "text/event-stream", "x-accel-buffering": "no" },
    });
  }
  if (asset === "api/routes" && reading) return Response.json(state.routes());
  if (asset.startsWith("api/kv/")) {
    return await answerKv(request, asset.slice("api/kv/".length), await state.app.getKv());
  }
  if (asset === "api/requests" || asset.startsWith("api/requests/")) {
    return await answerRequests(
      request,
      asset.slice("api/requests".length),
      state.log,
      state.send,
    );
  }
  throw new HttpError(404, `No console path '${path}'`);
}

/** Checks the secret of the sign-in form and grants the session cookie. */
async function signIn(request: Request, state: ConsoleState): Promise<Response> {
  if (!state.secret) throw new HttpError(404, "This console needs no sign-in");
  const form = await request.formData().catch(() => undefined);
  const token = form?.get("token");
  checkMutation(request, state.token, typeof token === "string" ? token : "");
  const given = form?.get("secret");
  if (typeof given !== "string" || !sameSecret(given, state.secret.value)) {
    throw new HttpError(403, "Wrong console secret");
  }
  const cookie = `${SESSION_COOKIE}=${state.secret.session}; Path=/_apifn/; HttpOnly; ` +
    "SameSite=Strict";
  return new Response(null, {
    status: 303,
    headers: { location: CONSOLE_PATH, "set-cookie": cookie },
  });
}
