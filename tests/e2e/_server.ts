/** Helpers for end-to-end tests: a real `apifn` CLI process on a free port. */
import { type Spawned, spawnServer } from "../_process.ts";

const CLI = new URL("../../src/cli/main.ts", import.meta.url).pathname;

/** A CLI server running in a child process. */
export type ServerProcess = Spawned;

/**
 * Starts `apifn <mode> --port 0 --hostname 127.0.0.1 …args` and waits until it listens;
 * `fileLimit` runs it under `ulimit -n <fileLimit>`.
 */
export function startServer(
  mode: "dev" | "start",
  args: string[],
  options: { env?: Record<string, string>; keep?: number; fileLimit?: number } = {},
): Promise<ServerProcess> {
  const { fileLimit, ...spawnOptions } = options;
  const limit = fileLimit === undefined
    ? []
    : ["sh", "-c", `ulimit -n ${fileLimit} && exec "$0" "$@"`];
  return spawnServer([
    ...limit,
    Deno.execPath(),
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
  ], spawnOptions);
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
