/**
 * `serve(options)`: `Deno.serve` around `createApp`, a one-line log per
 * request, a listener that survives running out of file descriptors
 * (`listener.ts`), an optional health endpoint (`health.ts`), and graceful
 * shutdown on SIGINT/SIGTERM: stop accepting, finish in-flight requests, close
 * the store — within a grace period, after which the requests still running
 * are cut (a second signal cuts at once).
 *
 * @module
 */
import { type App, type AppOptions, createApp } from "../app.ts";
import { createServeHandler } from "./handler.ts";
import { HEALTH_PATH, shadowedRoutes, withHealth } from "./health.ts";
import { listen, type Listener } from "./listener.ts";
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
  const graceMs = resolveShutdownGrace(options.shutdownGraceMs);
  const health = resolveHealth(options.health, false);
  const app = options.app ?? await createApp(options);
  try {
    await app.startJobs();
  } catch (error) {
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
  let handler = createServeHandler(app, log ? { log } : {});
  if (health) {
    handler = withHealth(handler, app, { dev: options.dev ?? false });
    for (const route of shadowedRoutes(app.routes)) {
      warn(`The health endpoint GET ${HEALTH_PATH} hides route ${route.path} (${route.file})`);
    }
  }
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
    if (!options.app) await app.close();
    throw error;
  }
  return { app, addr: listener.addr, finished: done.promise, shutdown };
}
