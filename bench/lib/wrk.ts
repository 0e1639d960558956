/**
 * Running `wrk` (HTTP load generator, Debian package `wrk`) and reading its report.
 *
 * @module
 */

/** What one wrk run measured. */
export interface WrkResult {
  /** Requests per second. */
  rps: number;
  /** Requests completed. */
  requests: number;
  /** Median latency, ms. */
  p50Ms: number;
  /** 99th percentile latency, ms. */
  p99Ms: number;
  /** Non-2xx/3xx responses plus socket errors. */
  errors: number;
  /** CPU seconds wrk itself used. */
  cpuSeconds: number;
}

/** Options of {@linkcode runWrk}. */
export interface WrkOptions {
  /** Open connections. */
  connections: number;
  /** Seconds to run. */
  seconds: number;
  /** wrk threads (default 1). */
  threads?: number;
  /** A Lua script (path). */
  script?: string;
  /** Cores to pin wrk to (`taskset -c`), e.g. `"1"`; none: unpinned. */
  cpus?: string;
}

function toMs(text: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!match) return NaN;
  const factor = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as "us" | "ms" | "s" | "m"];
  return Number(match[1]) * factor;
}

/**
 * Reads wrk's `--latency` report (plus bash `times` output appended after it).
 *
 * @param text wrk's stdout.
 * @returns The parsed result.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseWrk } from "./wrk.ts";
 *
 * const result = parseWrk(`  Latency Distribution
 *      50%  201.00us
 *      99%   10.89ms
 *   661887 requests in 5.00s, 95.95MB read
 *   Non-2xx or 3xx responses: 3
 * Requests/sec: 132377.29
 * 0m0.001s 0m0.002s
 * 0m1.500s 0m2.000s`);
 * assert.equal(result.rps, 132377.29);
 * assert.equal(result.p50Ms, 0.201);
 * assert.equal(result.p99Ms, 10.89);
 * assert.equal(result.errors, 3);
 * assert.equal(result.cpuSeconds, 3.5);
 * ```
 */
export function parseWrk(text: string): WrkResult {
  const num = (re: RegExp) => Number(re.exec(text)?.[1] ?? NaN);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  const times = [...text.matchAll(/(\d+)m([\d.]+)s (\d+)m([\d.]+)s/g)].at(-1);
  const cpu = times
    ? Number(times[1]) * 60 + Number(times[2]) + Number(times[3]) * 60 + Number(times[4])
    : NaN;
  return {
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    requests: num(/(\d+) requests in/),
    p50Ms: toMs(/^\s+50%\s+(\S+)/m.exec(text)?.[1] ?? ""),
    p99Ms: toMs(/^\s+99%\s+(\S+)/m.exec(text)?.[1] ?? ""),
    errors:
      (/Non-2xx or 3xx responses: (\d+)/.exec(text) ? num(/Non-2xx or 3xx responses: (\d+)/) : 0) +
      socketErrors,
    cpuSeconds: cpu,
  };
}

/**
 * Installs wrk with apt-get when it is missing (needs root); throws with instructions otherwise.
 *
 * @returns When wrk is on the PATH.
 *
 * @example Usage
 * ```ts ignore
 * import { ensureWrk } from "./wrk.ts";
 *
 * await ensureWrk();
 * ```
 */
export async function ensureWrk(): Promise<void> {
  const found = await new Deno.Command("sh", { args: ["-c", "command -v wrk"], stdout: "null" })
    .output();
  if (found.success) return;
  console.log("bench: wrk not found; installing it with apt-get (Debian package 'wrk')");
  const install = await new Deno.Command("sh", {
    args: ["-c", "apt-get install -y wrk || (apt-get update && apt-get install -y wrk)"],
  }).output();
  if (!install.success) {
    throw new Error(
      "Cannot run the benchmarks: wrk is missing and 'apt-get install -y wrk' failed; install wrk (https://github.com/wg/wrk) and run again",
    );
  }
}

/**
 * Runs wrk against `url` and parses its report.
 *
 * @param url The URL (the script may override path and method).
 * @param options Connections, duration, script, pinning.
 * @returns The result.
 *
 * @example Usage
 * ```ts ignore
 * import { runWrk } from "./wrk.ts";
 *
 * const result = await runWrk("http://127.0.0.1:8000/api/hello", { connections: 32, seconds: 5 });
 * console.log(result.rps);
 * ```
 */
export async function runWrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${options.threads ?? 1}`,
    `-c${options.connections}`,
    `-d${options.seconds}s`,
    "--timeout",
    "10s",
    "--latency",
    ...(options.script ? ["-s", options.script] : []),
    url,
  ];
  // bash `times` prints wrk's CPU time (user, system) after it exits.
  const shell = ["bash", "-c", 'wrk "$@"; status=$?; times; exit $status', "wrk", ...args];
  const command = options.cpus ? ["taskset", "-c", options.cpus, ...shell] : shell;
  const output = await new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`wrk failed: ${new TextDecoder().decode(output.stderr)}\n${text}`);
  }
  return parseWrk(text);
}
