/**
 * One load measurement of a running server: wrk after a warm-up, with the server's CPU time per
 * request and the CPU other programs took meanwhile. The VM is shared: a run during which other
 * programs used more than `maxForeignPercent` of a core is repeated (the least disturbed
 * attempt is kept and its foreign CPU reported).
 *
 * @module
 */
import { foreignPercent, snapshot, waitQuiet } from "./cpu.ts";
import type { ServerProcess } from "./server_process.ts";
import { runWrk, type WrkResult } from "./wrk.ts";

/** A measurement. */
export interface Measurement extends WrkResult {
  /** Server CPU microseconds per request (all its threads). */
  serverUsPerRequest: number;
  /** Server CPU use during the run, in cores. */
  serverCores: number;
  /** CPU other programs used during the run, % of one core. */
  foreignPercent: number;
  /** Attempts made (more than 1 when runs were disturbed). */
  attempts: number;
}

/** Options of {@linkcode measure}. */
export interface MeasureOptions {
  /** Open connections. */
  connections: number;
  /** Seconds measured. */
  seconds: number;
  /** Seconds of warm-up load first (default 2). */
  warmupSeconds?: number;
  /** A wrk Lua script. */
  script?: string;
  /** wrk threads (default 1). */
  threads?: number;
  /** Cores for wrk (`taskset -c`); none: unpinned. */
  cpus?: string;
  /** Repeat a run disturbed by more foreign CPU than this, % of a core (default 10). */
  maxForeignPercent?: number;
  /** Attempts at most (default 3). */
  attempts?: number;
}

/**
 * Measures `server` under wrk load at `url`.
 *
 * @param server The running server.
 * @param url The URL wrk requests (a script may change path and method).
 * @param options Load shape and disturbance policy.
 * @returns The least disturbed attempt.
 *
 * @example Usage
 * ```ts ignore
 * import { measure } from "./measure.ts";
 * import { startProcess } from "./server_process.ts";
 *
 * const server = await startProcess(["deno", "run", "-A", "bench/servers/raw_server.ts", "kv.db"]);
 * console.log(await measure(server, `${server.url}/api/hello`, { connections: 32, seconds: 5 }));
 * await server.stop();
 * ```
 */
export async function measure(
  server: ServerProcess,
  url: string,
  options: MeasureOptions,
): Promise<Measurement> {
  const wrk = { ...options, threads: options.threads ?? 1 };
  const warmup = options.warmupSeconds ?? 2;
  if (warmup > 0) await runWrk(url, { ...wrk, seconds: warmup });
  const maxForeign = options.maxForeignPercent ?? 10;
  let best: Measurement | undefined;
  for (let attempt = 1; attempt <= (options.attempts ?? 3); attempt++) {
    await waitQuiet({ maxPercent: maxForeign, own: [server.pid], timeoutMs: 60_000 });
    const own = [Deno.pid, server.pid];
    const before = snapshot(own);
    const serverBefore = server.cpuSeconds();
    const result = await runWrk(url, wrk);
    const serverCpu = server.cpuSeconds() - serverBefore;
    const after = snapshot(own);
    const seconds = (after.at - before.at) / 1000;
    const current: Measurement = {
      ...result,
      serverUsPerRequest: serverCpu / result.requests * 1e6,
      serverCores: serverCpu / seconds,
      foreignPercent: foreignPercent(before, after, result.cpuSeconds),
      attempts: attempt,
    };
    if (!best || current.foreignPercent < best.foreignPercent) best = { ...current };
    best.attempts = attempt;
    if (current.foreignPercent <= maxForeign) break;
  }
  return best!;
}
