/**
 * The dev console (`/_apifn/`): its state (token, request log, problems, open pages), the hooks it
 * gives `createApp` (`onResponse`, a logger that also records problems), and the serve handler
 * around the app. `serveDev` turns it on; `serve` only with `console: true` and a secret.
 *
 * @module
 */
import type { ResponseInfo } from "../app/observe.ts";
import type { App, AppOptions } from "../app/options.ts";
import type { RouteInfo } from "../app/routes.ts";
import { encodeBase64Url } from "../auth/base64url.ts";
import { setRemoteAddress } from "../http/remote_addr.ts";
import { fastPathname } from "../http/pathname.ts";
import { type Capture, captureOf, runCaptured, startCapture } from "./capture.ts";
import { EventHub } from "./events.ts";
import { Problems } from "./problems.ts";
import { RequestLog, summarize } from "./requests.ts";
import { answerConsole, type ConsoleState, isConsolePath } from "./router.ts";
import { reservedRouteError } from "./reserved.ts";

type Logger = NonNullable<AppOptions["logger"]>;
type Handler<I> = (request: Request, info: I) => Response | Promise<Response>;

/** A console, before and after it is attached to its app. */
export interface DevConsole {
  /**
   * The `createApp` options that feed it: `onResponse` (calling `options.onResponse` too), and a
   * logger that records problems and passes everything on to `options.logger` (default: the
   * console, as `createApp` prints).
   */
  appHooks(
    options: Pick<AppOptions, "onResponse" | "logger">,
  ): Pick<AppOptions, "onResponse" | "logger">;
  /** Shows `app`; throws when one of its routes is under `/_apifn/` (named in the message). */
  attach(app: App): void;
  /** What the serve handler calls: `app`'s requests, run with their console output captured. */
  track(app: App): Pick<App, "fetch" | "respond">;
  /** The serve handler with the console's paths in front of `handler`. */
  wrap<I extends Deno.ServeHandlerInfo>(handler: Handler<I>): Handler<I>;
  /** Before a reload: problems reported from now on belong to the new table. */
  reloading(): void;
  /** After a good reload: shows the new table (a route under `/_apifn/` is shown as a problem). */
  routesChanged(): void;
  /** After a failed reload: its message is shown until the next good one. */
  reloadFailed(message: string): void;
  /** Ends the open event streams and the console capture. */
  close(): void;
}

/** Options of {@linkcode createConsole}. */
export interface ConsoleOptions {
  /** Development mode: error details in answers. */
  dev: boolean;
  /** When set, the page asks for it once and then keeps a session cookie (`start`). */
  secret?: string | undefined;
}

function randomText(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(24)));
}

/**
 * Creates a console.
 *
 * @param options Dev mode and the secret.
 * @returns The console, to attach to its app.
 */
export function createConsole(options: ConsoleOptions): DevConsole {
  const log = new RequestLog();
  const problems = new Problems();
  const hub = new EventHub();
  const stopCapture = startCapture();
  let app: App | undefined;
  const attached = () => {
    if (!app) throw new Error("The console is not attached to an app");
    return app;
  };
  const state: ConsoleState = {
    get app() {
      return attached();
    },
    dev: options.dev,
    token: randomText(),
    secret: options.secret ? { value: options.secret, session: randomText() } : undefined,
    log,
    problems,
    hub,
    routes: () => ({ routes: routeRows(attached().routes), problems: problems.list() }),
    send: (request) => runCaptured({ lines: [] }, () => attached().fetch(request)),
  };
  // Problems come from the app's logger, also before the console is attached (startup).
  const changed = () => {
    if (app && hub.size > 0) hub.send("routes", state.routes());
  };
  const record = (level: "error" | "warning", message: string) => {
    if (problems.add(level, message)) changed();
  };
  return {
    appHooks(given) {
      const logger: Logger = given.logger ?? {
        warn: (message) => console.warn(`apifn: ${message}`),
        error: (message, error) => console.error(`apifn: ${message}`, error ?? ""),
      };
      const chained = given.onResponse;
      return {
        onResponse(info: ResponseInfo) {
          const capture = captureOf();
          const item = log.add(info, capture?.lines ?? []);
          hub.send("request", summarize(item));
          chained?.(info);
        },
        logger: {
          warn(message) {
            record("warning", message);
            logger.warn(message);
          },
          error(message, error) {
            record("error", message);
            logger.error(message, error);
          },
        },
      };
    },
    attach(target) {
      const error = reservedRouteError(target.routes);
      if (error) throw error;
      app = target;
    },
    track(target) {
      const captured = (): Capture => ({ lines: [] });
      return {
        fetch: (request, init) => runCaptured(captured(), () => target.fetch(request, init)),
        respond: (request, init) => runCaptured(captured(), () => target.respond(request, init)),
      };
    },
    wrap(handler) {
      return (request, info) => {
        const pathname = fastPathname(request.url) ?? new URL(request.url).pathname;
        if (!isConsolePath(pathname)) return handler(request, info);
        setRemoteAddress(request, info);
        return answerConsole(request, state);
      };
    },
    reloading() {
      problems.begin();
    },
    routesChanged() {
      problems.keepCurrent();
      const error = app && reservedRouteError(app.routes);
      if (error) problems.add("error", error.message);
      changed();
    },
    reloadFailed(message) {
      problems.add("error", message);
      changed();
    },
    close() {
      hub.close();
      stopCapture();
    },
  };
}

/** The routes view's rows. */
function routeRows(routes: readonly RouteInfo[]) {
  return routes.map((route) => ({
    method: route.method,
    path: route.path,
    file: route.file,
    access: route.access ?? null,
    summary: route.summary ?? null,
  }));
}
