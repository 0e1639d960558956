/**
 * `serve(options)`: `Deno.serve` around `createApp`, a one-line log per
 * request, a listener that survives running out of file descriptors
 * (`listener.ts`), an optional health endpoint (`health.ts`), optional OpenAPI
 * endpoints (`openapi.ts`), and graceful
 * shutdown on SIGINT/SIGTERM: stop accepting, finish in-flight requests, close
 * the store — within a grace period, after which the requests still running
 * are cut (a second signal cuts at once).
 *
 * @module
 */
import { resolve } from "node:path";
import { type App, type AppOptions, createApp } from "../app.ts";
import type { DevConsole } from "../console/console.ts";
import { consoleFor } from "../console/serve_console.ts";
import { createServeHandler } from "./handler.ts";
import { HEALTH_PATH, shadowedRoutes, withHealth } from "./health.ts";
import { listen, type Listener } from "./listener.ts";
import { openApiLoader, resolveOpenApi, withOpenApi } from "./openapi.ts";
import { resolveHealth, resolveShutdownGrace } from "./serve_options.ts";

/** Options of {@linkcode serve}: the app's options plus the listener's. */
export interface ServeOptions extends AppOptions {
  /** Port (default `PORT`, else 8000; `0` picks a free one). */
  port?: number;
  /** Interface to listen on (default `0.0.0.0`). */
  hostname?: string;
  /** Request log: `true` (default) prints one line per request; a function receives each line. */
  log?: boolean | ((line: string) => void);
  /** Shut down gracefully on SIGINT and SIGTERM (default `true`). */
  handleSignals?: boolean;
  /** Called once listening. */
  onListen?: (address: { hostname: string; port: number }) => void;
  /** Serve this app instead of creating one from the options (closed on shutdown). */
  app?: App;
  /**
   * How long shutdown may take, in ms (default 10 000, the default time limit of a call): after
   * it, `finished` resolves with the requests still running cut off — their connections close
   * when the process exits (the CLI exits then).
   */
  shutdownGraceMs?: number;
  /**
   * Answer `GET /_apifn/health` with 200 `{"status":"ok","kv":"ok"}`, or 503 when the store does
   * not open and read (default `false`; `serveDev`: `true`). It wins over a user route on that
   * path (startup warns).
   */
  health?: boolean;
  /**
   * Serve `GET /_apifn/openapi.json` (the OpenAPI document), `/_apifn/docs` (its Redoc page) and
   * `/_apifn/redoc.standalone.js` (default `false`; `serveDev`: `true`).
   */
  openapi?: boolean;
  /**
   * Serve the console at `/_apifn/` (routes, KV browser, requests): default `false`; `serveDev`:
   * `true`. Here it also needs a secret, `consoleSecret` or `APIFN_CONSOLE_SECRET`, that the page
   * asks for. It answers loopback peers only. Requests are listed when `serve` creates the app.
   */
  console?: boolean;
  /** The secret the console asks for (default `APIFN_CONSOLE_SECRET`; at least 8 characters). */
  consoleSecret?: string;
}

/** A running server. */
export interface Server {
  /** The app it serves. */
  app: App;
  /** Where it listens. */
  addr: Deno.NetAddr;
  /**
   * Resolves once the server has shut down: in-flight requests answered and the store closed, or
   * the grace period over.
   */
  finished: Promise<void>;
  /**
   * Stops accepting, finishes in-flight requests, closes the store; resolves then, or when the
   * grace period is over (the requests still running are cut when the process exits).
   */
  shutdown(): Promise<void>;
}

function defaultPort(): number {
  try {
    const port = Number(Deno.env.get("PORT"));
    return Number.isInteger(port) && port >= 0 && port < 65536 && Deno.env.get("PORT")
      ? port
      : 8000;
  } catch {
    return 8000;
  }
}

