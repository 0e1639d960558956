/**
 * Helpers of the reliability tests: a real `apifn start` process over the reliability fixture
 * (`fixtures/reliability`) on a SQLite file store, with bounded output capture (long runs log
 * many lines), plus small client utilities. Long variants run with `APIFN_LONG=1`.
 *
 * @module
 */

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;
/**
 * The fixture project: functions for crash, contention, soak, shutdown and TTL tests.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { FIXTURE } from "./reliability_server.ts";
 *
 * assert.ok((await Deno.stat(`${FIXTURE}/@api/counter.post.ts`)).isFile);
 * ```
 */
export const FIXTURE: string = new URL("./fixtures/reliability", import.meta.url).pathname;

/**
 * Whether the long variants run (`APIFN_LONG=1`).
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { LONG } from "./reliability_server.ts";
 *
 * assert.equal(LONG, Deno.env.get("APIFN_LONG") === "1");
 * ```
 */
export const LONG: boolean = Deno.env.get("APIFN_LONG") === "1";

/** A running `apifn start` process. */
export interface ApifnProcess {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** Its process id. */
  pid: number;
  /** Milliseconds from spawn to its "listening on" line. */
  startupMs: number;
  /** The last 64 KB it printed. */
  output(): string;
  /** Sends `signal` and waits for the exit status. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/**
 * Starts `apifn start --root <fixture> --kv <kv>` on a free port and waits until it listens.
 *
 * @param kv The SQLite file of the store.
 * @returns The running process.
 *
 * @example Usage
 * ```ts ignore
 * import { startApifn } from "./reliability_server.ts";
 *
 * const server = await startApifn("/tmp/kv.sqlite3");
 * await fetch(`${server.url}/api/stats`);
 * await server.stop();
 * ```
 */
export async function startApifn(kv: string): Promise<ApifnProcess> {
  const started = performance.now();
  const args = ["run", "-A", "--unstable-kv", CLI, "start", "--root", FIXTURE, "--kv", kv];
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args, "--port", "0", "--hostname", "127.0.0.1"],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let text = "";
  let listening: ((url: string) => void) | undefined;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const decoder = new TextDecoder();
  async function drain(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      text = (text + decoder.decode(chunk, { stream: true })).slice(-65_536);
      const match = listening && /listening on (http:\/\/[^\s/]+)/.exec(text);
      if (match) {
        listening!(match[1]!.replace("localhost", "127.0.0.1"));
        listening = undefined;
      }
    }
  }
  const drained = Promise.all([drain(child.stdout), drain(child.stderr)]);
  const status = child.status;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const failed = new Promise<never>((_, reject) => {
    status.then((s) => reject(new Error(`apifn exited (${s.code}) before listening:\n${text}`)));
    timer = setTimeout(() => reject(new Error(`apifn did not listen:\n${text}`)), 30_000);
  });
  let base: string;
  try {
    base = await Promise.race([url, failed]);
  } catch (error) {
    child.kill("SIGKILL");
    await drained;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  failed.catch(() => {});
  return {
    url: base,
    pid: child.pid,
    startupMs: performance.now() - started,
    output: () => text,
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        child.kill(signal);
      } catch {
        // already exited
      }
      const result = await status;
      await drained;
      return result;
    },
  };
}

/**
 * The nearest-rank percentile of some numbers.
 *
 * @param values The numbers.
 * @param p 0 to 100.
 * @returns The value, `NaN` for none.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { percentile } from "./reliability_server.ts";
 *
 * assert.equal(percentile([5, 1, 3, 2, 4], 50), 3);
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p / 100 * sorted.length))) - 1]!;
}

/**
 * Runs `worker(i)` for i = 0… with `concurrency` loops until `until()` is true or the items
 * run out.
 *
 * @param concurrency Parallel loops.
 * @param worker Called with a running index; return `false` to stop that loop.
 * @returns When every loop stopped.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { pool } from "./reliability_server.ts";
 *
 * const seen: number[] = [];
 * await pool(3, async (i) => {
 *   if (i >= 10) return false;
 *   seen.push(i);
 * });
 * assert.equal(seen.length, 10);
 * ```
 */
export async function pool(
  concurrency: number,
  worker: (index: number, loop: number) => Promise<boolean | void>,
): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async (_, loop) => {
    for (;;) if ((await worker(next++, loop)) === false) return;
  }));
}

/**
 * A deterministic, self-describing payload of `size` characters for entry `id`: whoever reads it
 * back can rebuild it from `id` and `size` and compare.
 *
 * @param id The entry id.
 * @param size Characters.
 * @returns The text.
 *
 * @example Usage
 * ```ts
 * import assert from "node:assert/strict";
 * import { payload } from "./reliability_server.ts";
 *
 * assert.equal(payload("a1", 7), "a1;a1;a");
 * ```
 */
export function payload(id: string, size: number): string {
  const unit = `${id};`;
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

/**
 * Removes a SQLite store and its `-wal`/`-shm` files.
 *
 * @param path The store file.
 * @returns When removed.
 *
 * @example Usage
 * ```ts
 * import { removeStore } from "./reliability_server.ts";
 *
 * await removeStore(`${await Deno.makeTempDir()}/missing.sqlite3`);
 * ```
 */
export async function removeStore(path: string): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) {
    await Deno.remove(path + suffix).catch(() => {});
  }
}
