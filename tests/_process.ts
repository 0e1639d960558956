/**
 * Test helper: a server process that prints "listening on http://…/" once it listens (any case:
 * `deno serve` prints "Listening on").
 */

/** A server process started by {@linkcode spawnServer}. */
export interface Spawned {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The process id. */
  pid: number;
  /** Milliseconds from spawn to the "listening on" line. */
  startupMs: number;
  /** Everything printed so far (stdout and stderr), or its last `keep` characters. */
  output(): string;
  /** Whether the process has exited. */
  exited(): boolean;
  /**
   * Sends `signal` (default SIGTERM), then waits for the exit status; after `deadlineMs`
   * (default: no deadline) it kills the process and rejects.
   */
  stop(signal?: Deno.Signal, deadlineMs?: number): Promise<Deno.CommandStatus>;
  /** Sends `signal` without waiting. */
  signal(signal: Deno.Signal): void;
}

/**
 * Spawns `command` (a whole command line: program first) and waits for "listening on".
 *
 * @param command The program and its arguments.
 * @param options `cwd`, `env`, and `keep` (characters of output kept; default all).
 * @returns The running process.
 */
export async function spawnServer(
  command: string[],
  options: { cwd?: string; env?: Record<string, string>; keep?: number } = {},
): Promise<Spawned> {
  const started = performance.now();
  const child = new Deno.Command(command[0]!, {
    args: command.slice(1),
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.env ? { env: options.env } : {}),
  }).spawn();
  const keep = options.keep ?? Infinity;
  let text = "";
  const listening = Promise.withResolvers<string>();
  const decoder = new TextDecoder();
  async function pump(stream: ReadableStream<Uint8Array>) {
    let found = false;
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      if (!found) {
        const match = text.match(/listening on (http:\/\/[^\s/]+)\//i);
        if (match) {
          found = true;
          listening.resolve(match[1]!.replace("localhost", "127.0.0.1"));
        }
      }
      if (text.length > keep) text = text.slice(-keep);
    }
  }
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]);
  let exited = false;
  const status = child.status.then((s) => {
    exited = true;
    listening.reject(new Error(`exited (${s.code}) before listening:\n${text}`));
    return s;
  });
  const send = (signal: Deno.Signal) => {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  };
  const timer = setTimeout(() => listening.reject(new Error(`did not listen:\n${text}`)), 30_000);
  try {
    const url = await listening.promise;
    return {
      url,
      pid: child.pid,
      startupMs: performance.now() - started,
      output: () => text,
      exited: () => exited,
      signal: send,
      async stop(signal: Deno.Signal = "SIGTERM", deadlineMs = Infinity) {
        send(signal);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<never>((_, reject) => {
          if (deadlineMs === Infinity) return;
          timer = setTimeout(() => {
            send("SIGKILL");
            reject(new Error(`did not exit within ${deadlineMs} ms of ${signal}:\n${text}`));
          }, deadlineMs);
        });
        try {
          return await Promise.race([status, late]);
        } finally {
          clearTimeout(timer);
          await status;
          await pumps;
        }
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