/**
 * Serves a project over HTTP.
 *
 * @param options App options plus `port`, `hostname`, `log`, `handleSignals`, `shutdownGraceMs`,
 *   `health`.
 * @returns The running server.
 *
 * @example Usage
 * ```ts ignore
 * import { serve } from "@apifn/core";
 *
 * const server = await serve({ root: ".", port: 8000 });
 * await server.finished;
 * ```
 */
export async function serve(options: ServeOptions = {}): Promise<Server> {
  return await serveWith(options, undefined);
}

/**
 * {@linkcode serve} with a console its caller made and gave to `options.app` (`serveDev`, the
 * CLI); without one, `options.console` decides.
 *
 * @param options The serve options.
 * @param made The console, or `undefined`.
 * @returns The running server.
 */
export async function serveWith(
  options: ServeOptions,
  made: DevConsole | undefined,
): Promise<Server> {
  const graceMs = resolveShutdownGrace(options.shutdownGraceMs);
  const health = resolveHealth(options.health, false);
  const devConsole = made ?? consoleFor(options, false);
  let created: App | undefined = options.app;
  try {
    created ??= await createApp(
      devConsole ? { ...options, ...devConsole.appHooks(options) } : options,
    );
    devConsole?.attach(created);
  } catch (error) {
    devConsole?.close();
    if (!options.app) await created?.close();
    throw error;
  }
  const app = created;
  const openapi = resolveOpenApi(options.openapi, false);
  try {
    await app.startJobs();
  } catch (error) {
    devConsole?.close();
    if (!options.app) await app.close();
    throw error;
  }
  const warn = options.logger
    ? (message: string) => options.logger!.warn(message)
    : (message: string) => console.warn(`apifn: ${message}`);
  const log = options.log === false
    ? undefined
    : typeof options.log === "function"
    ? options.log
    : (line: string) => console.log(line);
  let handler = createServeHandler(devConsole ? devConsole.track(app) : app, log ? { log } : {});
  if (health) {
    handler = withHealth(handler, app, { dev: options.dev ?? false });
    for (const route of shadowedRoutes(app.routes)) {
      warn(`The health endpoint GET ${HEALTH_PATH} hides route ${route.path} (${route.file})`);
    }
  }
  if (openapi) {
    const root = resolve(options.root ?? Deno.cwd());
    const load = openApiLoader(options, root);
    handler = withOpenApi(handler, { app, root, load, dev: options.dev ?? false, warn });
  }
  if (devConsole) handler = devConsole.wrap(handler);
  const done = Promise.withResolvers<void>();
  let closing: Promise<void> | undefined;
  const over = Promise.withResolvers<"cut">();
  const signals: Deno.Signal[] = options.handleSignals === false ? [] : ["SIGINT", "SIGTERM"];
  // A second signal during the grace period cuts at once.
  const onSignal = () => closing ? over.resolve("cut") : void shutdown();
  function shutdown(): Promise<void> {
    if (closing) return closing;
    closing = (async () => {
      const timer = setTimeout(() => over.resolve("cut"), graceMs);
      // Open console pages hold event streams: ended first, they do not hold up the shutdown.
      devConsole?.close();
      const graceful = (async () => {
        await listener.shutdown();
        await app.close();
        return "done" as const;
      })();
      try {
        if (await Promise.race([graceful, over.promise]) === "cut") {
          graceful.catch(() => {});
          warn(
            `Shutdown grace period of ${graceMs} ms is over: cutting the requests still running`,
          );
          listener.unref();
        }
      } finally {
        clearTimeout(timer);
        for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
      }
    })();
    closing.then(done.resolve, done.reject);
    return closing;
  }
  // Listening for signals first: a signal right after "listening on" must not kill the process.
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  let listener: Listener;
  try {
    listener = listen({
      port: options.port ?? defaultPort(),
      hostname: options.hostname ?? "0.0.0.0",
      ...(options.onListen ? { onListen: options.onListen } : {}),
      warn,
    }, handler);
  } catch (error) {
    for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
    devConsole?.close();
    if (!options.app) await app.close();
    throw error;
  }
  return { app, addr: listener.addr, finished: done.promise, shutdown };
}
