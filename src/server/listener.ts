/**
 * `listen(options, handler)`: `Deno.serve` that survives running out of file descriptors.
 *
 * When accepting a connection fails (`EMFILE`, `ENFILE`, …), `Deno.serve` drops its listener and
 * rejects `finished`; the connections it already has keep being served. Here that failure is
 * logged once per burst, the failed server is shut down — which closes at once every connection
 * without a request in flight (the idle and half-sent ones that used the descriptors up) and lets
 * requests in flight finish — and a new server listens on the same port after a short back-off
 * (doubling up to 1 s), until one holds. While there is no listener, new connections are refused:
 * the load is shed. The process never exits because of it.
 *
 * `Deno.serve` offers no per-connection timeouts or connection cap, and `shutdown()` then an
 * abort of its signal throws, so in-flight requests cannot be cut from here: `unref()` lets the
 * process exit with them.
 *
 * @module
 */

/** Options of {@linkcode listen}. */
export interface ListenOptions {
  /** Port (`0` picks a free one, kept across restarts). */
  port: number;
  /** Interface. */
  hostname: string;
  /** Called once, when the first listener is up. */
  onListen?: (address: { hostname: string; port: number }) => void;
  /** Receives a line when accepting starts failing and when it works again. */
  warn?: (message: string) => void;
  /** First back-off before listening again, in ms (default 50; doubles up to `maxRetryMs`). */
  retryMs?: number;
  /** Longest back-off, in ms (default 1000). */
  maxRetryMs?: number;
  /** How long a new listener must hold before the burst is over, in ms (default 5000). */
  settleMs?: number;
}

/** A listener started by {@linkcode listen}. */
export interface Listener {
  /** Where it listens. */
  readonly addr: Deno.NetAddr;
  /** Listener failures since the start (each one closed the idle connections). */
  readonly failures: number;
  /** Stops accepting and resolves once every request in flight is answered. */
  shutdown(): Promise<void>;
  /** Lets the process exit while connections are still open. */
  unref(): void;
}

type Handler = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) =>
  | Response
  | Promise<Response>;

/**
 * Serves `handler` on `options.port`, listening again after accept failures.
 *
 * @param options Port, hostname, `onListen`, `warn` and the back-off.
 * @param handler The request handler.
 * @returns The listener.
 * @throws When the first listener cannot be opened (e.g. the port is in use).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { listen } from "./listener.ts";
 *
 * const listener = listen({ port: 0, hostname: "127.0.0.1" }, () => new Response("hi"));
 * const response = await fetch(`http://127.0.0.1:${listener.addr.port}/`);
 * assert.equal(await response.text(), "hi");
 * await listener.shutdown();
 * ```
 */
export function listen(options: ListenOptions, handler: Handler): Listener {
  const warn = options.warn ?? ((message: string) => console.warn(`apifn: ${message}`));
  const minRetry = options.retryMs ?? 50;
  const maxRetry = options.maxRetryMs ?? 1000;
  const settleMs = options.settleMs ?? 5000;
  // Every server not yet finished, with its shutdown once one was asked for (asking twice throws).
  const servers = new Map<Deno.HttpServer<Deno.NetAddr>, Promise<void> | undefined>();
  let port = options.port;
  let current: Deno.HttpServer<Deno.NetAddr> | undefined;
  let retryMs = minRetry;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  let burst: { since: number; failures: number } | undefined;
  let failures = 0;
  let stopped = false;
  let unrefed = false;
  let shuttingDown: Promise<void> | undefined;

  function start(onListen: ListenOptions["onListen"]): Deno.HttpServer<Deno.NetAddr> {
    const server = Deno.serve(
      { port, hostname: options.hostname, onListen: onListen ?? (() => {}) },
      handler,
    );
    servers.set(server, undefined);
    if (unrefed) server.unref();
    server.finished.then(() => servers.delete(server), (error) => failed(server, error));
    return server;
  }

  function close(server: Deno.HttpServer<Deno.NetAddr>): Promise<void> {
    let closing = servers.get(server);
    if (!closing) {
      closing = server.shutdown().catch(() => {}).finally(() => servers.delete(server));
      servers.set(server, closing);
    }
    return closing;
  }

  function failed(server: Deno.HttpServer<Deno.NetAddr>, error: unknown): void {
    if (server === current) current = undefined;
    // Its listener is gone; closing it now frees the descriptors of every idle connection.
    void close(server);
    if (stopped) return;
    failures++;
    note(error);
    if (settleTimer !== undefined) clearTimeout(settleTimer);
    settleTimer = undefined;
    if (retryTimer === undefined) retry();
  }

  function note(error: unknown): void {
    if (burst) {
      burst.failures++;
      return;
    }
    burst = { since: Date.now(), failures: 1 };
    const message = (error instanceof Error ? error.message : String(error)).replace(
      /^Error: /,
      "",
    );
    warn(
      `Cannot accept connections on ${options.hostname}:${port} (${message}): ` +
        "closing idle connections and listening again",
    );
  }

  function retry(): void {
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (stopped) return;
      try {
        current = start(undefined);
      } catch (error) {
        note(error);
        retry();
        return;
      }
      settle(current);
    }, retryMs);
    if (unrefed) Deno.unrefTimer(retryTimer);
    retryMs = Math.min(retryMs * 2, maxRetry);
  }

  function settle(server: Deno.HttpServer<Deno.NetAddr>): void {
    const listening = Date.now();
    settleTimer = setTimeout(() => {
      settleTimer = undefined;
      if (server !== current || !burst) return;
      const seconds = ((listening - burst.since) / 1000).toFixed(1);
      warn(
        `Accepting connections again after ${burst.failures} failure(s) in ${seconds} s`,
      );
      burst = undefined;
      retryMs = minRetry;
    }, settleMs);
    Deno.unrefTimer(settleTimer);
  }

  current = start(options.onListen);
  const addr = current.addr;
  port = addr.port;

  return {
    addr,
    get failures() {
      return failures;
    },
    shutdown() {
      shuttingDown ??= (async () => {
        stopped = true;
        if (retryTimer !== undefined) clearTimeout(retryTimer);
        if (settleTimer !== undefined) clearTimeout(settleTimer);
        await Promise.all([...servers.keys()].map(close));
      })();
      return shuttingDown;
    },
    unref() {
      unrefed = true;
      for (const server of servers.keys()) server.unref();
      if (retryTimer !== undefined) Deno.unrefTimer(retryTimer);
    },
  };
}
