/**
 * Servers as real processes: spawned (optionally pinned to cores with `taskset`), ready once
 * they print `listening on http://…` (or answer on a known port), with their RSS and CPU time.
 *
 * @module
 */
import { descendants, treeCpuSeconds } from "./cpu.ts";

/** A running server process. */
export interface ServerProcess {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** The process id (the server itself: `taskset` execs it). */
  pid: number;
  /** The last 64 KB it printed. */
  output(): string;
  /** Resident set size of the process tree, KB (`VmRSS` from `/proc/<pid>/status`). */
  rssKb(): number;
  /** CPU seconds used by the process tree so far. */
  cpuSeconds(): number;
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Options of {@linkcode startProcess}. */
export interface StartOptions {
  /** Cores (`taskset -c`), e.g. `"0"`. */
  cpus?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** Working directory. */
  cwd?: string;
  /** Instead of waiting for a "listening on" line, poll this URL until it answers 2xx. */
  pollUrl?: string;
  /** How long to wait for readiness, ms (default 120 000). */
  timeoutMs?: number;
}

const LISTENING = /listening on (https?:\/\/[^\s/]+)/i;

/**
 * The VmRSS of a process and its descendants, in KB.
 *
 * @param pids The processes.
 * @returns The summed RSS (0 for processes that are gone).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { rssKbOf } from "./server_process.ts";
 *
 * assert.ok(rssKbOf([Deno.pid]) > 1000);
 * ```
 */
export function rssKbOf(pids: readonly number[]): number {
  let kb = 0;
  for (const pid of pids) {
    try {
      const status = Deno.readTextFileSync(`/proc/${pid}/status`);
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kb;
}

/**
 * Spawns a server and waits until it is ready.
 *
 * @param command The program and its arguments.
 * @param options Pinning, environment, readiness.
 * @returns The running server.
 *
 * @example Usage
 * ```ts ignore
 * import { startProcess } from "./server_process.ts";
 *
 * const server = await startProcess(["deno", "run", "-A", "bench/servers/raw_server.ts", "kv.db"], {
 *   cpus: "0",
 * });
 * await server.stop();
 * ```
 */
export async function startProcess(
  command: readonly string[],
  options: StartOptions = {},
): Promise<ServerProcess> {
  const argv = options.cpus ? ["taskset", "-c", options.cpus, ...command] : [...command];
  const child = new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    env: options.env ?? {},
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let found: string | undefined;
  const decoder = new TextDecoder();
  async function drain(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      text = (text + decoder.decode(chunk, { stream: true })).slice(-65_536);
      found ??= LISTENING.exec(text)?.[1]?.replace("localhost", "127.0.0.1")
        .replace("0.0.0.0", "127.0.0.1");
    }
  }
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  let exited: Deno.CommandStatus | undefined;
  const status = child.status.then((s) => (exited = s));
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  let url: string | undefined;
  while (url === undefined) {
    if (exited) throw new Error(`Server exited (${exited.code}) before it was ready:\n${text}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`Server was not ready in time:\n${text}`);
    }
    if (options.pollUrl) {
      try {
        const response = await fetch(options.pollUrl);
        await response.body?.cancel();
        if (response.ok) url = new URL(options.pollUrl).origin;
      } catch {
        // not yet
      }
    } else if (found) url = found;
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const pid = child.pid;
  return {
    url,
    pid,
    output: () => text,
    rssKb: () => rssKbOf(descendants(pid)),
    cpuSeconds: () => treeCpuSeconds(pid),
    async stop(signal: Deno.Signal = "SIGTERM") {
      if (!exited) {
        try {
          child.kill(signal);
        } catch {
          // already gone
        }
      }
      const result = await Promise.race([
        status,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000)),
      ]);
      if (result === null) {
        child.kill("SIGKILL");
        await status;
      }
      await drained;
      return exited!;
    },
  };
}

/**
 * A free TCP port on 127.0.0.1 (for servers that need a fixed port, like `deno serve --parallel`).
 *
 * @returns A port number that was free a moment ago.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { freePort } from "./server_process.ts";
 *
 * assert.ok(freePort() > 0);
 * ```
 */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
