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

/** A server process started by {@linkcode spawnServer}. */
export interface Spawned {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Everything printed so far. */
  output(): string;
  /** SIGTERM, then the exit status. */
  stop(): Promise<Deno.CommandStatus>;
}

/** Spawns `args` (a whole command line: program first) and waits for "listening on". */
export async function spawnServer(
  command: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Spawned> {
  const child = new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  }).spawn();
  let text = "";
  const listening = Promise.withResolvers<string>();
  const decoder = new TextDecoder();
  async function pump(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      const match = text.match(/listening on (http:\/\/[^\s/]+)\//);
      if (match) listening.resolve(match[1]!.replace("localhost", "127.0.0.1"));
    }
  }
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  const status = child.status.then((s) => {
    listening.reject(new Error(`exited (${s.code}) before listening:\n${text}`));
    return s;
  });
  const timer = setTimeout(() => listening.reject(new Error(`did not listen:\n${text}`)), 30_000);
  try {
    const url = await listening.promise;
    return {
      url,
      output: () => text,
      async stop() {
        try {
          child.kill("SIGTERM");
        } catch {
          // already gone
        }
        const result = await status;
        await pumps;
        return result;
      },
    };
  } catch (error) {
    try {
      child.kill("SIGKILL");
    } catch {
      // already gone
    }
    await status;
    await pumps;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

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
