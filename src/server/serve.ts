/**
 * `serve(options)`: `Deno.serve` around `createApp`, a one-line log per
 * request, and graceful shutdown on SIGINT/SIGTERM (stop accepting, finish
 * in-flight requests, close the store).
 *
 * @module
 */
import { type App, type AppOptions, createApp } from "../app.ts";
import { createServeHandler } from "./handler.ts";

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
}

/** A running server. */
export interface Server {
  /** The app it serves. */
  app: App;
  /** Where it listens. */
  addr: Deno.NetAddr;
  /** Resolves once the server has shut down and the store is closed. */
  finished: Promise<void>;
  /** Stops accepting, finishes in-flight requests, closes the store. */
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
 * @param options App options plus `port`, `hostname`, `log`, `handleSignals`.
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
  const app = options.app ?? await createApp(options);
  const log = options.log === false
    ? undefined
    : typeof options.log === "function"
    ? options.log
    : (line: string) => console.log(line);
  const server = Deno.serve({
    port: options.port ?? defaultPort(),
    hostname: options.hostname ?? "0.0.0.0",
    onListen: options.onListen ?? (() => {}),
  }, createServeHandler(app, log ? { log } : {}));

  let closing: Promise<void> | undefined;
  const signals: Deno.Signal[] = options.handleSignals === false ? [] : ["SIGINT", "SIGTERM"];
  const onSignal = () => void shutdown();
  function shutdown(): Promise<void> {
    closing ??= (async () => {
      for (const signal of signals) Deno.removeSignalListener(signal, onSignal);
      await server.shutdown();
      await app.close();
    })();
    return closing;
  }
  for (const signal of signals) Deno.addSignalListener(signal, onSignal);
  const finished = server.finished.then(() => shutdown());
  return { app, addr: server.addr, finished, shutdown };
}
