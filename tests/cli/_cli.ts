/** Helpers for CLI tests: run a command to completion, or spawn a server and wait for it. */

/** This repository's CLI entry. */
export const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** Runs `deno run -A --unstable-kv <cli> ...args` to completion. */
export async function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; cli?: string[] } = {},
) {
  const output = await new Deno.Command(Deno.execPath(), {
    args: options.cli ?? ["run", "-A", "--unstable-kv", CLI, ...args],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    signal: AbortSignal.timeout(60_000), // a command that should exit but serves instead
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

export { type Spawned, spawnServer } from "../_process.ts";

/** Polls `check` until it returns something other than `undefined` (10 s deadline). */
export async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 10_000;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}

/** A free loopback port (bound, then released). */
export function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}
