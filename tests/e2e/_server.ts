/** Helpers for end-to-end tests: a real `apifn` CLI process on a free port. */

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** A CLI server running in a child process. */
export interface ServerProcess {
  url: string;
  process: Deno.ChildProcess;
  /** Everything the server printed so far (stdout and stderr). */
  output(): string;
  /** Sends a signal and waits for the exit status. */
  stop(signal?: Deno.Signal): Promise<Deno.CommandStatus>;
}

/** Starts `apifn <mode> --port 0` and waits until it listens. */
export async function startServer(
  mode: "dev" | "start",
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const command = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--unstable-kv",
      CLI,
      mode,
      "--port",
      "0",
      "--hostname",
      "127.0.0.1",
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
    env: options.env ?? {},
  });
  const process = command.spawn();
  let text = "";
  const decoder = new TextDecoder();
  let resolveUrl!: (url: string) => void;
  let rejectUrl!: (error: Error) => void;
  const listening = new Promise<string>((resolve, reject) => {
    resolveUrl = resolve;
    rejectUrl = reject;
  });
  async function pump(stream: ReadableStream<Uint8Array>) {
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      const match = text.match(/listening on (http:\/\/[^\s/]+)\//);
      if (match) resolveUrl(match[1]!.replace("localhost", "127.0.0.1"));
    }
  }
  const pumps = Promise.all([pump(process.stdout), pump(process.stderr)]);
  const status = process.status.then((s) => {
    rejectUrl(new Error(`server exited (${s.code}) before listening:\n${text}`));
    return s;
  });
  const timer = setTimeout(() => rejectUrl(new Error(`server did not listen:\n${text}`)), 30_000);
  const url = await listening.finally(() => clearTimeout(timer));
  return {
    url,
    process,
    output: () => text,
    async stop(signal: Deno.Signal = "SIGTERM") {
      try {
        process.kill(signal);
      } catch {
        // already exited
      }
      const result = await status;
      await pumps;
      return result;
    },
  };
}

/** Copies a directory tree (for running an example in a temp dir). */
export async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.name === ".apifn") continue;
    const source = `${from}/${entry.name}`;
    const target = `${to}/${entry.name}`;
    if (entry.isDirectory) await copyDir(source, target);
    else await Deno.copyFile(source, target);
  }
}
